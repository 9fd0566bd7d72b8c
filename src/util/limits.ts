// The safetensors header bound on its own, so io/browser_backends.ts (a lazily loaded chunk) can use it
// without importing the codec: the bundler inlines the number there, and the codec stays in the
// core's chunk instead of a chunk of its own that the core entry would load as a separate file.
/** Largest safetensors header accepted (the format's reference implementation uses the same bound). */
export const MAX_HEADER_BYTES = 100_000_000;

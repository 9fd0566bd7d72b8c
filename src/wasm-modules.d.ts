// What a static `import m from './x.wasm'` gives in workers (and wrangler's CompiledWasm rule).
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}

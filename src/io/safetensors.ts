// safetensors in io: the byte codec itself lives in src/util/safetensors.ts (nn's stream states use
// it too, and nn may not import io); io's readers and writers and the public API import it here.
export * from '../util/safetensors.js';

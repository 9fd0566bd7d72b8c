// Types for rand.mjs (the program itself stays plain JS, as a user's would).
export declare function rand(n: number, seed: number): Float32Array;

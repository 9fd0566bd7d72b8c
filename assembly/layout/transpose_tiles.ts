// Transposes in 4x4 register tiles (two rounds of lane shuffles), shared by f32_transpose, the
// GEMM's transposed A and its B/A packing. SIMD only: referenced from ASC_FEATURE_SIMD branches;
// not a wasm export (index.ts does not list this file).

// 4x4 transpose of rows r0..r3, stored as 4 rows `rs` bytes apart at dst.
@inline export function transpose4_store(dst: usize, rs: usize, r0: v128, r1: v128, r2: v128, r3: v128): void {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(dst + rs, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  v128.store(dst + 2 * rs, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * rs, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}

// dst[c, r] = src[r, c] for the 4-aligned part (rows4 x cols4) of a source with row stride
// lds bytes; dst is dense with rows (= dst row length) floats per row. Caller does the edges.
export function transpose_tiles_simd(dst: usize, src: usize, lds: usize, rows: i32, rows4: i32, cols4: i32): void {
  const rs = <usize>rows << 2;
  for (let r = 0; r < rows4; r += 4) {
    const s = src + <usize>r * lds;
    for (let c = 0; c < cols4; c += 4) {
      const p = s + (<usize>c << 2);
      transpose4_store(dst + <usize>c * rs + (<usize>r << 2), rs, v128.load(p), v128.load(p + lds), v128.load(p + 2 * lds), v128.load(p + 3 * lds));
    }
  }
}

// dst[c, r] = src[r, c] for a rows x cols source with row stride lds (elements); dst is cols x
// rows, dense. 4x4 tiles, then the edge rows/columns one by one (exact copies: the _ref's values).
export function transpose_strided_simd(dst: usize, src: usize, lds: i32, rows: i32, cols: i32): void {
  const rows4 = rows & ~3;
  const cols4 = cols & ~3;
  transpose_tiles_simd(dst, src, <usize>lds << 2, rows, rows4, cols4);
  for (let r = 0; r < rows; r++) {
    for (let c = r < rows4 ? cols4 : 0; c < cols; c++) {
      store<f32>(dst + (<usize>(c * rows + r) << 2), load<f32>(src + (<usize>(r * lds + c) << 2)));
    }
  }
}

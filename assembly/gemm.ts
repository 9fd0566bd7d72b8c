// f32 GEMM: C[M,N] (+)= op(A)[M,K] · op(B)[K,N] (+ bias[N]), the product behind every layer.
//
// Pointers are byte offsets into the shared memory; lda/ldb/ldc are row strides in elements.
// op(A)[m,k] = transA ? A[k*lda + m] : A[m*lda + k]
// op(B)[k,n] = transB ? B[n*ldb + k] : B[k*ldb + n]
// accumulate != 0 adds into C; otherwise C is overwritten. bias == 0 means no bias.
// ws: scratch of gemm_ws_bytes(M, N, K) bytes, 16-byte aligned, owned by the host.

export function gemm_ws_bytes(M: i32, N: i32, K: i32): usize {
  return 0;
}

export function f32_gemm_ref(
  M: i32, N: i32, K: i32,
  A: usize, lda: i32, transA: i32,
  B: usize, ldb: i32, transB: i32,
  C: usize, ldc: i32, bias: usize, accumulate: i32,
): void {
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let acc: f32 = 0;
      for (let k = 0; k < K; k++) {
        const a = load<f32>(A + (<usize>(transA ? k * lda + m : m * lda + k) << 2));
        const b = load<f32>(B + (<usize>(transB ? n * ldb + k : k * ldb + n) << 2));
        acc += a * b;
      }
      const pc = C + (<usize>(m * ldc + n) << 2);
      if (bias) acc += load<f32>(bias + (<usize>n << 2));
      if (accumulate) acc += load<f32>(pc);
      store<f32>(pc, acc);
    }
  }
}

export function f32_gemm(
  M: i32, N: i32, K: i32,
  A: usize, lda: i32, transA: i32,
  B: usize, ldb: i32, transB: i32,
  C: usize, ldc: i32, bias: usize, accumulate: i32, ws: usize,
): void {
  f32_gemm_ref(M, N, K, A, lda, transA, B, ldb, transB, C, ldc, bias, accumulate);
}

// Packed right-hand operand for weights reused many times (recurrent W_hh every step).
// The layout is private to the kernel: only pack_b writes it and f32_gemm_packed reads it.
export function packed_b_bytes(K: i32, N: i32): usize {
  return <usize>K * <usize>N * 4;
}

export function pack_b(dst: usize, B: usize, ldb: i32, transB: i32, K: i32, N: i32): void {
  for (let k = 0; k < K; k++) {
    for (let n = 0; n < N; n++) {
      store<f32>(dst + (<usize>(k * N + n) << 2), load<f32>(B + (<usize>(transB ? n * ldb + k : k * ldb + n) << 2)));
    }
  }
}

// C[M,N] (+)= A[M,K] (row stride lda) · packedB[K,N] (+ bias). M = 1 takes the GEMV path.
export function f32_gemm_packed(
  M: i32, N: i32, K: i32, A: usize, lda: i32, packedB: usize,
  C: usize, ldc: i32, bias: usize, accumulate: i32,
): void {
  f32_gemm_ref(M, N, K, A, lda, 0, packedB, N, 0, C, ldc, bias, accumulate);
}

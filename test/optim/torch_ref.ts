// Float64 re-implementations of torch.optim (1.13, single-tensor path) for the optimizer tests.
export interface RefOpt { step(p: Float64Array, g: Float64Array): void }

export function sgdRef(o: { lr: number; momentum?: number; dampening?: number; nesterov?: boolean; weightDecay?: number }): RefOpt {
  let buf: Float64Array | null = null;
  const mu = o.momentum ?? 0, damp = o.dampening ?? 0, wd = o.weightDecay ?? 0;
  return {
    step(p, g) {
      const d = g.map((v, i) => v + wd * p[i]);
      let upd: Float64Array = d;
      if (mu !== 0) {
        if (!buf) buf = Float64Array.from(d);
        else for (let i = 0; i < d.length; i++) buf[i] = mu * buf[i] + (1 - damp) * d[i];
        upd = o.nesterov ? d.map((v, i) => v + mu * buf![i]) : buf;
      }
      for (let i = 0; i < p.length; i++) p[i] -= o.lr * upd[i];
    },
  };
}

export function adamRef(o: { lr: number; betas?: [number, number]; eps?: number; weightDecay?: number; decoupled?: boolean }): RefOpt & { m: () => Float64Array; v: () => Float64Array } {
  const [b1, b2] = o.betas ?? [0.9, 0.999];
  const eps = o.eps ?? 1e-8, wd = o.weightDecay ?? 0;
  let m: Float64Array, v: Float64Array, t = 0;
  return {
    m: () => m,
    v: () => v,
    step(p, g0) {
      m ??= new Float64Array(p.length);
      v ??= new Float64Array(p.length);
      t++;
      if (o.decoupled) for (let i = 0; i < p.length; i++) p[i] *= 1 - o.lr * wd;
      const g = o.decoupled ? g0 : g0.map((x, i) => x + wd * p[i]);
      const bc1 = 1 - b1 ** t, bc2 = 1 - b2 ** t;
      for (let i = 0; i < p.length; i++) {
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        p[i] -= (o.lr / bc1) * (m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + eps));
      }
    },
  };
}

export function rmspropRef(o: { lr: number; alpha?: number; eps?: number; weightDecay?: number; momentum?: number; centered?: boolean }): RefOpt {
  const a = o.alpha ?? 0.99, eps = o.eps ?? 1e-8, wd = o.weightDecay ?? 0, mu = o.momentum ?? 0;
  let sq: Float64Array, buf: Float64Array, ga: Float64Array;
  return {
    step(p, g0) {
      sq ??= new Float64Array(p.length);
      buf ??= new Float64Array(p.length);
      ga ??= new Float64Array(p.length);
      const g = g0.map((x, i) => x + wd * p[i]);
      for (let i = 0; i < p.length; i++) {
        sq[i] = a * sq[i] + (1 - a) * g[i] * g[i];
        let avg: number;
        if (o.centered) {
          ga[i] = a * ga[i] + (1 - a) * g[i];
          avg = Math.sqrt(sq[i] - ga[i] * ga[i]) + eps;
        } else avg = Math.sqrt(sq[i]) + eps;
        if (mu > 0) {
          buf[i] = mu * buf[i] + g[i] / avg;
          p[i] -= o.lr * buf[i];
        } else p[i] -= (o.lr * g[i]) / avg;
      }
    },
  };
}

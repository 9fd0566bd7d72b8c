// src/models/deps.ts: the bundle of rnn-wasm/models imports these names from 'rnn-wasm', so each
// must be the very value the public API exports under that name.
import { describe, expect, it } from 'vitest';
import * as api from '../../src/api.js';
import * as deps from '../../src/models/deps.js';

describe('models/deps.ts', () => {
  it('re-exports only public names, bound to the same values', () => {
    const pub = api as unknown as Record<string, unknown>;
    for (const [name, value] of Object.entries(deps)) {
      expect(name in pub, name).toBe(true);
      if (typeof value === 'object') expect(Object.keys(value as object).sort(), name).toEqual(Object.keys(pub[name] as object).sort());
      else expect(pub[name], name).toBe(value);
    }
    expect(Object.keys(deps).length).toBeGreaterThan(10);
  });
});

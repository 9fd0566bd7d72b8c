// loadKeras: fetches a TensorFlow.js layers model (model.json, then every weight shard listed in
// its weightsManifest, resolved against the model.json URL) and imports it. Works wherever fetch
// does (browsers, Deno, workerd); in Node 20, which cannot fetch file: URLs, pass `fetch` or read
// the files yourself and call importKeras.
import { FormatError, renamed, ValueError } from '../errors.js';
import { describe, fn, options } from '../util/args.js';
import { importKeras, type KerasModel } from './keras_model.js';

/**
 * Options of {@link loadKeras}: the fetch to use.
 * @example
 * ```ts
 * const model = await loadKeras('https://example.com/model.json', { fetch: (u) => fetch(u, { cache: 'force-cache' }) });
 * ```
 */
export interface LoadKerasOptions {
  /** The fetch to use (default: globalThis.fetch). */
  fetch?: (url: string) => Promise<Response>;
}

async function get(f: (url: string) => Promise<Response>, url: string): Promise<Response> {
  let r: Response;
  try {
    r = await f(url);
  } catch (e) {
    throw new FormatError(`loadKeras: fetching ${url} failed: ${(e as Error)?.message ?? String(e)}`);
  }
  if (!r.ok) throw new FormatError(`loadKeras: fetching ${url} failed with HTTP ${r.status}`);
  return r;
}

/**
 * model.json URL (string or URL) → the imported model.
 * @example
 * ```ts
 * const model = await loadKeras('https://example.com/model/model.json'); // the shards are fetched next to it
 * const probs = model.forward(Tensor.from(ids, [1, ids.length], { dtype: 'int32' }));
 * ```
 */
export async function loadKeras(modelUrl: string | URL, opts: LoadKerasOptions = {}): Promise<KerasModel> {
  const o = options<LoadKerasOptions>('loadKeras', opts, { fetch: fn() });
  if (typeof modelUrl !== 'string' && !(modelUrl instanceof URL)) throw new ValueError(`loadKeras: modelUrl must be a string or a URL, got ${describe(modelUrl)}`);
  const f = o.fetch ?? (globalThis.fetch ? (u: string) => globalThis.fetch(u) : undefined);
  if (!f) throw new ValueError('loadKeras: no fetch in this runtime; pass opts.fetch');
  let base: URL;
  try {
    base = new URL(String(modelUrl), (globalThis as { location?: { href: string } }).location?.href);
  } catch {
    throw new ValueError(`loadKeras: modelUrl must be an absolute URL (or relative to the page), got ${JSON.stringify(String(modelUrl)).slice(0, 200)}`);
  }
  let json: { weightsManifest?: { paths?: unknown }[] };
  try {
    json = await (await get(f, base.href)).json();
  } catch (e) {
    if (e instanceof FormatError) throw e;
    throw new FormatError(`loadKeras: model.json at ${base.href} is not valid JSON: ${(e as Error).message}`);
  }
  const manifest = json?.weightsManifest;
  if (!Array.isArray(manifest)) throw new FormatError('loadKeras: model.json has no weightsManifest array');
  const shards: Uint8Array[] = [];
  for (const group of manifest) {
    const paths = group?.paths;
    if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string')) throw new FormatError('loadKeras: every weightsManifest entry needs a paths array of strings');
    for (const p of paths as string[]) shards.push(new Uint8Array(await (await get(f, new URL(p, base).href)).arrayBuffer()));
  }
  return renamed('loadKeras', () => importKeras(json, shards));
}

// The browser half of browser_store.test.ts: bundled with esbuild and run in headless Chromium.
// Each step records what it saw in a report the Node test asserts on; `?phase=reload` only lists
// and restores what an earlier page of the same origin stored.
import {
  init, nn, optim, Tensor, mse, manualSeed, Rng, UnsupportedError, ValueError,
  storeModel, restoreModel, storeCheckpoint, restoreCheckpoint, listStored, deleteStored, type BrowserStore,
} from '../../src/index.js';

type Report = Record<string, unknown>;
const report: Report = {};
const params = new URLSearchParams(location.search);

const lstm = (seed: number, hidden = 6) => new nn.LSTM({ inputSize: 3, hiddenSize: hidden, rng: new Rng(seed) });
const weights = (m: nn.Module) => Object.fromEntries(Object.entries(m.stateDict()).map(([k, t]) => [k, Array.from(t.toArray())]));
const same = (a: nn.Module, b: nn.Module) => JSON.stringify(weights(a)) === JSON.stringify(weights(b));
async function error(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

/** One Adam step on a fixed batch: the checkpoint then holds non-zero moments and a step count. */
function trainStep(model: nn.LSTM, opt: optim.Adam): void {
  const x = Tensor.from(new Float32Array(2 * 4 * 3).map((_, i) => Math.sin(i)), [2, 4, 3]);
  const { output } = model.forward(x);
  const loss = mse(output, Tensor.zeros(output.shape));
  opt.zeroGrad();
  loss.backward();
  opt.step();
}

async function roundTrip(store: BrowserStore): Promise<Report> {
  const r: Report = {};
  const a = lstm(1);
  const entry = await storeModel(store, 'char model/ü', a, { metadata: { hidden: '6', note: 'x' } });
  r.stored = { name: entry.name, kind: entry.kind, store: entry.store, bytes: entry.bytes > 0, metadata: entry.metadata };
  const b = lstm(2);
  r.differentBefore = !same(a, b);
  const back = await restoreModel(store, 'char model/ü', b);
  r.sameAfter = same(a, b);
  r.restoredMetadata = back.metadata;

  // A model of another shape is refused and left as it was.
  const c = lstm(3, 7);
  const cBefore = JSON.stringify(weights(c));
  r.wrongShape = await error(restoreModel(store, 'char model/ü', c));
  r.wrongShapeUnchanged = JSON.stringify(weights(c)) === cBefore;

  // A checkpoint: model + Adam state + RNG, resumed into fresh objects, continues identically.
  manualSeed(5);
  const m1 = lstm(4);
  const o1 = new optim.Adam(m1.parameters(), { lr: 0.01 });
  trainStep(m1, o1);
  await storeCheckpoint(store, 'run', { model: m1, optimizer: o1, extra: { lr: '0.01' } });
  trainStep(m1, o1);
  const m2 = lstm(9);
  const o2 = new optim.Adam(m2.parameters(), { lr: 0.01 });
  const ck = await restoreCheckpoint(store, 'run', { model: m2, optimizer: o2 });
  r.checkpoint = ck;
  trainStep(m2, o2);
  r.resumedSame = same(m1, m2);

  r.modelAsCheckpoint = await error(restoreCheckpoint(store, 'char model/ü', { model: m2 }));
  r.checkpointAsModel = await error(restoreModel(store, 'run', m2));
  r.missing = await error(restoreModel(store, 'nope', b));
  r.list = (await listStored(store)).map((e) => `${e.name}|${e.kind}|${e.step ?? ''}|${JSON.stringify(e.metadata)}`);
  // Storing again under a name replaces the entry.
  await storeModel(store, 'run', a);
  r.replaced = (await listStored(store)).map((e) => `${e.name}|${e.kind}`);
  r.deleted = [await deleteStored(store, 'run'), await deleteStored(store, 'run')];
  r.afterDelete = (await listStored(store)).map((e) => e.name);
  return r;
}

async function main(): Promise<void> {
  await init();
  if (params.get('phase') === 'reload') {
    for (const store of ['indexeddb', 'opfs'] as const) {
      const b = lstm(2);
      await restoreModel(store, 'char model/ü', b);
      report[store] = { list: (await listStored(store)).map((e) => e.name), sameAsSeed1: same(b, lstm(1)) };
      await deleteStored(store, 'char model/ü');
      report[`${store}Empty`] = (await listStored(store)).length;
    }
    return;
  }
  report.badStore = await error(storeModel('localstorage' as BrowserStore, 'x', lstm(1)));
  report.badName = await error(storeModel('indexeddb', '', lstm(1)));
  report.indexeddb = await roundTrip('indexeddb');
  report.opfs = await roundTrip('opfs');
  // A stray file in the OPFS directory is listed as unreadable (so it can be deleted), not fatal.
  const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('rnn-wasm');
  const w = await (await dir.getFileHandle('junk.safetensors', { create: true })).createWritable();
  await w.write(new Uint8Array([255, 255, 255, 255, 0, 0, 0, 0, 1, 2]));
  await w.close();
  report.junk = (await listStored('opfs')).filter((e) => e.kind === 'unreadable').map((e) => `${e.name}: ${e.error}`);
  report.junkRestore = await error(restoreModel('opfs', 'junk', lstm(1)));
  report.junkDeleted = await deleteStored('opfs', 'junk');
  report.typed = [UnsupportedError.name, ValueError.name];
}

main().then(
  () => ((window as unknown as { __store: Report }).__store = report),
  (e) => ((window as unknown as { __store: Report }).__store = { error: `${(e as Error).name}: ${(e as Error).message}\n${(e as Error).stack}` }),
);

// Models and checkpoints stored in the browser (src/io/browser_store.ts): in Node every call is a
// typed UnsupportedError (or a ValueError for a bad argument, checked first); in headless Chromium
// the page (browser_store.page.ts) stores, lists, restores and deletes in IndexedDB and OPFS, and a
// second page of the same origin finds what the first stored.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteStored, init, listStored, nn, restoreCheckpoint, restoreModel, storeCheckpoint, storeModel, UnsupportedError, ValueError } from '../../src/index.js';
import { launchChromium, serveDir } from '../runtimes/launch.mjs';

describe('browser_store in Node (no IndexedDB, no OPFS)', () => {
  beforeAll(async () => {
    await init();
  });

  for (const store of ['indexeddb', 'opfs'] as const) {
    it(`${store}: every call throws UnsupportedError naming the call and the missing API`, async () => {
      const model = new nn.Linear(2, 2);
      const calls: [string, () => Promise<unknown>][] = [
        ['storeModel', () => storeModel(store, 'm', model)],
        ['restoreModel', () => restoreModel(store, 'm', model)],
        ['storeCheckpoint', () => storeCheckpoint(store, 'm', { model })],
        ['restoreCheckpoint', () => restoreCheckpoint(store, 'm', { model })],
        ['listStored', () => listStored(store)],
        ['deleteStored', () => deleteStored(store, 'm')],
      ];
      for (const [name, call] of calls) {
        const err = await call().then(() => null, (e: unknown) => e);
        expect(err, name).toBeInstanceOf(UnsupportedError);
        expect((err as UnsupportedError).code).toBe('E_UNSUPPORTED');
        expect((err as Error).message).toMatch(new RegExp(`^${name}: this host has no ${store === 'opfs' ? 'origin-private file system' : 'IndexedDB'}`));
      }
    });
  }

  it('bad arguments are ValueErrors, reported before the host is asked', async () => {
    const model = new nn.Linear(2, 2);
    await expect(storeModel('disk' as 'opfs', 'm', model)).rejects.toThrow(new ValueError(`storeModel: store must be 'indexeddb' or 'opfs', got "disk"`));
    await expect(storeModel('opfs', '', model)).rejects.toThrow(new ValueError('storeModel: name must be a string of 1 to 200 characters, got 0 characters'));
    await expect(storeModel('opfs', 'm', {} as nn.Module)).rejects.toThrow(new ValueError('storeModel: model must be a Module, got object'));
    await expect(storeModel('opfs', 'm', model, { metadata: { n: 1 as unknown as string } })).rejects.toThrow(new ValueError(`storeModel: metadata['n'] must be a string, got number`));
    await expect(storeModel('opfs', 'm', model, { meta: {} } as never)).rejects.toThrow(ValueError);
  });
});

describe('browser_store in headless Chromium', () => {
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rnn-store-'));
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: [join(import.meta.dirname, 'browser_store.page.ts')], bundle: true, format: 'esm', target: 'es2022',
      platform: 'browser', ignoreAnnotations: true, outfile: join(dir, 'page.js'), logLevel: 'error',
    });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="./page.js"></script>\n');
  }, 60_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stores, lists, restores and deletes models and checkpoints in IndexedDB and OPFS', async () => {
    const { server, url } = await serveDir(dir);
    const browser = await launchChromium();
    try {
      const context = await browser.newContext();
      const run = async (query: string) => {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.goto(`${url}${query}`);
        const r = await (await page.waitForFunction(() => (window as unknown as { __store?: unknown }).__store, null, { timeout: 60_000 })).jsonValue();
        await page.close();
        expect(errors).toEqual([]);
        return r as Record<string, any>;
      };
      const r = await run('');
      expect(r.error).toBeUndefined();
      expect(r.badStore).toBe(`ValueError: storeModel: store must be 'indexeddb' or 'opfs', got "localstorage"`);
      expect(r.badName).toBe('ValueError: storeModel: name must be a string of 1 to 200 characters, got 0 characters');
      for (const store of ['indexeddb', 'opfs']) {
        const s = r[store];
        expect(s.stored, store).toEqual({ name: 'char model/ü', kind: 'model', store, bytes: true, metadata: { hidden: '6', note: 'x' } });
        expect(s.differentBefore && s.sameAfter, store).toBe(true);
        expect(s.restoredMetadata, store).toEqual({ hidden: '6', note: 'x' });
        expect(s.wrongShape, store).toMatch(/^ShapeError: Module\.loadStateDict: .*weight_hh_l0/);
        expect(s.wrongShapeUnchanged, store).toBe(true);
        expect(s.checkpoint, store).toEqual({ step: 1, extra: { lr: '0.01' } });
        expect(s.resumedSame, store).toBe(true);
        expect(s.modelAsCheckpoint, store).toBe(`ValueError: restoreCheckpoint: 'char model/ü' in ${store} is a model (use restoreModel)`);
        expect(s.checkpointAsModel, store).toBe(`ValueError: restoreModel: 'run' in ${store} is a checkpoint (use restoreCheckpoint)`);
        expect(s.missing, store).toBe(`ValueError: restoreModel: no stored model 'nope' in ${store} (stored: char model/ü, run)`);
        expect(s.list, store).toEqual(['char model/ü|model||{"hidden":"6","note":"x"}', 'run|checkpoint|1|{"lr":"0.01"}']);
        expect(s.replaced, store).toEqual(['char model/ü|model', 'run|model']);
        expect(s.deleted, store).toEqual([true, false]);
        expect(s.afterDelete, store).toEqual(['char model/ü']);
      }
      expect(r.junk).toEqual(['junk: readSafetensors: header length 4294967295 does not fit the file (10 bytes)']);
      expect(r.junkRestore).toMatch(/^FormatError: /);
      expect(r.junkDeleted).toBe(true);

      // A later page of the same origin finds the model, restores it, and deletes it.
      const again = await run('?phase=reload');
      for (const store of ['indexeddb', 'opfs']) {
        expect(again[store], store).toEqual({ list: ['char model/ü'], sameAsSeed1: true });
        expect(again[`${store}Empty`], store).toBe(0);
      }
    } finally {
      await browser.close();
      server.close();
    }
  });
});

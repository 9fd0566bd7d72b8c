// Builds dist/, packs the tarball once (shared by test files running in parallel, under a lock),
// and installs it into a fresh temporary project the way a user would (`npm install ./x.tgz`).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, root } from '../runtimes/launch.mjs';

export { bin, root };
const packDir = join(root, '.tmp', 'pack');
const lockDir = join(root, '.tmp', 'pack.lock');

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = st.mtimeMs;
  for (const f of readdirSync(path)) t = Math.max(t, newest(join(path, f)));
  return t;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The pid written into the lock, or null when the lock is gone or unreadable. */
function lockOwner(): number | null {
  try {
    const pid = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function withLock<T>(fn: () => T): Promise<T> {
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const deadline = Date.now() + 600_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch {
      // Only a lock whose owner process has died is broken; a slow build keeps its lock. A lock
      // with no pid yet is being created: give its owner a moment.
      const owner = lockOwner();
      if (owner !== null && !alive(owner)) rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`pack: lock ${lockDir} held by pid ${owner} for too long`);
      await sleep(200);
    }
  }
  try {
    return fn();
  } finally {
    if (lockOwner() === process.pid) rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Path of the packed tarball, rebuilt when sources, wasm or packaging files changed. */
export function packTarball(): Promise<string> {
  return withLock(() => {
    const inputs = ['src', 'build', 'bin', 'scripts/build.mjs', 'scripts/build_cli.mjs', 'package.json', 'tsconfig.build.json', 'README.md'];
    const srcTime = Math.max(...inputs.map((p) => newest(join(root, p))));
    const tgz = existsSync(packDir) ? readdirSync(packDir).find((f) => f.endsWith('.tgz')) : undefined;
    if (tgz && statSync(join(packDir, tgz)).mtimeMs > srcTime) return join(packDir, tgz);
    execFileSync(process.execPath, ['scripts/build.mjs', '--dist'], { cwd: root, stdio: 'pipe' });
    rmSync(packDir, { recursive: true, force: true });
    mkdirSync(packDir, { recursive: true });
    const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', packDir], { cwd: root, encoding: 'utf8' });
    return join(packDir, out.trim().split('\n').pop()!);
  });
}

/** A temporary project with the tarball installed; the caller removes it. */
export async function installedProject(prefix: string): Promise<string> {
  const tgz = await packTarball();
  const dir = mkdtempSync(join(tmpdir(), `rnn-wasm-${prefix}-`));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', tgz], { cwd: dir, stdio: 'pipe' });
  return dir;
}

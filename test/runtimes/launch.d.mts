// Types for launch.mjs (plain JS so that bench/coldstart.mjs can use it too).
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';

export declare const root: string;
export declare function bin(name: string): string;
export declare const NO_NETWORK_ARGS: string[];
export declare function chromiumExecutable(): Promise<string>;
export declare function chromiumArgs(): Promise<string[]>;
export declare function serveDir(dir: string, opts?: { isolated?: boolean }): Promise<{ server: Server; url: string }>;
export declare function launchChromium(opts?: { secure?: boolean }): Promise<Browser>;
export declare function pageResult(browser: Browser, url: string, key: string, timeoutMs?: number): Promise<unknown>;
export declare function freePort(): Promise<number>;
export declare function bundleWorker(dir: string, entry: string, port: number): Promise<string>;
export declare function firstWorkerdResponse(config: string, port: number, timeoutMs?: number): Promise<{ body: string; startToResponseMs: number }>;
export declare function runProcess(
  cmd: string, args: string[], opts?: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<{ code: number | null; out: string; err: string; ms: number }>;

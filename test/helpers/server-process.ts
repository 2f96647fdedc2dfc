import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { fileURLToPath } from 'node:url';
import { waitFor } from './webhooks.js';

/**
 * wadesk as operators run it: `src/server.ts` (or another entry point, e.g. the compiled `dist/server.js`) in a process of its own, with
 * only the environment given (none of the test runner's WHATSAPP_/DATABASE_URL… settings leak in).
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SETTINGS = /^(WHATSAPP_|WADESK_|DATABASE_URL$|PORT$|HOST$|DATA_DIR$|LOG_LEVEL$|ADMIN_API_TOKEN$|NODE_ENV$|METRICS_TOKEN$|TRUST_PROXY$|CONTENT_FILE$)/;

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The address the banner printed, once the server listens. */
  url(timeoutMs?: number): Promise<string>;
  /** Sends `signal` and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnWadesk(env: NodeJS.ProcessEnv, entry = 'src/server.ts'): ServerProcess {
  const base: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!SETTINGS.test(name)) base[name] = value;
  // node --import tsx rather than npx: the pid is the server's own, so kill -9 hits wadesk itself. A
  // compiled entry (dist/…js, what npm start runs) is plain JavaScript.
  const child = spawn(process.execPath, entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry], {
    cwd: ROOT,
    env: { ...base, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => void (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let gone = false;
  void exited.then(() => void (gone = true));
  return {
    child,
    pid: child.pid!,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    url: (timeoutMs = 45_000) =>
      waitFor('the server to print its address', () => {
        if (gone) throw new Error(`wadesk exited before listening:\n${stderr}${stdout}`);
        return /wadesk is running at (http:\/\/\S+)/.exec(stdout)?.[1];
      }, timeoutMs),
    stop: async (signal = 'SIGTERM') => {
      if (!gone) child.kill(signal);
      return exited;
    },
  };
}

/** Environment for a server in cloud mode against a fake Graph API, on its own data folder. */
export function cloudEnv(dataDir: string, graphApiUrl: string, secrets: { accessToken: string; appSecret: string; verifyToken: string; phoneNumberId: string; adminToken: string }): NodeJS.ProcessEnv {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ADMIN_API_TOKEN: secrets.adminToken,
    WHATSAPP_ACCESS_TOKEN: secrets.accessToken,
    WHATSAPP_PHONE_NUMBER_ID: secrets.phoneNumberId,
    WHATSAPP_APP_SECRET: secrets.appSecret,
    WHATSAPP_VERIFY_TOKEN: secrets.verifyToken,
    WHATSAPP_API_URL: graphApiUrl,
  };
}

/**
 * Puts a migrated PGlite database into `dataDir` from the test run's template, so a spawned server opens
 * it instead of running initdb (seconds less per start).
 */
export async function seedDataDir(dataDir: string): Promise<void> {
  const file = inject('pgliteTemplate');
  const pglite = new PGlite(path.join(dataDir, 'pglite'), { loadDataDir: new Blob([await readFile(file)]) });
  await pglite.waitReady;
  await pglite.close();
}

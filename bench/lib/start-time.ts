/**
 * How long wadesk takes to start: from spawning the process that `npm start` runs (the compiled server,
 * dist/server.js; `npm run build` first) until `GET /health` answers 200, on PGlite in `dataDir`.
 *
 *   npx tsx bench/lib/start-time.ts [--restart] [--runs N] [--data-dir DIR] [--entry FILE]
 *
 * A first start needs an empty (or missing) `dataDir`; a restart opens one a previous start used (one
 * unmeasured start makes it when it is empty). Also reported: the process's CPU time (user + system,
 * every thread) until it answered, which says more than the wall time on a busy machine, and its
 * resident size at that moment.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const COMPILED_SERVER = path.join(ROOT, 'dist', 'server.js');
/** Settings of the caller's environment that must not reach the measured server. */
const SETTINGS = /^(WHATSAPP_|WADESK_|MEDIA_|DATABASE_URL$|PORT$|HOST$|DATA_DIR$|LOG_LEVEL$|ADMIN_API_TOKEN$|NODE_ENV$|METRICS_TOKEN$|TRUST_PROXY$)/;
const TICKS_PER_SECOND = 100;

export interface StartOptions {
  dataDir: string;
  /** Open a folder a previous start used (made by an unmeasured start when empty) instead of an empty one. */
  restart: boolean;
  /** The server's entry point; default the compiled one (a .ts entry runs through tsx). */
  entry?: string;
  /** Extra environment (e.g. DATABASE_URL); the defaults are PGlite in `dataDir`, simulator mode. */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export interface StartTime {
  /** From spawn to the first 200 from /health. */
  ms: number;
  /** Resident size when /health first answered. */
  rssMb: number;
  /** CPU (user + system, all threads) the process used until then. */
  cpuMs: number;
}

export async function measureStart(options: StartOptions): Promise<StartTime> {
  const used = hasDatabase(options.dataDir);
  if (options.restart && !used) await startOnce(options);
  if (!options.restart && used) throw new Error(`${options.dataDir} already holds a database: a first start needs an empty folder`);
  return startOnce(options);
}

const hasDatabase = (dataDir: string) => existsSync(path.join(dataDir, 'pglite')) && readdirSync(path.join(dataDir, 'pglite')).length > 0;

/** Starts the server, waits for /health, stops it with SIGTERM and waits for it to exit. */
async function startOnce(options: StartOptions): Promise<StartTime> {
  const entry = options.entry ?? COMPILED_SERVER;
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first`);
  const port = await freePort();
  const base: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!SETTINGS.test(name)) base[name] = value;
  const started = performance.now();
  // A TypeScript entry (the sources, as `npm start` ran them before it was compiled) goes through tsx.
  const child = spawn(process.execPath, entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry], {
    cwd: ROOT,
    env: { ...base, DATA_DIR: options.dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => void (gone = true));
  try {
    const deadline = started + (options.timeoutMs ?? 120_000);
    for (;;) {
      if (gone) throw new Error(`the server exited before answering /health:\n${stderr}`);
      if (performance.now() > deadline) throw new Error('the server did not answer /health in time');
      if (await healthy(port)) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const ms = performance.now() - started;
    return { ms, ...usage(child.pid!) };
  } finally {
    if (!gone) child.kill('SIGTERM');
    await exited;
  }
}

async function healthy(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/** CPU time and resident size of a running process, from /proc (zeros where there is none). */
function usage(pid: number): { rssMb: number; cpuMs: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    return { rssMb: Math.round(rssKb / 1024), cpuMs: Math.round((ticks * 1000) / TICKS_PER_SECOND) };
  } catch {
    return { rssMb: 0, cpuMs: 0 };
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { restart: { type: 'boolean', default: false }, runs: { type: 'string', default: '3' }, 'data-dir': { type: 'string' }, entry: { type: 'string' } } });
  const runs = Number(values.runs);
  for (let run = 1; run <= runs; run += 1) {
    const dataDir = values['data-dir'] ?? (await mkdtemp(path.join(tmpdir(), 'wadesk-start-')));
    try {
      const result = await measureStart({ dataDir, restart: values.restart, entry: values.entry && path.resolve(values.entry) });
      console.log(JSON.stringify({ scenario: values.restart ? 'restart' : 'start', run, ms: Math.round(result.ms), cpuMs: result.cpuMs, rssMb: result.rssMb }));
    } finally {
      if (!values['data-dir']) await rm(dataDir, { recursive: true, force: true });
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();

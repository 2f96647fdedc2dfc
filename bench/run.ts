/**
 * `npm run bench`: webhook and admin throughput of wadesk, as ratios to a bare Fastify route measured in
 * the same run on the same machine, plus the latency a WhatsApp user feels (inbound message → first reply
 * at the Graph API, and the reply lag under load). See docs/benchmarks.md for what each line means. The
 * figures the throughput targets are stated in also go to bench/results.json (bench/lib/results.ts).
 *
 * Every server runs in a child process of its own (the load generator, autocannon, stays here), and every
 * child is killed when this process ends, however it ends.
 *
 * Flags: --history (also run status, inbound, admin-list and admin-history on a large history seeded in
 * bulk by SQL: 100,000 conversations; takes several minutes more).
 *
 * Settings (environment): BENCH_SECONDS (measured run, default 10), BENCH_WARMUP_SECONDS (default 3),
 * BENCH_CONNECTIONS (default 50), BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test),
 * BENCH_LOG_LEVEL (the app's LOG_LEVEL, default info as in production), BENCH_ONLY (comma-separated:
 * baseline,pglite,postgres), BENCH_PROBES (end-to-end probes, default 300), BENCH_PACED_RATE (inbound
 * texts/s of the paced run, default 26 = Meta's 80 msg/s with two replies per text), BENCH_DRAIN_SECONDS
 * (wait for the outbox after an inbound run, default 8), BENCH_CPU_PROF=1 (write V8 CPU profiles of the
 * wadesk processes into bench/profiles/), BENCH_KEEP=1 (keep the work folder with logs), BENCH_STATEMENTS=1 (the
 * statements of each measured run by their text, most frequent first, in the app's log), BENCH_HISTORY=1
 * (as --history), BENCH_ADMIN_SECONDS (measured run of the admin GETs, default 5), BENCH_HISTORY_CONVERSATIONS
 * (default 100000), BENCH_HISTORY_MESSAGES (messages per added conversation, default 50), BENCH_RESULTS
 * (where the results go, default bench/results.json).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Child, killAllChildren, whenInterrupted } from './lib/ipc.js';
import { runLoad, type LoadResult, type LoadSpec } from './lib/load.js';
import {
  BUSINESS, LOAD_CONTACTS, SECRETS, baselineWebhook, inboundTextWebhook, statusStreamLength, statusWebhook, waIdOf, type SignedBody,
} from './lib/fixtures.js';
import { cpuSeconds, machineBusy, machineSample, postgresCpuSeconds } from './lib/cpu.js';
import { percentiles, type Percentiles } from './lib/stats.js';
import { resultRow, writeResults, type DbName, type Measurement, type Scenario } from './lib/results.js';
import { loadMeasureStart } from './lib/start-adapter.js';

const env = process.env;
const SECONDS = Number(env.BENCH_SECONDS ?? 10);
const WARMUP = Number(env.BENCH_WARMUP_SECONDS ?? 3);
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 50);
const PG_URL = env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const LOG_LEVEL = env.BENCH_LOG_LEVEL ?? 'info';
const ONLY = new Set((env.BENCH_ONLY ?? 'baseline,pglite,postgres').split(',').map((s) => s.trim()));
const PROBES = Number(env.BENCH_PROBES ?? 300);
/** Inbound texts per second at Meta's default tier: 80 msg/s per number, and each text gets 2 replies. */
const PACED_RATE = Number(env.BENCH_PACED_RATE ?? Math.floor(80 / 3));
/** How long to wait for the outbox to empty after a run (the wait is reported). */
const DRAIN_MS = Number(env.BENCH_DRAIN_SECONDS ?? 8) * 1000;
const CPU_PROF = env.BENCH_CPU_PROF === '1';
const KEEP = env.BENCH_KEEP === '1';
const PROFILE_DIR = fileURLToPath(new URL('./profiles/', import.meta.url));
const RESULTS = env.BENCH_RESULTS ?? fileURLToPath(new URL('./results.json', import.meta.url));
const HISTORY = process.argv.includes('--history') || env.BENCH_HISTORY === '1';
const HISTORY_CONVERSATIONS = Number(env.BENCH_HISTORY_CONVERSATIONS ?? 100_000);
/** Messages per added conversation of the large history: 50, i.e. about 5 million messages. */
const HISTORY_MESSAGES = Number(env.BENCH_HISTORY_MESSAGES ?? 50);
/**
 * The admin GETs are short runs (they settle within a second; at 100+ req/s 5 s give 500+ samples): the
 * default run stays within about 4 minutes.
 */
const ADMIN_TIMES = { warmup: Math.min(WARMUP, 1), seconds: Number(env.BENCH_ADMIN_SECONDS ?? Math.min(SECONDS, 5)) };
/** The share of inbound texts in the mix scenario; the rest are status webhooks. */
const MIX_INBOUND_EVERY = 4;

interface Usage { cpu: NodeJS.CpuUsage; at: number; statements?: number; transactions?: number; hrUs?: number; dbNow?: string; rssMb?: number }
interface Row {
  name: string;
  load?: LoadResult;
  /** Share of one core the server process used during the measured run. */
  appCpu?: number;
  /** CPU milliseconds the server process spent per answered request. */
  cpuMsPerRequest?: number;
  /** Statements (BEGIN/COMMIT included) and transactions the server sent to its database, per answered request. */
  statementsPerRequest?: number;
  transactionsPerRequest?: number;
  /** Share of one core the PostgreSQL server used (PostgreSQL runs only). */
  pgCpu?: number;
  /** Share of one core the fake Graph API used. */
  fakeCpu?: number;
  machine?: number | null;
  /** Share of one core autocannon (this process) used. */
  generator?: number;
  note?: string;
}

const rows: Row[] = [];
const notes: string[] = [];
/** The rows of bench/results.json, without the baseline (known only at the end). */
const results: Array<{ db: DbName; scenario: Scenario; m: Measurement }> = [];
const started = Date.now();
/** req/s of the baseline runs (one first, one last): ratios are to their mean, and their spread shows drift. */
const baselines: number[] = [];
/** Set when something deserves a look: the work folder (logs, data) is then kept. */
let keepWork = false;
const baselineRps = (): number | null => (baselines.length ? baselines.reduce((a, b) => a + b, 0) / baselines.length : null);

function log(message: string): void {
  const t = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  console.log(`[${t}s] ${message}`);
}

/** A stream of precomputed signed webhooks, shared by every connection; counts how often it wrapped. */
class Stream {
  private i = 0;
  constructor(readonly name: string, private readonly bodies: SignedBody[]) {}
  next = (): SignedBody => this.bodies[this.i++ % this.bodies.length]!;
  get used(): number { return this.i; }
  get length(): number { return this.bodies.length; }
  get wrapped(): boolean { return this.i > this.bodies.length; }
  reset(): void { this.i = 0; }
}

function build(name: string, count: number, make: (i: number) => SignedBody): Stream {
  const t = performance.now();
  const bodies = Array.from({ length: count }, (_, i) => make(i));
  const bytes = bodies.reduce((sum, b) => sum + b.body.length, 0) / bodies.length;
  log(`prepared ${count} signed ${name} webhooks (${Math.round(bytes)} bytes each on average) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return new Stream(name, bodies);
}

interface Measured {
  load: LoadResult;
  /** The measured run on the server's monotonic clock (µs), to cut its CPU profile. */
  window?: { fromUs: number; toUs: number };
  /** The server's counters at the start and the end of the measured run. */
  before: Usage;
  after: Usage;
  usage: { app: number; cpuMs: number; statements?: number; transactions?: number; fake?: number; pg?: number; machine: number | null; generator: number };
  /** `GET /health` during the measured run (see `probeHealth`). */
  health: Percentiles;
}

/**
 * Asks `GET /health` every 50 ms, one request at a time, while the load runs: how long the server takes
 * to answer something cheap when it is busy (a stall shows here, not in the load's own figures).
 */
function probeHealth(url: string): { stop(): Promise<Percentiles> } {
  const times: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      try {
        const answer = await fetch(`${url}/health`);
        await answer.arrayBuffer();
        times.push(performance.now() - t0);
      } catch {
        times.push(performance.now() - t0);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return percentiles(times);
    },
  };
}

/**
 * Warm-up, then the measured run, with the server's (and the fake's and PostgreSQL's) CPU use over the
 * measured run only.
 */
async function measure(
  label: string, spec: Omit<LoadSpec, 'seconds' | 'connections'>, server: Child, fake?: Child, withPg = false,
  times: { warmup?: number; seconds?: number } = {},
): Promise<Measured> {
  const warmup = times.warmup ?? WARMUP;
  const seconds = times.seconds ?? SECONDS;
  if (warmup > 0) {
    log(`${label}: warm-up ${warmup} s`);
    await runLoad({ ...spec, seconds: warmup, connections: CONNECTIONS });
  }
  log(`${label}: measuring ${seconds} s with ${CONNECTIONS} connections${spec.rate ? `, at most ${spec.rate} requests/s` : ''}`);
  const [a, fa] = await Promise.all([server.call<Usage>('usage'), fake?.call<Usage>('usage')]);
  const pgA = withPg ? postgresCpuSeconds() : null;
  const m0 = machineSample();
  const g0 = process.cpuUsage();
  const t0 = performance.now();
  const health = probeHealth(spec.url);
  const load = await runLoad({ ...spec, seconds, connections: CONNECTIONS });
  const healthTimes = await health.stop();
  const generator = cpuSeconds(process.cpuUsage(g0)) / ((performance.now() - t0) / 1000);
  const m1 = machineSample();
  const pgB = withPg ? postgresCpuSeconds() : null;
  const [b, fb] = await Promise.all([server.call<Usage>('usage'), fake?.call<Usage>('usage')]);
  const wall = (b.at - a.at) / 1000;
  const appCpu = cpuSeconds(b.cpu) - cpuSeconds(a.cpu);
  const usage = {
    app: appCpu / wall,
    cpuMs: (appCpu * 1000) / Math.max(1, load.requests),
    statements: a.statements !== undefined && b.statements !== undefined ? (b.statements - a.statements) / Math.max(1, load.requests) : undefined,
    transactions: a.transactions !== undefined && b.transactions !== undefined ? (b.transactions - a.transactions) / Math.max(1, load.requests) : undefined,
    fake: fa && fb ? (cpuSeconds(fb.cpu) - cpuSeconds(fa.cpu)) / ((fb.at - fa.at) / 1000) : undefined,
    pg: pgA !== null && pgB !== null ? (pgB - pgA) / wall : undefined,
    machine: machineBusy(m0, m1),
    generator,
  };
  const bad = load.non2xx + load.errors;
  log(`${label}: ${Math.round(load.rps)} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms; /health p99 ${healthTimes.p99} ms, max ${healthTimes.max} ms` +
    `${bad > 0 ? `, NOT OK: ${JSON.stringify(load.statusCodes)} errors=${load.errors} timeouts=${load.timeouts}` : ''}`);
  if (bad > 0) notes.push(`${label}: ${load.non2xx} non-2xx answers (${JSON.stringify(load.statusCodes)}), ${load.errors} errors`);
  const window = a.hrUs !== undefined && b.hrUs !== undefined ? { fromUs: a.hrUs, toUs: b.hrUs } : undefined;
  if (window) phases.push({ name: label, ...window });
  return { load, usage, window, before: a, after: b, health: healthTimes };
}

/** The measured runs of the current server, written beside its CPU profiles (BENCH_CPU_PROF=1). */
let phases: Array<{ name: string; fromUs: number; toUs: number }> = [];

function addRow(name: string, m: Measured, note?: string): void {
  rows.push({
    name, load: m.load,
    appCpu: m.usage.app, cpuMsPerRequest: m.usage.cpuMs, statementsPerRequest: m.usage.statements, transactionsPerRequest: m.usage.transactions, fakeCpu: m.usage.fake, pgCpu: m.usage.pg, machine: m.usage.machine, generator: m.usage.generator, note,
  });
}

async function runBaseline(work: string, when: 'first' | 'last'): Promise<void> {
  log(`baseline (${when}): starting a bare Fastify route (raw body + HMAC-SHA256 check)`);
  const server = await Child.start<{ url: string }>('baseline', 'servers/baseline.ts', { logFile: path.join(work, 'baseline.log') });
  try {
    const body = baselineWebhook();
    // The closing run only checks for drift: shorter.
    const times = when === 'last' ? { warmup: Math.min(WARMUP, 1), seconds: Math.min(SECONDS, 5) } : {};
    const m = await measure(`baseline (${when})`, { url: server.ready.url, method: 'POST', path: '/webhooks/whatsapp', staticBody: body }, server, undefined, false, times);
    baselines.push(m.load.rps);
    addRow(`baseline, ${when}: bare Fastify + HMAC`, m, `${body.body.length}-byte body`);
  } finally {
    await server.stop();
  }
}

interface WindowStats {
  inbound: number; outbound: number; status_events: number; backlog: number; failed: number; outbox_rows: number;
  lag: Array<{ kind: string; n: number; p50: number | null; p99: number | null; max: number | null }>;
  lastError: string | null;
}

interface E2E { ack: Percentiles; reply: Percentiles; lost: number }
const pacedDetails: Array<{ db: string; rate: number; stats: WindowStats; drain: { drained: boolean; ms: number; left: number } }> = [];
const e2eResults: Array<{ db: string; result: E2E }> = [];
const inboundDetails: Array<{
  db: string; stats: WindowStats; drain: { drained: boolean; ms: number; left: number }; fakeCounts: unknown; backlogAtEnd: number;
  /** Per second of the measured run, as committed to the database. */
  stored: { inbound: number; statuses: number };
}> = [];

interface Streams { status: Stream; inbound: Stream; mix: Stream }
interface ReplyLag { n: number; unsent: number; p50: number | null; p99: number | null; first_p50: number | null; first_p99: number | null }
const lagDetails: Array<{ db: string; run: string; lag: ReplyLag }> = [];
const historyDetails: Array<{ db: string; seeded: Record<string, number> }> = [];
const startDetails: Array<{ db: string; start: { ms: number; rssMb: number }; restart: { ms: number; rssMb: number } }> = [];

/** What results.json takes from a measured run. */
function figures(m: Measured, extra: Measurement = {}): Measurement {
  return {
    req_per_s: m.load.rps, p50_ms: m.load.p50, p99_ms: m.load.p99, cpu_ms_per_req: m.usage.cpuMs,
    sql_per_req: m.usage.statements ?? null, rss_mb: m.after.rssMb ?? null, health_p99_ms: m.health.p99, ...extra,
  };
}

/** After the outbox drained: the reply lag of the replies created in a measured run. */
async function lagOf(app: Child, db: string, run: string, m: Measured): Promise<ReplyLag> {
  const lag = await app.call<ReplyLag>('replyLag', { from: m.before.dbNow, to: m.after.dbNow });
  lagDetails.push({ db, run, lag });
  log(`${run}: reply lag (commit → Graph API accepted) p50 ${fmtMs(lag.p50)}, p99 ${fmtMs(lag.p99)} over ${lag.n} replies${lag.unsent ? `, ${lag.unsent} still unsent (counted at their age)` : ''}; first reply of each text p50 ${fmtMs(lag.first_p50)}, p99 ${fmtMs(lag.first_p99)}`);
  return lag;
}

interface Started {
  kind: 'pglite' | 'postgres';
  label: string;
  /** Names its log files and data folder: the kind, with `-100k` for the large history. */
  tag: string;
  fake: Child<{ url: string }> | null;
  app: Child<{ url: string; kind: string }> | null;
  scratch: { url: string; drop(): Promise<void> } | null;
  profileDir: string;
  startMs: number;
  forgetScratch?: () => void;
}

/**
 * Starts the fake Graph API, then wadesk pointed at it. The caller can do other work (sign payloads) while
 * the app starts: PGlite's first start runs initdb, which takes seconds.
 */
function startWadesk(kind: 'pglite' | 'postgres', work: string, history = false): { started: Started; ready: Promise<void> } {
  const label = kind === 'pglite' ? 'PGlite' : 'PostgreSQL';
  const tag = `${kind}${history ? '-100k' : ''}`;
  const started: Started = { kind, label, tag, fake: null, app: null, scratch: null, profileDir: '', startMs: performance.now() };
  const ready = (async () => {
    if (kind === 'postgres') {
      const scratch = await scratchDatabase();
      started.scratch = scratch;
      started.forgetScratch = whenInterrupted(() => scratch.drop());
    }
    started.fake = await Child.start<{ url: string }>(`fake Graph API (${label})`, 'servers/fake-graph.ts', { logFile: path.join(work, `fake-${tag}.log`) });
    const appEnv: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (!/^(WHATSAPP_|WADESK_|DATABASE_URL$|DATA_DIR$|ADMIN_API_TOKEN$|PORT$|HOST$|LOG_LEVEL$|NODE_ENV$)/.test(k)) appEnv[k] = v;
    }
    Object.assign(appEnv, {
      NODE_ENV: 'production',
      LOG_LEVEL,
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: path.join(work, `data-${tag}`),
      ADMIN_API_TOKEN: SECRETS.adminToken,
      WHATSAPP_ACCESS_TOKEN: SECRETS.accessToken,
      WHATSAPP_PHONE_NUMBER_ID: BUSINESS.phoneNumberId,
      WHATSAPP_APP_SECRET: SECRETS.appSecret,
      WHATSAPP_VERIFY_TOKEN: SECRETS.verifyToken,
      WHATSAPP_API_URL: started.fake.ready.url,
      ...(started.scratch ? { DATABASE_URL: started.scratch.url } : {}),
    });
    // One profile per thread (the main thread, and tsx's module-loader thread), named by node.
    started.profileDir = path.join(PROFILE_DIR, `${tag}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    const nodeArgs = CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', started.profileDir] : [];
    if (CPU_PROF) mkdirSync(started.profileDir, { recursive: true });
    log(`${label}: starting wadesk (${kind === 'pglite' ? 'embedded PGlite in a new DATA_DIR' : 'scratch database on ' + redact(PG_URL)}, LOG_LEVEL=${LOG_LEVEL})`);
    started.app = await Child.start<{ url: string; kind: string }>(`wadesk (${label})`, 'servers/wadesk.ts', {
      env: appEnv, logFile: path.join(work, `wadesk-${tag}.log`), nodeArgs, timeoutMs: 120_000,
    });
  })();
  return { started, ready };
}

type Drain = { drained: boolean; ms: number; left: number };

/**
 * The scenarios on one wadesk. `history`: the database gets the large history first (bench/lib/history.ts),
 * and only the scenarios whose cost could grow with it run again, named with `-100k`.
 */
async function benchWadesk(started: Started, streams: Streams, history: boolean): Promise<void> {
  const { kind, label: dbLabel } = started;
  const label = history ? `${dbLabel}, 100k` : dbLabel;
  const suffix = history ? '-100k' : '';
  const record = (scenario: string, m: Measurement) => results.push({ db: kind, scenario: `${scenario}${suffix}` as Scenario, m });
  const fake = started.fake!;
  const app = started.app!;
  phases = [];
  log(`${label}: wadesk up ${((performance.now() - started.startMs) / 1000).toFixed(1)} s after the start; seeding`);
  const seeded = await app.call<{ conversations: number; messages: number; outbox: number; seconds: number }>('seed');
  log(`${label}: seeded ${seeded.conversations} conversations, ${seeded.messages} messages, ${seeded.outbox} outbox rows in ${seeded.seconds.toFixed(1)} s`);
  const agent = await app.call<{ agentId: string; token: string }>('agentToken');
  let conversations = seeded.conversations;
  /** Conversations whose history admin-history reads, round robin: the bench contacts, or spread over the history. */
  let historyPhones = Array.from({ length: LOAD_CONTACTS }, (_, c) => waIdOf(c));
  if (history) {
    const perConversation = HISTORY_MESSAGES;
    log(`${label}: seeding the large history in bulk (${HISTORY_CONVERSATIONS} conversations, ${perConversation} messages each); progress in the app's log`);
    const big = await app.call<Record<string, number>>('history', { conversations: HISTORY_CONVERSATIONS, perConversation, agentId: agent.agentId });
    historyDetails.push({ db: dbLabel, seeded: big });
    log(`${label}: ${Object.entries(big).map(([k, v]) => `${k} ${k === 'seconds' ? v.toFixed(0) : v}`).join(', ')}`);
    conversations = big.conversations!;
    const added = Math.max(0, conversations - seeded.conversations);
    const step = Math.max(1, Math.floor(added / 1_000));
    historyPhones = Array.from({ length: Math.min(1_000, added) }, (_, k) => `23490${String(1 + k * step).padStart(8, '0')}`);
  }
  await fake.call('app', { url: app.ready.url });
  const webhook = { url: app.ready.url, method: 'POST' as const, path: '/webhooks/whatsapp' };
  const withPg = kind === 'postgres';
  const asAgent = { authorization: `Bearer ${agent.token}` };

  // What a user feels: one message at a time on an otherwise idle server.
  const probes = history ? 0 : kind === 'pglite' ? PROBES : Math.ceil(PROBES / 2);
  if (probes > 0) {
    log(`${label}: end-to-end probe, ${probes} sequential messages`);
    const e2e = await fake.call<E2E>('probe', { count: probes, text: 'hello' });
    e2eResults.push({ db: label, result: e2e });
    log(`${label}: webhook answered p50 ${e2e.ack.p50} ms / p99 ${e2e.ack.p99} ms; first reply at the Graph API p50 ${e2e.reply.p50} ms / p99 ${e2e.reply.p99} ms${e2e.lost ? `; ${e2e.lost} without a reply in 5 s` : ''}`);
    await settle(app, fake, 10_000);
  }

  streams.status.reset();
  const status = await measure(`${label} status webhooks`, { ...webhook, nextBody: streams.status.next }, app, fake, withPg);
  addRow(`wadesk status webhooks (${label})`, status, 'sent/delivered/read of stored messages');
  record('status', figures(status));
  if (streams.status.wrapped) notes.push(`${label} status run used ${streams.status.used} webhooks, more than the ${streams.status.length} distinct ones: the later ones moved nothing and were cheaper.`);

  // The admin API as the inbox's clients call it: an agent's API token (looked up on every request).
  const list = await measure(`${label} admin list`, { url: app.ready.url, method: 'GET', path: '/api/admin/conversations?limit=20', headers: asAgent }, app, fake, withPg, ADMIN_TIMES);
  addRow(`GET /api/admin/conversations (${label})`, list, `limit=20 of ${conversations} conversations`);
  record('admin-list', figures(list));
  let phone = 0;
  // The bench contacts hold 25 messages each, the large history's added conversations 50: there a page of
  // the 25 newest, so that both lines read pages of one size (until 2026-12-02 the large one read twice the rows).
  const page = history ? '?limit=25' : '';
  const nextHistory = () => `/api/admin/conversations/%2B${historyPhones[phone++ % historyPhones.length]}/messages${page}`;
  const historyRun = await measure(`${label} admin history`, { url: app.ready.url, method: 'GET', path: nextHistory(), nextPath: nextHistory, headers: asAgent }, app, fake, withPg, ADMIN_TIMES);
  addRow(`GET /api/admin/conversations/{phone}/messages (${label})`, historyRun, `${historyPhones.length} conversations round robin`);
  record('admin-history', figures(historyRun));

  if (!history) {
    // A quarter inbound texts (each answered with two replies), three quarters status webhooks: closed loop.
    streams.mix.reset();
    const mix = await measure(`${label} mix`, { ...webhook, nextBody: streams.mix.next }, app, fake, withPg);
    addRow(`wadesk mix ${100 / MIX_INBOUND_EVERY} % texts / ${100 - 100 / MIX_INBOUND_EVERY} % statuses (${label})`, mix, 'closed loop');
    if (streams.mix.wrapped) notes.push(`${label} mix run used ${streams.mix.used} webhooks, more than the ${streams.mix.length} prepared: the later ones were duplicates.`);
    const mixDrain = await app.call<Drain>('drain', { timeoutMs: DRAIN_MS });
    if (!mixDrain.drained) notes.push(`${label} mix: ${mixDrain.left} outbox rows still unsent ${DRAIN_MS / 1000} s after the run`);
    const mixLag = await lagOf(app, label, `${label} mix`, mix);
    record('mix', figures(mix, { lag_p99_ms: mixLag.p99 }));
    // The fake is still posting the mix's thousands of status callbacks (sent, delivered): the paced run
    // measures 26 texts/s, not that backlog on top (until 2026-12-02 it did: 20 status webhooks per text).
    await settle(app, fake, 30_000);

    // Meta's default tier (80 msg/s per number, in and out together) for this bot, which answers a text with
    // two messages: PACED_RATE inbound/s. Open loop, no warm-up: the webhook latency and how far the replies
    // lag behind at that load, which is what a user feels on a busy day.
    streams.inbound.reset();
    const paced = await measure(`${label} inbound texts at ${PACED_RATE}/s`, { ...webhook, nextBody: streams.inbound.next, rate: PACED_RATE }, app, fake, withPg, { warmup: 0 });
    addRow(`wadesk inbound texts at ${PACED_RATE}/s (${label})`, paced, "Meta's default 80 msg/s tier");
    const pacedDrain = await app.call<Drain>('drain', { timeoutMs: DRAIN_MS });
    const pacedStats = await app.call<WindowStats>('windowStats', { from: paced.before.dbNow, to: paced.after.dbNow });
    pacedDetails.push({ db: label, rate: PACED_RATE, stats: pacedStats, drain: pacedDrain });
    log(`${label}: ${pacedDrain.drained ? `outbox empty ${(pacedDrain.ms / 1000).toFixed(1)} s after the paced run` : `${pacedDrain.left} outbox rows still unsent ${DRAIN_MS / 1000} s after the paced run`}`);
    const pacedLag = await lagOf(app, label, `${label} inbound texts at ${PACED_RATE}/s`, paced);
    record('inbound', figures(paced, { lag_p99_ms: pacedLag.p99, paced_per_s: PACED_RATE }));
  }

  // Flat out (closed loop, 50 connections): how fast the webhook takes messages in.
  if (history) streams.inbound.reset();
  const begin = await app.call<{ dbNow: string }>('usage');
  const inbound = await measure(`${label} inbound texts`, { ...webhook, nextBody: streams.inbound.next }, app, fake, withPg);
  const end = await app.call<{ dbNow: string }>('usage');
  // Only the count: windowStats reads messages by time, a sequential scan that held PGlite for 3 s on the
  // large history while the replies of the run were still going out (their lag p99 showed 3.1 s).
  const backlogAtEnd = await app.call<number>('backlog');
  addRow(`wadesk inbound texts (${label})`, inbound, '1,000 contacts; bot replies sent to the fake Graph API');
  if (streams.inbound.wrapped) notes.push(`${label} inbound runs used ${streams.inbound.used} webhooks, more than were prepared: later ones were duplicates.`);
  log(`${label}: outbox backlog at the end of the run: ${backlogAtEnd} rows; waiting up to ${DRAIN_MS / 1000} s for it to drain`);
  const drainFrom = await app.call<{ hrUs?: number }>('usage');
  const drain = await app.call<Drain>('drain', { timeoutMs: DRAIN_MS });
  const drainTo = await app.call<{ hrUs?: number }>('usage');
  // The outbox's drain alone in the CPU profile: what a send costs when nothing else runs.
  if (drainFrom.hrUs !== undefined && drainTo.hrUs !== undefined) phases.push({ name: `${label} inbound drain`, fromUs: drainFrom.hrUs, toUs: drainTo.hrUs });
  // What the database took in during the measured run alone: a throughput that does not depend on
  // answers arriving within the run (when requests queue for longer than the run, autocannon counts none).
  const measuredStats = await app.call<WindowStats>('windowStats', { from: inbound.before.dbNow, to: inbound.after.dbNow });
  const measuredSeconds = (inbound.after.at - inbound.before.at) / 1000;
  // The window of the warm-up and the measured run together (the database's clock).
  const stats = await app.call<WindowStats>('windowStats', { from: begin.dbNow, to: end.dbNow });
  const fakeCounts = await fake.call('counts');
  inboundDetails.push({ db: label, stats, drain, fakeCounts, backlogAtEnd, stored: { inbound: measuredStats.inbound / measuredSeconds, statuses: measuredStats.status_events / measuredSeconds } });
  log(`${label}: ${drain.drained ? `drained in ${(drain.ms / 1000).toFixed(1)} s` : `${drain.left} rows still unsent after ${DRAIN_MS / 1000} s`}`);
  const lag = await lagOf(app, label, `${label} inbound texts`, inbound);
  record('inbound', figures(inbound, { lag_p99_ms: lag.p99 }));
}

async function stopWadesk(started: Started, work: string): Promise<void> {
  const { tag, label } = started;
  // The app first: it finishes the sends under way (to the fake, still up) before it closes.
  await started.app?.stop(20_000).catch(() => undefined);
  await started.fake?.stop().catch(() => undefined);
  if (CPU_PROF && started.profileDir) {
    writeFileSync(path.join(started.profileDir, 'phases.json'), JSON.stringify(phases, null, 2));
    log(`${label}: CPU profiles in ${path.relative(process.cwd(), started.profileDir)}/ (one measured run: npx tsx bench/profile-summary.ts FILE 25 '${phases.at(-1)?.name ?? ''}')`);
  }
  await started.scratch?.drop().catch((err: unknown) => notes.push(`could not drop the scratch database: ${String(err)}`));
  // The large history's PGlite data is gigabytes: gone even when the work folder is kept for its logs.
  if (tag.endsWith('-100k') && !KEEP) await rm(path.join(work, `data-${tag}`), { recursive: true, force: true });
  started.forgetScratch?.();
  const appLog = path.join(work, `wadesk-${tag}.log`);
  const problems = countLogProblems(appLog);
  if (problems.count > 0) {
    notes.push(`${label}: the app logged ${problems.count} warnings/errors (log kept in ${appLog}):\n      ${problems.summary}`);
    keepWork = true;
  }
}

async function runWadesk(kind: 'pglite' | 'postgres', work: string, streams: () => Streams, history = false): Promise<void> {
  const { started, ready } = startWadesk(kind, work, history);
  try {
    const built = streams(); // signs payloads while the server starts
    await ready;
    await benchWadesk(started, built, history);
  } finally {
    await ready.catch(() => undefined);
    await stopWadesk(started, work);
  }
}

/**
 * `start` and `restart` (PGlite): bench/lib/start-time.ts measures them when it is there (see
 * bench/lib/start-adapter.ts); on PostgreSQL they are not measured (measureStart takes a DATA_DIR only).
 */
async function runStartTimes(work: string): Promise<void> {
  const loaded = await loadMeasureStart(env.BENCH_START_MODULE);
  if ('missing' in loaded) {
    const note = `start/restart rows skipped: ${loaded.missing} (measureStart({dataDir, restart}) → {ms, rssMb}).`;
    notes.push(note);
    log(note);
    return;
  }
  const dataDir = path.join(work, 'data-start');
  log('PGlite: first start on an empty DATA_DIR');
  const start = await loaded.measureStart({ dataDir, restart: false });
  log(`PGlite: answered ${Math.round(start.ms)} ms after the start, ${Math.round(start.rssMb)} MB resident; restarting`);
  const restart = await loaded.measureStart({ dataDir, restart: true });
  log(`PGlite: answered ${Math.round(restart.ms)} ms after the restart, ${Math.round(restart.rssMb)} MB resident`);
  startDetails.push({ db: 'PGlite', start, restart });
  results.push({ db: 'pglite', scenario: 'start', m: { p50_ms: start.ms, rss_mb: start.rssMb } });
  results.push({ db: 'pglite', scenario: 'restart', m: { p50_ms: restart.ms, rss_mb: restart.rssMb } });
}

/** Waits until the outbox is empty and the fake has delivered every status webhook. */
async function settle(app: Child, fake: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await app.call('drain', { timeoutMs });
  await fake.call('idle', { timeoutMs: Math.max(1, deadline - Date.now()) });
  await app.call('drain', { timeoutMs: Math.max(1, deadline - Date.now()) });
}

/** Warnings and errors in a pino log, grouped by message, with one example of each. */
function countLogProblems(file: string): { count: number; summary: string } {
  const groups = new Map<string, { n: number; example: string }>();
  let count = 0;
  try {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!/"level":(40|50|60)/.test(line)) continue;
      count += 1;
      let msg = line.slice(0, 80);
      try {
        msg = (JSON.parse(line) as { msg?: string }).msg ?? msg;
      } catch {
        /* not JSON */
      }
      const group = groups.get(msg) ?? { n: 0, example: line.slice(0, 600) };
      group.n += 1;
      groups.set(msg, group);
    }
  } catch {
    /* no log */
  }
  const summary = [...groups].sort((a, b) => b[1].n - a[1].n).slice(0, 4)
    .map(([msg, g]) => `${g.n} × "${msg}", e.g. ${g.example}`).join('\n      ');
  return { count, summary };
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function scratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `wadesk_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

function pct(v: number | undefined | null): string {
  return v === undefined || v === null || Number.isNaN(v) ? '-' : `${Math.round(v * 100)}%`;
}

function printTable(): void {
  const header = ['benchmark', 'req/s', 'p50 ms', 'p99 ms', 'ratio', 'app CPU', 'CPU ms/req', 'SQL/req', 'tx/req', 'PG CPU', 'fake CPU', 'load gen', 'machine'];
  const body = rows.map((r) => [
    r.name,
    r.load ? String(Math.round(r.load.rps)) : '-',
    r.load ? String(r.load.p50) : '-',
    r.load ? String(r.load.p99) : '-',
    r.load && baselineRps() ? (r.load.rps / baselineRps()!).toFixed(3) : '-',
    pct(r.appCpu),
    r.cpuMsPerRequest === undefined ? '-' : r.cpuMsPerRequest.toFixed(2),
    r.statementsPerRequest === undefined ? '-' : r.statementsPerRequest.toFixed(1),
    r.transactionsPerRequest === undefined ? '-' : r.transactionsPerRequest.toFixed(2),
    pct(r.pgCpu),
    pct(r.fakeCpu),
    pct(r.generator),
    pct(r.machine),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log('\n' + line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) console.log(line(row));
  console.log('ratio: req/s over the mean of the baseline runs of this run. CPU: share of one core (machine: of all cores).');
  if (baselines.length === 2) {
    const drift = Math.abs(baselines[1]! - baselines[0]!) / Math.max(baselines[0]!, baselines[1]!);
    console.log(`baseline drift between the first and the last run: ${pct(drift)}${drift > 0.1 ? ' (more than 10%: the machine was not steady; trust ratios less)' : ''}`);
  }
  console.log('SQL/req, tx/req: statements (BEGIN/COMMIT included) and transactions the app sent to its database per answered');
  console.log('request, everything included (for inbound texts: the dispatcher and the status webhooks the fake posts back).');

  for (const { db, result } of e2eResults) {
    console.log(`\nend to end (${db}), ${result.reply.n} sequential messages on an idle server:` +
      `\n  webhook answered 200          p50 ${result.ack.p50} ms  p90 ${result.ack.p90} ms  p99 ${result.ack.p99} ms  max ${result.ack.max} ms` +
      `\n  first reply at the Graph API  p50 ${result.reply.p50} ms  p90 ${result.reply.p90} ms  p99 ${result.reply.p99} ms  max ${result.reply.max} ms` +
      (result.lost ? `\n  ${result.lost} messages got no reply within 5 s` : ''));
  }
  for (const { db, stats, drain, fakeCounts, backlogAtEnd, stored } of inboundDetails) {
    const lag = stats.lag.map((l) => `${l.kind}: n=${l.n} p50 ${fmtMs(l.p50)} p99 ${fmtMs(l.p99)} max ${fmtMs(l.max)}`).join('; ');
    console.log(`\ninbound run (${db}): committed per second of the measured run: ${stored.inbound.toFixed(1)} inbound messages, ${stored.statuses.toFixed(1)} status callbacks from the fake` +
      `\n  warm-up + measured run together:` +
      `\n  stored ${stats.inbound} inbound and ${stats.outbound} outbound messages, ${stats.status_events} status callbacks; outbox rows ${stats.outbox_rows}` +
      `\n  outbox backlog when the load stopped: ${backlogAtEnd}; ${drain.drained ? `drained ${(drain.ms / 1000).toFixed(1)} s later` : `${drain.left} still unsent ${DRAIN_MS / 1000} s later`}; failed rows: ${stats.failed}` +
      `\n  outbox lag (commit → Graph API answered): ${lag || 'none sent'}` +
      `\n  fake Graph API saw: ${JSON.stringify(fakeCounts)}` +
      (stats.lastError ? `\n  last outbox error: ${stats.lastError}` : ''));
  }
  for (const { db, rate, stats, drain } of pacedDetails) {
    const lag = stats.lag.map((l) => `${l.kind}: n=${l.n} p50 ${fmtMs(l.p50)} p99 ${fmtMs(l.p99)} max ${fmtMs(l.max)}`).join('; ');
    console.log(`\ninbound texts at ${rate}/s (${db}), ${rate * 3} WhatsApp messages/s (1 in + 2 out${rate === 26 ? ", Meta's default tier of 80 msg/s" : ''}): stored ${stats.inbound} inbound and ${stats.outbound} outbound messages in the run` +
      `\n  outbox lag (commit → Graph API answered): ${lag || 'none sent'}` +
      `\n  ${drain.drained ? `outbox empty ${(drain.ms / 1000).toFixed(1)} s after the run` : `${drain.left} outbox rows still unsent ${DRAIN_MS / 1000} s after the run (not in the lag above)`}`);
  }
  if (lagDetails.length > 0) {
    console.log('\nreply lag, inbound commit → the Graph API accepted the reply (replies still unsent after the drain count at their age;\n' +
      'a text\'s replies go in order, each after WhatsApp took the one before, so the second waits one Graph API answer more):');
    for (const { run, lag } of lagDetails) {
      console.log(`  ${run.padEnd(44)} p50 ${fmtMs(lag.p50).padStart(7)}  p99 ${fmtMs(lag.p99).padStart(7)}  replies ${lag.n}${lag.unsent ? `, ${lag.unsent} unsent` : ''}` +
        `;  first reply of each text p50 ${fmtMs(lag.first_p50).padStart(7)}  p99 ${fmtMs(lag.first_p99).padStart(7)}`);
    }
  }
  for (const { db, seeded } of historyDetails) {
    console.log(`\nlarge history (${db}), seeded in bulk by SQL in ${Math.round(seeded.seconds ?? 0)} s: ` +
      Object.entries(seeded).filter(([k]) => k !== 'seconds').map(([k, v]) => `${v.toLocaleString('en')} ${k}`).join(', '));
  }
  for (const { db, start, restart } of startDetails) {
    console.log(`\nstart (${db}): first start on an empty DATA_DIR answered after ${Math.round(start.ms)} ms (${Math.round(start.rssMb)} MB resident); ` +
      `restart after ${Math.round(restart.ms)} ms (${Math.round(restart.rssMb)} MB)`);
  }
  if (notes.length > 0) console.log('\nnotes:\n' + notes.map((n) => `  - ${n}`).join('\n'));
}

/** results.json in a fixed order: by database, then scenario (the flat-out inbound row before the paced one). */
function sortedResults() {
  const order = (scenario: string) => {
    const base = ['status', 'inbound', 'mix', 'admin-list', 'admin-history', 'start', 'restart'].indexOf(scenario.replace(/-100k$/, ''));
    return (scenario.endsWith('-100k') ? 100 : 0) + base;
  };
  const baseline = baselineRps();
  return results
    .map((r, i) => ({ ...r, i }))
    .sort((a, b) => a.db.localeCompare(b.db) || order(a.scenario) - order(b.scenario) || (a.m.paced_per_s ? 1 : 0) - (b.m.paced_per_s ? 1 : 0) || a.i - b.i)
    .map((r) => resultRow(r.db, r.scenario, r.m, r.m.req_per_s === undefined ? null : baseline));
}

function fmtMs(v: number | null): string {
  return v === null ? '-' : v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`;
}

/** How busy the machine is before we start: other work on these 2 cores skews every number below. */
async function preflight(): Promise<void> {
  const a = machineSample();
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const busy = machineBusy(a, machineSample());
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  log(`machine before the run: ${pct(busy)} of all cores busy, load average ${load}`);
  if (busy !== null && busy > 0.15) {
    const note = `the machine was ${pct(busy)} busy before the run (load average ${load}): other processes share these cores, so absolute figures AND ratios are unreliable; run again on a quiet machine.`;
    notes.push(note);
    log(`WARNING: ${note}`);
  }
}

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'wadesk-bench-'));
  log(`work folder ${work}; ${SECONDS} s measured runs after ${WARMUP} s warm-ups, ${CONNECTIONS} connections`);
  // Interrupted (Ctrl-C): the children are killed, the work folder and any scratch database go too.
  if (!KEEP) whenInterrupted(() => rmSync(work, { recursive: true, force: true }));
  await preflight();
  let failed = false;
  try {
    if (ONLY.has('baseline')) await runBaseline(work, 'first');
    const wantPg = ONLY.has('postgres');
    const pgProblem = wantPg ? await postgresReachable() : null;
    let streams: Streams | null = null;
    const getStreams = () => (streams ??= {
      status: build('status', Math.min(statusStreamLength(), 30_000), (i) => statusWebhook(i)),
      inbound: build('inbound text', 20_000, (i) => inboundTextWebhook(i)),
      // The second half of the status stream (other stored messages than the status run's), and texts of
      // their own (fresh wamids): one text, then MIX_INBOUND_EVERY - 1 statuses.
      mix: build('mix (texts and statuses)', 40_000, (i) => (i % MIX_INBOUND_EVERY === 0
        ? inboundTextWebhook(i / MIX_INBOUND_EVERY)
        : statusWebhook(Math.floor(statusStreamLength() / 2) + i - Math.floor(i / MIX_INBOUND_EVERY) - 1))),
    });
    const pgSkipped = () => {
      const note = `PostgreSQL runs skipped: ${redact(PG_URL)} is not reachable (${pgProblem}); set BENCH_DATABASE_URL.`;
      notes.push(note);
      log(note);
    };
    if (ONLY.has('pglite')) await runWadesk('pglite', work, getStreams);
    if (wantPg && !pgProblem) await runWadesk('postgres', work, getStreams);
    if (wantPg && pgProblem) pgSkipped();
    if (ONLY.has('pglite')) await runStartTimes(work);
    if (HISTORY) {
      if (ONLY.has('pglite')) await runWadesk('pglite', work, getStreams, true);
      if (wantPg && !pgProblem) await runWadesk('postgres', work, getStreams, true);
    }
    if (ONLY.has('baseline') && rows.length > 1) await runBaseline(work, 'last');
  } catch (err) {
    failed = true;
    console.error(`bench failed: ${err instanceof Error ? err.stack : String(err)}`);
    console.error(`logs kept in ${work}`);
  } finally {
    killAllChildren();
    printTable();
    if (!failed && results.length > 0) {
      writeResults(RESULTS, sortedResults());
      console.log(`\n${results.length} rows written to ${path.relative(process.cwd(), RESULTS)}`);
    }
    console.log(`\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s`);
    if (!KEEP && !failed && !keepWork) await rm(work, { recursive: true, force: true });
    else console.log(`work folder kept: ${work}`);
  }
  process.exit(failed ? 1 : 0);
}

await main();

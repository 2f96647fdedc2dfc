/**
 * wadesk itself, built exactly as `src/server.ts` builds it (`loadConfig` from the environment the parent
 * gives, then `buildApp`), with one difference: the admin API's per-token rate limit (600/min) is lifted so
 * that the admin route's own cost can be measured. Logs go where the parent pointed stdout (a file).
 *
 * The parent also asks it to seed the database (contacts, past messages with wamids, outbox history; with
 * `--history` a large history on top), to make an agent with an API token for the admin scenarios, and,
 * around each measured run, for its CPU use, its resident size and what the database shows (outbox lag and
 * backlog).
 */
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { rowsOf } from '../../src/db/client.js';
import { AgentDirectory } from '../../src/admin/agents.js';
import { seedDatabase } from '../lib/seed.js';
import { seedHistory, type HistoryOptions } from '../lib/history.js';
import { EVENTS_CHANNEL } from '../../src/events/log.js';
import { serveParent } from '../lib/ipc.js';
import { PgliteConnection } from '../../src/db/pglite-connection.js';

/**
 * Statements sent to the database (BEGIN and COMMIT included) and transactions, counted at the driver:
 * round trips are what a webhook costs (see ARCHITECTURE.md), so the parent reports them per request.
 */
const counter = { statements: 0, transactions: 0 };
function countStatements(): void {
  const lite = PGlite.prototype as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  // wadesk's own PGlite connection (src/db/pglite-connection.ts): one call per statement; a transaction
  // starts with a simple-protocol BEGIN ('Q' message).
  const execProtocolStream = lite.execProtocolStream!;
  lite.execProtocolStream = function (this: unknown, ...args: unknown[]) {
    const message = args[0] as Uint8Array;
    counter.statements += 1;
    if (message[0] === 0x51 && Buffer.from(message.subarray(5, 10)).toString() === 'BEGIN') counter.transactions += 1;
    return execProtocolStream.apply(this, args);
  };
  for (const name of ['query', 'exec'] as const) {
    const original = lite[name]!;
    lite[name] = function (this: unknown, ...args: unknown[]) {
      counter.statements += 1;
      return original.apply(this, args);
    };
  }
  const transaction = lite.transaction!;
  lite.transaction = function (this: unknown, work: unknown) {
    counter.transactions += 1;
    counter.statements += 2; // BEGIN and COMMIT (or ROLLBACK)
    return transaction.call(this, (tx: Record<string, unknown>) => (work as (tx: unknown) => unknown)(new Proxy(tx, {
      get(target, key) {
        const value = target[key as string];
        if ((key === 'query' || key === 'exec') && typeof value === 'function') {
          return (...args: unknown[]) => {
            counter.statements += 1;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return value;
      },
    })));
  };
  const client = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = client.query;
  client.query = function (this: unknown, ...args: unknown[]) {
    counter.statements += 1;
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
    if (text !== undefined && /^\s*begin\b/i.test(text)) counter.transactions += 1;
    return query.apply(this, args);
  };
}
countStatements();

/**
 * BENCH_STATEMENTS=1: which statements a measured run sent, counted by their text and written to this
 * process's log (BENCH_KEEP=1 keeps it) at the end of every run, most frequent first.
 */
const statementCounts = new Map<string, number>();
if (process.env.BENCH_STATEMENTS === '1') {
  const count = (text: string) => {
    const key = text.replace(/\s+/g, ' ').slice(0, 160);
    statementCounts.set(key, (statementCounts.get(key) ?? 0) + 1);
  };
  const proto = PgliteConnection.prototype;
  const query = proto.query;
  proto.query = function (this: PgliteConnection, text: string, ...rest: unknown[]) {
    count(text);
    return (query as (...a: unknown[]) => ReturnType<typeof query>).call(this, text, ...rest);
  } as typeof query;
  const transaction = proto.transaction;
  proto.transaction = function (this: PgliteConnection, work: Parameters<typeof transaction>[0]) {
    count('BEGIN … COMMIT');
    return transaction.call(this, (tx) => work({ ...tx, get closed() { return tx.closed; }, query: (text, ...rest) => (count(text), tx.query(text, ...rest)), exec: tx.exec, rollback: tx.rollback }));
  } as typeof transaction;
}
function logStatements(): void {
  if (statementCounts.size === 0) return;
  const top = [...statementCounts].sort((a, b) => b[1] - a[1]).slice(0, 40);
  console.log(`statements of this run, most frequent first:\n${top.map(([text, n]) => `${String(n).padStart(7)}  ${text}`).join('\n')}`);
  statementCounts.clear();
}

const config = loadConfig();
const app = await buildApp({ config, requestsPerMinute: 1_000_000_000 });
await app.listen({ port: 0, host: '127.0.0.1' });
const { db, kind } = app.wadesk.database;

let elu: EventLoopUtilization = performance.eventLoopUtilization();

async function dbNow(): Promise<string> {
  return rowsOf<{ now: string }>(await db.execute(sql`select now()::text as now`))[0]!.now;
}

/** What the database shows for the window [from, to] (timestamps of this database's clock). */
async function windowStats({ from, to }: { from: string; to: string }) {
  const [row] = rowsOf<Record<string, number | null>>(await db.execute(sql`
    select
      (select count(*)::int from messages where direction = 'inbound' and created_at between ${from}::timestamptz and ${to}::timestamptz) as inbound,
      (select count(*)::int from messages where direction = 'outbound' and created_at between ${from}::timestamptz and ${to}::timestamptz) as outbound,
      (select count(*)::int from status_events where received_at between ${from}::timestamptz and ${to}::timestamptz) as status_events,
      (select count(*)::int from outbox where status in ('pending', 'sending')) as backlog,
      (select count(*)::int from outbox where status = 'failed') as failed,
      (select count(*)::int from outbox where created_at between ${from}::timestamptz and ${to}::timestamptz) as outbox_rows`));
  // Outbox lag: from the commit of the inbound message's transaction to the Graph API's answer.
  const lag = rowsOf<{ kind: string; n: number; p50: number | null; p99: number | null; max: number | null }>(await db.execute(sql`
    select kind, count(*)::int as n,
      (percentile_cont(0.5) within group (order by extract(epoch from sent_at - created_at)) * 1000)::float8 as p50,
      (percentile_cont(0.99) within group (order by extract(epoch from sent_at - created_at)) * 1000)::float8 as p99,
      (max(extract(epoch from sent_at - created_at)) * 1000)::float8 as max
    from outbox where created_at between ${from}::timestamptz and ${to}::timestamptz and sent_at is not null
    group by kind order by kind`));
  const [error] = rowsOf<{ last_error: string | null }>(await db.execute(sql`select last_error from outbox where last_error is not null order by id desc limit 1`));
  return { ...row, lag, lastError: error?.last_error ?? null };
}

/**
 * Reply lag of the window: for every reply (outbox row of kind `message`) created in [from, to], from the
 * commit of the inbound message's transaction (the row's created_at) to the Graph API's answer to the send.
 * A reply still unsent counts with its age now, so a backlog raises the figure instead of leaving it out.
 */
async function replyLag({ from, to }: { from: string; to: string }) {
  // A text's replies are rows of one transaction (same created_at, now() of that transaction) to one
  // conversation; they are sent in order, each after WhatsApp took the one before, so the second waits at
  // least one Graph API answer more than the first. `first_*` is the lag of each text's first reply alone.
  const [row] = rowsOf<{ n: number; unsent: number; p50: number | null; p99: number | null; first_p50: number | null; first_p99: number | null }>(await db.execute(sql`
    with replies as (
      select extract(epoch from coalesce(sent_at, now()) - created_at) * 1000 as lag_ms, sent_at,
        row_number() over (partition by conversation_id, created_at order by id) as nth
      from outbox where kind = 'message' and created_at between ${from}::timestamptz and ${to}::timestamptz
    )
    select count(*)::int as n, (count(*) filter (where sent_at is null))::int as unsent,
      (percentile_cont(0.5) within group (order by lag_ms))::float8 as p50,
      (percentile_cont(0.99) within group (order by lag_ms))::float8 as p99,
      (percentile_cont(0.5) within group (order by lag_ms) filter (where nth = 1))::float8 as first_p50,
      (percentile_cont(0.99) within group (order by lag_ms) filter (where nth = 1))::float8 as first_p99
    from replies`));
  return row!;
}

/**
 * On PostgreSQL the event-log follower reads what other instances committed, from where it was at start:
 * the seeded event log would be read (and published) at its next wake-up, maybe during a measured run.
 * `watch` (called before the seed) notes the newest event it publishes; `caughtUp` wakes it and waits until
 * it has published the newest event of the log (60 s at most).
 */
function watchFollower() {
  let seen = 0;
  const unsubscribe = app.wadesk.bus.subscribe((event) => {
    seen = Math.max(seen, event.id);
  });
  return {
    caughtUp: async () => {
      const [latest] = rowsOf<{ id: number }>(await db.execute(sql`select coalesce(max(id), 0)::bigint as id from domain_events`));
      const target = Number(latest!.id);
      const started = performance.now();
      await db.execute(sql`select pg_notify(${EVENTS_CHANNEL}, '')`);
      while (seen < target && performance.now() - started < 60_000) await new Promise((resolve) => setTimeout(resolve, 50));
      unsubscribe();
      console.log(`history: the event-log follower ${seen >= target ? 'published' : 'did NOT publish'} the seeded events (up to id ${target}) within ${((performance.now() - started) / 1000).toFixed(1)} s`);
    },
  };
}

async function unsent(): Promise<number> {
  return rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from outbox where status in ('pending', 'sending')`))[0]!.n;
}

serveParent({
  seed: () => seedDatabase(db),
  /** A support agent (not an admin) and an API token of theirs: what the inbox's API clients call with. */
  agentToken: async () => {
    const agents = new AgentDirectory(db);
    const agent = (await agents.findByEmail('grace@bench.example')) ?? await agents.create({ name: 'Grace', email: 'grace@bench.example', role: 'agent' });
    const { token } = await agents.createToken(agent.id, 'bench');
    return { agentId: agent.id, token };
  },
  /** The large history (bench/lib/history.ts); its progress lines go to this process's log. */
  history: async (options: Omit<HistoryOptions, 'progress'>) => {
    const follower = kind === 'postgres' ? watchFollower() : null;
    const counts = await seedHistory(db, { ...options, progress: (line) => console.log(line) });
    await follower?.caughtUp();
    return counts;
  },
  replyLag,
  /** Starts a measurement window: CPU and event-loop counters, and the database clock. */
  mark: async () => {
    statementCounts.clear();
    elu = performance.eventLoopUtilization();
    return { cpu: process.cpuUsage(), at: performance.now(), dbNow: await dbNow() };
  },
  usage: async () => {
    // Read the counters before asking the database for its clock (that query would count itself).
    const sample = {
      cpu: process.cpuUsage(), at: performance.now(), elu: performance.eventLoopUtilization(elu).utilization, ...counter,
      rssMb: process.memoryUsage.rss() / (1024 * 1024),
      // The clock of V8's CPU profiles (µs): lets profile-summary.ts cut a profile to one measured run.
      hrUs: Number(process.hrtime.bigint() / 1000n),
    };
    logStatements();
    return { ...sample, dbNow: await dbNow() };
  },
  windowStats,
  /** Outbox rows not sent yet: one index-backed count, unlike windowStats (which reads messages by time). */
  backlog: () => unsent(),
  /** Waits (at most `timeoutMs`) until no outbox row is pending or being sent. */
  drain: async ({ timeoutMs }: { timeoutMs: number }) => {
    const started = performance.now();
    for (;;) {
      const n = await unsent();
      if (n === 0) return { drained: true, ms: performance.now() - started, left: 0 };
      if (performance.now() - started > timeoutMs) return { drained: false, ms: performance.now() - started, left: n };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  },
  stop: async () => {
    await app.close();
    process.exit(0);
  },
}, { url: app.wadesk.selfUrl(), kind });

/**
 * `npx tsx bench/explain.ts [pglite|postgres]`: query plans and timings of the hot queries on the database
 * the benchmark seeds (1,100 conversations, ~25,000 messages and as many outbox rows). It calls the app's own
 * query functions and captures the SQL they send, so it stays true to src/. On `postgres` it works in a
 * scratch database on BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), dropped after.
 *
 * The indexes it tries are created only in this scratch copy: they show what a migration would change.
 * PGlite never analyzes by itself (no autovacuum in a single-user embedded server), so there the plan
 * "from before the backlog" is the one a long-running PGlite instance keeps.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { listConversations, supportQueue } from '../src/admin/queries.js';
import { openDatabase, rowsOf, type Db } from '../src/db/client.js';
import { PgliteConnection } from '../src/db/pglite-connection.js';
import { schema } from '../src/db/schema.js';
import { claimDueRows } from '../src/outbox/claim.js';
import { seedDatabase } from './lib/seed.js';

const target = process.argv[2] ?? 'pglite';
if (target !== 'pglite' && target !== 'postgres') throw new Error('usage: tsx bench/explain.ts [pglite|postgres]');

type Raw = (text: string, params?: unknown[]) => Promise<{ rows: Array<Record<string, unknown>> }>;
let db: Db;
/** The driver's own query function, not captured: for the harness's BEGIN, ROLLBACK, EXPLAIN and indexes. */
let raw: Raw;
let close: () => Promise<void>;
// The last statement the app's code sent, with its parameters.
let captured: { text: string; params: unknown[] } | null = null;

if (target === 'pglite') {
  const pglite = new PGlite();
  const database = await openDatabase({ pglite });
  db = database.db;
  const query = pglite.query.bind(pglite);
  raw = (text, params) => query(text, params) as ReturnType<Raw>;
  // The app's statements go through PgliteConnection (prepared, generic plans, as in production).
  const run = PgliteConnection.prototype.query;
  PgliteConnection.prototype.query = function (this: PgliteConnection, text: string, params?: unknown[], options?: never) {
    captured = { text, params: params ?? [] };
    return run.call(this, text, params, options);
  } as typeof run;
  close = () => database.close();
} else {
  const baseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `wadesk_explain_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const drop = async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  try {
    await (await openDatabase({ databaseUrl: url.toString() })).close(); // migrations
  } catch (err) {
    await drop();
    throw err;
  }
  // One connection, so that the harness's BEGIN/ROLLBACK wrap the app's statements.
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const query = client.query.bind(client) as (text: string, params?: unknown[]) => Promise<pg.QueryResult>;
  raw = (text, params) => query(text, params);
  (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
    const first = args[0] as string | { text: string; values?: unknown[] };
    // drizzle passes (config, params); others (text, params) or ({ text, values }).
    const params = (Array.isArray(args[1]) ? args[1] : typeof first === 'string' ? [] : first.values ?? []) as unknown[];
    captured = { text: typeof first === 'string' ? first : first.text, params };
    return (query as (...a: unknown[]) => unknown)(...args);
  };
  db = drizzlePg(client, { schema }) as unknown as Db;
  close = async () => {
    await client.end().catch(() => undefined);
    await drop();
  };
}

async function study(title: string, run: () => Promise<unknown>, times: number): Promise<void> {
  captured = null;
  await run();
  const statement = captured as { text: string; params: unknown[] } | null;
  if (!statement) throw new Error(`${title}: nothing captured`);
  for (let i = 0; i < 5; i++) await run(); // warm
  const t = performance.now();
  for (let i = 0; i < times; i++) await run();
  const ms = (performance.now() - t) / times;
  // EXPLAIN ANALYZE runs the statement: roll back what it changes.
  await raw('begin');
  const plan = await raw(`explain (analyze, costs off, timing off) ${statement.text}`, statement.params);
  await raw('rollback');
  console.log(`== ${title}: ${ms.toFixed(2)} ms per call (mean of ${times}, whole round trip through the app's code)`);
  for (const row of plan.rows) console.log(`   ${String(Object.values(row)[0])}`);
  console.log('');
}

/** Claims inside a transaction that is rolled back, so that every call (and the EXPLAIN) sees the same backlog. */
async function claimRolledBack(): Promise<void> {
  await raw('begin');
  try {
    await claimDueRows(db, 50, 60_000);
  } finally {
    await raw('rollback');
  }
}

const started = performance.now();
try {
  await main();
} finally {
  await close();
}
console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);

async function main(): Promise<void> {
  const seeded = await seedDatabase(db);
  console.log(`${target}: seeded ${seeded.conversations} conversations, ${seeded.messages} messages, ${seeded.outbox} outbox rows (all sent), analyzed\n`);

  await study('GET /api/admin/conversations?limit=20 (listConversations)', () => listConversations(db, { limit: 20 }), 100);
  // The inbox's search: full text on every user message ("order" is in all of them), a word in none, a local number.
  await study('GET /api/admin/conversations?limit=50&q=order (matches every conversation)', () => listConversations(db, { limit: 50, search: 'order' }), 20);
  await study('GET /api/admin/conversations?limit=50&q=refund (matches none)', () => listConversations(db, { limit: 50, search: 'refund' }), 20);
  await study('GET /api/admin/conversations?limit=50&q=0801 234 5678 (DEFAULT_COUNTRY_CODE=NG)', () => listConversations(db, { limit: 50, search: '0801 234 5678', country: 'NG' }), 20);
  await db.execute(sql`
    insert into chat_sessions (conversation_id) select id from conversations order by last_message_at desc limit 50`);
  await db.execute(sql`update conversations c set active_chat_session_id = s.id from chat_sessions s where s.conversation_id = c.id`);
  await raw('analyze');
  await study('GET /api/admin/queue with 50 active chats (supportQueue, with previews)', () => supportQueue(db), 20);
  await study('outbox claim with nothing due (the dispatcher polls this)', claimRolledBack, 100);

  // A backlog, as after a burst or a Graph API outage: 4 replies and a read receipt per conversation.
  await db.execute(sql`
    insert into outbox (conversation_id, message_id, kind, status)
    select m.conversation_id, m.id, case when m.direction = 'inbound' then 'read' else 'message' end, 'pending'
    from (select m.*, row_number() over (partition by m.conversation_id order by m.id desc) as n from messages m) m
    where m.n <= 5`);
  const [backlog] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from outbox where status = 'pending'`));
  await study(`outbox claim of 50 with ${backlog!.n} rows pending, statistics from before the backlog (as right after a burst)`, claimRolledBack, 3);
  await raw('analyze outbox');
  await study(`the same claim after ANALYZE`, claimRolledBack, 10);
  await raw(`create index bench_outbox_waiting on outbox (id) where status in ('pending', 'sending')`);
  await raw(`create index bench_outbox_waiting_messages on outbox (conversation_id, id) where kind = 'message' and status in ('pending', 'sending')`);
  await raw('analyze outbox');
  await study(`the same claim WITH partial indexes on outbox (id) and (conversation_id, id) of the waiting rows only`, claimRolledBack, 10);
}

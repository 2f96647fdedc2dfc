import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { useTestApp } from '../helpers/app.js';
import { useScratchDatabase } from '../helpers/postgres.js';
import { missing } from '../helpers/requirements.js';

async function get(url: string): Promise<{ status: number; body: string; json: any }> {
  const response = await fetch(url);
  const body = await response.text();
  return { status: response.status, body, json: JSON.parse(body) };
}

describe('GET /health and GET /ready on PGlite', () => {
  const t = useTestApp();

  it('/health answers without credentials', async () => {
    expect(await get(`${t.url}/health`)).toMatchObject({ status: 200, json: { status: 'ok' } });
  });

  it('/ready answers 200 with every check, without credentials and without anything sensitive', async () => {
    const ready = await get(`${t.url}/ready`);
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({
      status: 'ready',
      checks: {
        database: { ok: true, kind: 'pglite' },
        migrations: { ok: true, applied: expect.any(Number), expected: expect.any(Number) },
        dispatcher: { ok: true },
        jobs: { ok: true },
      },
    });
    expect(ready.json.checks.migrations.applied).toBe(ready.json.checks.migrations.expected);
    for (const secret of [t.config.dataDir, hostname(), t.fake.url, 'test-admin-token']) expect(ready.body).not.toContain(secret);
  });

  it('/ready answers 503 while the job runner (media downloads) is stopped', async () => {
    await t.app.wadesk.jobs.stop();
    try {
      const stopped = await get(`${t.url}/ready`);
      expect(stopped.status).toBe(503);
      expect(stopped.json.checks.jobs).toEqual({ ok: false, problem: 'stopped' });
    } finally {
      t.app.wadesk.jobs.start();
    }
    expect((await get(`${t.url}/ready`)).status).toBe(200);
  });

  it('/ready answers 503 while the dispatcher is stopped, and 200 again once it runs', async () => {
    await t.app.wadesk.dispatcher.stop();
    try {
      const stopped = await get(`${t.url}/ready`);
      expect(stopped.status).toBe(503);
      expect(stopped.json).toMatchObject({ status: 'not_ready', checks: { dispatcher: { ok: false, problem: 'stopped' }, database: { ok: true } } });
    } finally {
      t.app.wadesk.dispatcher.start();
    }
    expect((await get(`${t.url}/ready`)).status).toBe(200);
  });

  it('/ready answers 503 when a migration of this build is missing from the database, or the database is newer', async () => {
    const { db } = t.database;
    const [last] = (await db.execute(sql`select id, hash, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`) as unknown as { rows: Array<{ id: number; hash: string; created_at: string }> }).rows;
    await db.execute(sql`delete from drizzle.__drizzle_migrations where id = ${last!.id}`);
    const pending = await get(`${t.url}/ready`);
    expect(pending.status).toBe(503);
    expect(pending.json.checks.migrations).toMatchObject({ ok: false, problem: 'pending_migrations' });
    await db.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${last!.hash}, ${last!.created_at})`);
    expect((await get(`${t.url}/ready`)).status).toBe(200);

    await db.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-a-newer-version', ${Date.now() + 86_400_000})`);
    const newer = await get(`${t.url}/ready`);
    expect(newer.status).toBe(503);
    expect(newer.json.checks.migrations).toMatchObject({ ok: false, problem: 'newer_database' });
    await db.execute(sql`delete from drizzle.__drizzle_migrations where hash = 'from-a-newer-version'`);
  });
});

describe.skipIf(missing('postgres'))('GET /ready on PostgreSQL', () => {
  const scratch = useScratchDatabase();
  const t = useTestApp(async () => ({ database: await openDatabase({ databaseUrl: scratch.url }), closeDatabase: true }));

  it('checks the event-log follower too, and says nothing of the server it talks to', async () => {
    const ready = await get(`${t.url}/ready`);
    expect(ready.status).toBe(200);
    expect(ready.json.checks).toMatchObject({ database: { ok: true, kind: 'postgres' }, events: { ok: true }, dispatcher: { ok: true } });
    const url = new URL(scratch.url);
    for (const secret of [url.hostname, url.pathname.slice(1), 'postgres://']) expect(ready.body).not.toContain(secret);
  });

  it('reports the pool in /metrics', async () => {
    const response = await fetch(`${t.url}/metrics`, { headers: { authorization: 'Bearer test-admin-token-0123456789' } });
    const text = await response.text();
    expect(text).toMatch(/^wadesk_db_pool_connections \d+$/m);
    expect(text).toMatch(/^wadesk_db_pool_idle_connections \d+$/m);
    expect(text).toMatch(/^wadesk_db_pool_waiting_requests \d+$/m);
  });

  it('answers 503 "unreachable" when the database is gone, without the driver\'s message', async () => {
    await scratch.drop();
    const gone = await get(`${t.url}/ready`);
    expect(gone.status).toBe(503);
    expect(gone.json.checks.database).toEqual({ ok: false, kind: 'postgres', problem: 'unreachable' });
    expect(gone.body).not.toContain(new URL(scratch.url).pathname.slice(1));
  });
});

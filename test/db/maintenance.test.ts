import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.js';
import { anyOf } from '../../src/db/any-of.js';
import { Maintenance } from '../../src/db/maintenance.js';
import { statusEvents } from '../../src/db/schema.js';
import { useTestApp } from '../helpers/app.js';
import { freshDatabase } from '../helpers/database.js';

describe('database housekeeping', () => {
  const t = useTestApp();

  const count = async (query: ReturnType<typeof sql>) => rowsOf<{ n: number }>(await t.database.db.execute(query))[0]!.n;

  it('forgets sent outbox rows after a week and events after three days, and keeps the messages', async () => {
    for (const text of ['chat support', 'hello?']) await t.fake.simulator.sendUserMessage({ from: '2348033330001', name: 'Ifeoma', text });
    await t.settle();
    const messagesBefore = await count(sql`select count(*)::int as n from messages`);
    const outboxBefore = await count(sql`select count(*)::int as n from outbox`);
    const eventsBefore = await count(sql`select count(*)::int as n from domain_events`);
    expect(outboxBefore).toBeGreaterThan(2);
    // Age half of everything: the oldest rows go past the retention, the rest stay recent.
    await t.database.db.execute(sql`update outbox set created_at = now() - interval '8 days' where id in (select id from outbox order by id limit 2)`);
    await t.database.db.execute(sql`update domain_events set created_at = now() - interval '4 days' where id in (select id from domain_events order by id limit 2)`);

    await new Maintenance(t.database, t.app.log).runOnce();

    expect(await count(sql`select count(*)::int as n from outbox`)).toBe(outboxBefore - 2);
    expect(await count(sql`select count(*)::int as n from domain_events`)).toBe(eventsBefore - 2);
    expect(await count(sql`select count(*)::int as n from messages`)).toBe(messagesBefore);
  });
});

describe('planner statistics on PGlite', () => {
  it('analyses a table soon after it grew, so the statements prepared while it was small are planned again', async () => {
    const database = await freshDatabase();
    const logged: string[] = [];
    const note = (context: object | string, msg?: string) => logged.push(typeof context === 'string' ? context : `${msg} ${JSON.stringify(context)}`);
    const maintenance = new Maintenance(database, { debug: note, info: note, warn: note, error: note });
    try {
      const { db } = database;
      // The lookup markAccepted makes after every send, through the app's connection (prepared, generic plan).
      const earlyStatuses = () => db.select().from(statusEvents).where(anyOf(statusEvents.wamid, ['wamid.x', 'wamid.y'], 'text'));
      const scans = async () => {
        await db.execute(sql`select pg_stat_force_next_flush()`);
        const [row] = rowsOf<{ seq: number; idx: number }>(await db.execute(sql`
          select seq_scan::int as seq, coalesce(idx_scan, 0)::int as idx from pg_stat_user_tables where relname = 'status_events'`));
        return row!;
      };
      const add = (from: number, to: number) => db.execute(sql`
        insert into status_events (wamid, status, occurred_at) select 'wamid.' || g, 'sent', now() from generate_series(${from}::int, ${to}::int) g`);
      // A new install: the table holds a page of rows when the statement is first run (and planned).
      await add(1, 40);
      await db.execute(sql`analyze status_events`);
      await earlyStatuses();
      await add(41, 20000);

      let before = await scans();
      await earlyStatuses();
      let after = await scans();
      // The plan made on the small table reads the whole table: what the refresh is for.
      expect(after.seq - before.seq).toBe(1);

      // The housekeeping run refreshes them too (and only the tables that changed enough).
      await maintenance.runOnce();
      expect(logged.join('\n')).toMatch(/statistics refreshed.*status_events/);
      expect(logged.join('\n')).not.toMatch(/statistics refreshed.*"messages"/);
      before = await scans();
      await earlyStatuses();
      after = await scans();
      expect(after.seq - before.seq).toBe(0);
      expect(after.idx - before.idx).toBe(1);

      // Nothing changed since: nothing is analysed again.
      logged.length = 0;
      await maintenance.refreshStatistics();
      expect(logged).toEqual([]);
    } finally {
      await maintenance.stop();
      await database.close();
    }
  });
});

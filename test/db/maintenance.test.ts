import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.js';
import { Maintenance } from '../../src/db/maintenance.js';
import { useTestApp } from '../helpers/app.js';

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
    // PGlite's statistics were refreshed (it never analyses by itself).
    expect(await count(sql`select count(*)::int as n from pg_stat_user_tables where relname = 'outbox' and last_analyze is not null`)).toBe(1);
  });
});

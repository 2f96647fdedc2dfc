import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyticsFilter, analyticsStatement } from '../../src/admin/analytics.js';
import { openDatabase, rowsOf } from '../../src/db/client.js';
import { useTestApp, type TestApp, type TestAppOptions } from '../helpers/app.js';
import { seedChats, seedManyChats, type SeedSet, type Seeded } from '../helpers/analytics.js';
import { useScratchDatabase } from '../helpers/postgres.js';
import { missing } from '../helpers/requirements.js';
import { bearer, call, createAgent, createToken, expectError } from './support.js';

/**
 * `GET /api/admin/analytics` on a set of chats whose figures were worked out by hand (below, beside each
 * chat), on PGlite and on PostgreSQL; then the same statement on 100,000 chats, where the plan must use
 * the index on started_at.
 */

// March 2026: Monday the 2nd to Thursday the 5th (UTC). Africa/Lagos is UTC+1 all year.
const MARCH: SeedSet = {
  agents: ['Ada', 'Bayo', 'Chidi'],
  labels: { billing: ['one', 'three'], Exams: ['four'] },
  chats: [
    // Sunday 1st 23:59:59 UTC: outside the UTC range; Monday 00:59:59 in Lagos.
    { conversation: 'ten', startedAt: '2026-03-01T23:59:59Z', respondedAfter: 10, endedAfter: 100, agent: 'Ada', messages: { user: 2 } },
    // Monday 2nd.
    { conversation: 'one', startedAt: '2026-03-02T09:00:00Z', respondedAfter: 30, endedAfter: 600, agent: 'Ada', csat: { status: 'rated', rating: 5 },
      messages: { user: 3, agent: 2, bot: 1, system: 1, note: 1 } },
    { conversation: 'two', startedAt: '2026-03-02T09:30:00Z', respondedAfter: 90, endedAfter: 1200, agent: 'Ada', csat: { status: 'rated', rating: 4 },
      messages: { user: 2, agent: 1 } },
    // Missed: ended without a reply.
    { conversation: 'three', startedAt: '2026-03-02T14:00:00Z', endedAfter: 300, messages: { user: 1, system: 1 } },
    // Tuesday 3rd.
    { conversation: 'four', startedAt: '2026-03-03T10:00:00Z', respondedAfter: 60, endedAfter: 900, agent: 'Bayo', csat: { status: 'rated', rating: 2 },
      messages: { user: 2, agent: 2, reaction: 1 } },
    // Still open, answered.
    { conversation: 'five', startedAt: '2026-03-03T10:15:00Z', respondedAfter: 120, agent: 'Bayo', messages: { user: 1, agent: 1 } },
    // 23:30 UTC: Wednesday 00:30 in Lagos.
    { conversation: 'six', startedAt: '2026-03-03T23:30:00Z', respondedAfter: 45, endedAfter: 1800, agent: 'Chidi', csat: { status: 'rated', rating: 3 },
      messages: { user: 2, agent: 1 } },
    // Waiting: neither answered nor missed.
    { conversation: 'one', startedAt: '2026-03-03T16:00:00Z', messages: { user: 1 } },
    // Wednesday 4th: nothing (UTC). Thursday 5th.
    { conversation: 'two', startedAt: '2026-03-05T08:00:00Z', respondedAfter: 300, endedAfter: 3600, agent: 'Chidi', csat: { status: 'asked' },
      messages: { user: 3, agent: 3 } },
    { conversation: 'three', startedAt: '2026-03-05T12:00:00Z', respondedAfter: 20, endedAfter: 400, agent: 'Ada', csat: { status: 'skipped' },
      messages: { user: 2, agent: 1 } },
    // 23:30 UTC: Friday 00:30 in Lagos, outside its range.
    { conversation: 'seven', startedAt: '2026-03-05T23:30:00Z', messages: { user: 1 } },
    // Friday 6th 00:00 UTC: the first instant after the range.
    { conversation: 'eight', startedAt: '2026-03-06T00:00:00Z', respondedAfter: 5, endedAfter: 50, agent: 'Ada', messages: { user: 9 } },
  ],
};

// Paris leaves summer time on Sunday 25 October 2026 at 01:00 UTC: that day is 25 hours long (22:00 UTC on the 24th to 23:00 UTC on the 25th).
const AUTUMN: SeedSet = {
  agents: ['Dayo'],
  chats: [
    { conversation: 'paris-1', startedAt: '2026-10-24T22:30:00Z', agent: 'Dayo' }, // Paris: Sunday 00:30 (CEST)
    { conversation: 'paris-2', startedAt: '2026-10-25T01:30:00Z', agent: 'Dayo' }, // Paris: Sunday 02:30 (CET, the second one)
    { conversation: 'paris-3', startedAt: '2026-10-25T22:30:00Z', agent: 'Dayo' }, // Paris: Sunday 23:30 (CET)
    { conversation: 'paris-4', startedAt: '2026-10-25T23:00:00Z', agent: 'Dayo' }, // Paris: Monday 00:00
  ],
};

const ZERO_DISTRIBUTION = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
const day = (date: string, started: number, answered: number, missed: number, firstResponse: number | null, csat: number | null) => ({
  date, chats_started: started, chats_answered: answered, chats_missed: missed, first_response_median_seconds: firstResponse, csat_average: csat,
});

/** The heat map's non-zero cells as `weekday/hour → chats` (it always has all 168). */
function busyCells(heatmap: Array<{ weekday: number; hour: number; chats: number }>): Record<string, number> {
  expect(heatmap).toHaveLength(168);
  expect(heatmap.map((c) => `${c.weekday}/${c.hour}`)).toEqual(Array.from({ length: 168 }, (_, i) => `${Math.floor(i / 24)}/${i % 24}`));
  return Object.fromEntries(heatmap.filter((c) => c.chats > 0).map((c) => [`${c.weekday}/${c.hour}`, c.chats]));
}

function specifyAnalytics(t: TestApp): void {
  let seeded: Seeded;
  beforeAll(async () => {
    seeded = await seedChats(t.database.db, MARCH);
    await seedChats(t.database.db, AUTUMN);
  });
  const get = async (query: string, headers?: Record<string, string>) => call(t, 'GET', `/api/admin/analytics?${query}`, undefined, headers);

  it('counts, medians and percentiles of the range, day by day, agent by agent, hour by hour (UTC)', async () => {
    const answer = await get('from=2026-03-02&to=2026-03-05');
    expect(answer.status).toBe(200);
    const { data } = answer.json;
    expect(Object.keys(data)).toEqual(['from', 'to', 'tz', 'chats_started', 'chats_answered', 'chats_missed', 'first_response_seconds',
      'resolution_seconds', 'messages_per_chat', 'csat', 'per_day', 'per_agent', 'heatmap']);
    expect(data).toMatchObject({
      from: '2026-03-02', to: '2026-03-05', tz: 'UTC',
      chats_started: 10, chats_answered: 7, chats_missed: 1,
      // Replies after 20 30 45 60 90 120 300 s: the middle one; p90 at 0.9 × 6 = 5.4 → 120 + 0.4 × 180.
      first_response_seconds: { median: 60, p90: 192 },
      // Ends after 300 400 600 900 1200 1800 3600 s.
      resolution_seconds: { median: 900, p90: 2520 },
      // 5 + 3 + 1 + 4 + 2 + 3 + 1 + 6 + 3 + 1 messages from users and agents over 10 chats.
      messages_per_chat: 2.9,
      csat: { average: 3.5, count: 4, distribution: { 1: 0, 2: 1, 3: 1, 4: 1, 5: 1 } },
    });
    expect(data.per_day).toEqual([
      day('2026-03-02', 3, 2, 1, 60, 4.5),
      day('2026-03-03', 4, 3, 0, 60, 2.5),
      day('2026-03-04', 0, 0, 0, null, null),
      day('2026-03-05', 3, 2, 0, 160, null),
    ]);
    expect(data.per_agent).toEqual([
      { agent_id: seeded.agentIds.Ada, agent_name: 'Ada', chats: 3, answered: 3, first_response_median_seconds: 30, resolution_median_seconds: 600, csat_average: 4.5, csat_count: 2 },
      { agent_id: seeded.agentIds.Bayo, agent_name: 'Bayo', chats: 2, answered: 2, first_response_median_seconds: 90, resolution_median_seconds: 900, csat_average: 2, csat_count: 1 },
      { agent_id: seeded.agentIds.Chidi, agent_name: 'Chidi', chats: 2, answered: 2, first_response_median_seconds: 172.5, resolution_median_seconds: 2700, csat_average: 3, csat_count: 1 },
      { agent_id: null, agent_name: null, chats: 3, answered: 0, first_response_median_seconds: null, resolution_median_seconds: 300, csat_average: null, csat_count: 0 },
    ]);
    // 0 = Monday.
    expect(busyCells(data.heatmap)).toEqual({ '0/9': 2, '0/14': 1, '1/10': 2, '1/16': 1, '1/23': 1, '3/8': 1, '3/12': 1, '3/23': 1 });
  });

  it('puts each chat on its day and hour in the time zone asked for (Africa/Lagos, UTC+1)', async () => {
    const { data } = (await get('from=2026-03-02&to=2026-03-05&tz=africa/lagos')).json;
    expect(data).toMatchObject({
      tz: 'Africa/Lagos', chats_started: 10, chats_answered: 8, chats_missed: 1,
      // 10 20 30 45 60 90 120 300 s; p90 at 6.3 → 120 + 0.3 × 180.
      first_response_seconds: { median: 52.5, p90: 174 },
      resolution_seconds: { median: 750, p90: 2340 },
      messages_per_chat: 3,
    });
    expect(data.per_day).toEqual([
      day('2026-03-02', 4, 3, 1, 30, 4.5),
      day('2026-03-03', 3, 2, 0, 90, 2),
      day('2026-03-04', 1, 1, 0, 45, 3),
      day('2026-03-05', 2, 2, 0, 160, null),
    ]);
    expect(busyCells(data.heatmap)).toEqual({ '0/0': 1, '0/10': 2, '0/15': 1, '1/11': 2, '1/17': 1, '2/0': 1, '3/9': 1, '3/13': 1 });
  });

  it('counts the 25 hours of the day Paris leaves summer time as that one day', async () => {
    const paris = (await get('from=2026-10-25&to=2026-10-25&tz=Europe/Paris')).json.data;
    expect(paris.per_day).toEqual([day('2026-10-25', 3, 0, 0, null, null)]);
    expect(busyCells(paris.heatmap)).toEqual({ '6/0': 1, '6/2': 1, '6/23': 1 });
    const utc = (await get('from=2026-10-25&to=2026-10-25')).json.data;
    expect(busyCells(utc.heatmap)).toEqual({ '6/1': 1, '6/22': 1, '6/23': 1 });
    const nextDay = (await get('from=2026-10-26&to=2026-10-26&tz=Europe/Paris')).json.data;
    expect(busyCells(nextDay.heatmap)).toEqual({ '0/0': 1 });
  });

  it('filters by agent, by label (id or name, any case), and by both', async () => {
    const bayo = (await get(`from=2026-03-02&to=2026-03-05&agent=${seeded.agentIds.Bayo}`)).json.data;
    expect(bayo).toMatchObject({ chats_started: 2, chats_answered: 2, chats_missed: 0, first_response_seconds: { median: 90, p90: 114 }, csat: { average: 2, count: 1 } });
    expect(bayo.per_agent.map((a: { agent_name: string }) => a.agent_name)).toEqual(['Bayo']);

    // billing: conversations one and three — their chats of Monday, Tuesday and Thursday.
    const billing = (await get('from=2026-03-02&to=2026-03-05&label=BILLING')).json.data;
    expect(billing).toMatchObject({ chats_started: 4, chats_answered: 2, chats_missed: 1 });
    expect((await get(`from=2026-03-02&to=2026-03-05&label=${seeded.labelIds.billing}`)).json.data.chats_started).toBe(4);
    expect((await get('from=2026-03-02&to=2026-03-05&label=exams')).json.data.per_agent.map((a: { agent_name: string }) => a.agent_name)).toEqual(['Bayo']);
    const both = (await get(`from=2026-03-02&to=2026-03-05&label=billing&agent=${seeded.agentIds.Ada}`)).json.data;
    expect(both).toMatchObject({ chats_started: 2, first_response_seconds: { median: 25 } });
  });

  it('answers an empty range with zeros, nulls, every day and every cell', async () => {
    const { data } = (await get('from=2026-01-01&to=2026-01-03')).json;
    expect(data).toMatchObject({
      chats_started: 0, chats_answered: 0, chats_missed: 0,
      first_response_seconds: { median: null, p90: null }, resolution_seconds: { median: null, p90: null },
      messages_per_chat: null, csat: { average: null, count: 0, distribution: ZERO_DISTRIBUTION }, per_agent: [],
    });
    expect(data.per_day).toEqual(['2026-01-01', '2026-01-02', '2026-01-03'].map((d) => day(d, 0, 0, 0, null, null)));
    expect(busyCells(data.heatmap)).toEqual({});
  });

  it('defaults to the business time zone when one is set', async () => {
    await t.database.db.execute(sql`insert into settings (key, value) values ('business_hours', '{"timezone": "Africa/Lagos"}')`);
    try {
      const { data } = (await get('from=2026-03-02&to=2026-03-05')).json;
      expect(data).toMatchObject({ tz: 'Africa/Lagos', chats_answered: 8 });
      expect((await get('from=2026-03-02&to=2026-03-05&tz=UTC')).json.data).toMatchObject({ tz: 'UTC', chats_answered: 7 });
    } finally {
      await t.database.db.execute(sql`delete from settings where key = 'business_hours'`);
    }
  });

  it('is for agents as much as for admins', async () => {
    const agent = await createAgent(t, { name: 'Efe', email: `efe.${Date.now()}@analytics.test`, role: 'agent' });
    const answer = await get('from=2026-03-02&to=2026-03-02', bearer((await createToken(t, agent.id)).token));
    expect(answer.status).toBe(200);
    expect(answer.json.data.chats_started).toBe(3);
  });

  it('refuses what it cannot answer with a 400 and a code', async () => {
    expectError(await get('to=2026-03-05'), 400, 'VALIDATION_ERROR');
    expectError(await get('from=2026-03-02'), 400, 'VALIDATION_ERROR');
    expectError(await get('from=yesterday&to=2026-03-05'), 400, 'VALIDATION_ERROR');
    expectError(await get('from=2026-02-30&to=2026-03-05'), 400, 'VALIDATION_ERROR');
    expectError(await get('from=2026-03-05&to=2026-03-02'), 400, 'INVALID_RANGE');
    expectError(await get('from=2024-01-01&to=2025-01-01'), 400, 'INVALID_RANGE');
    expect((await get('from=2024-01-01&to=2024-12-31')).status).toBe(200);
    for (const tz of ['Mars/Olympus', '+01:00', 'UTC+1', "UTC'; select 1"]) {
      expectError(await get(`from=2026-03-02&to=2026-03-05&tz=${encodeURIComponent(tz)}`), 400, 'UNKNOWN_TIME_ZONE');
    }
    expectError(await get('from=2026-03-02&to=2026-03-05&agent=00000000-0000-4000-8000-000000000000'), 400, 'UNKNOWN_AGENT');
    expectError(await get('from=2026-03-02&to=2026-03-05&agent=ada'), 400, 'UNKNOWN_AGENT');
    expectError(await get('from=2026-03-02&to=2026-03-05&label=nope'), 400, 'UNKNOWN_LABEL');
  });
}

describe('GET /api/admin/analytics on PGlite', () => {
  const t = useTestApp();
  specifyAnalytics(t);
});

describe.skipIf(missing('postgres'))('GET /api/admin/analytics on PostgreSQL', () => {
  const scratch = useScratchDatabase();
  const t = useTestApp(async () => ({ database: await openDatabase({ databaseUrl: scratch.url }), closeDatabase: true }));
  specifyAnalytics(t);
});

/** 100,000 chats over 2025; the statement of a 30-day range must find its chats through chat_sessions_started_at_idx. */
function specifyScale(t: TestApp, label: string): void {
  it(`reads a month of 100,000 chats through the index on started_at (${label})`, { timeout: 240_000 }, async () => {
    const db = t.database.db;
    const seeding = performance.now();
    await seedManyChats(db, 100_000);
    const seeded = performance.now() - seeding;

    const month = await analyticsFilter(db, { from: '2025-06-01', to: '2025-06-30', tz: 'Europe/Paris' });
    const plan = rowsOf<{ 'QUERY PLAN': string }>(await db.execute(sql`explain ${analyticsStatement(month)}`)).map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/Index (Only )?Scan using chat_sessions_started_at_idx|Bitmap Index Scan on chat_sessions_started_at_idx/);
    expect(plan).toMatch(/(Index (Only )?Scan using|Bitmap Index Scan on) messages_chat_session_idx/);

    const timed = async (query: string) => {
      const started = performance.now();
      const answer = await call(t, 'GET', `/api/admin/analytics?${query}`);
      expect(answer.status).toBe(200);
      return { ms: Math.round(performance.now() - started), chats: answer.json.data.chats_started as number };
    };
    await timed('from=2025-06-01&to=2025-06-30'); // warm
    const monthRun = await timed('from=2025-06-01&to=2025-06-30&tz=Europe/Paris');
    const yearRun = await timed('from=2025-01-01&to=2025-12-31');
    expect(yearRun.chats).toBe(100_000);
    expect(monthRun.chats).toBeGreaterThan(8000);
    console.log(`[analytics ${label}] seeded 100,000 chats + 200,000 messages in ${Math.round(seeded)} ms; `
      + `30 days (${monthRun.chats} chats): ${monthRun.ms} ms; 365 days (${yearRun.chats} chats): ${yearRun.ms} ms\n`
      + plan.split('\n').filter((line) => /Scan (using|on) (chat_sessions|messages)/.test(line)).join('\n'));
  });
}

describe('analytics on 100,000 chats, PGlite', () => {
  const t = useTestApp();
  specifyScale(t, 'PGlite');
});

describe.skipIf(missing('postgres'))('analytics on 100,000 chats, PostgreSQL', () => {
  const scratch = useScratchDatabase();
  const t = useTestApp(async (): Promise<TestAppOptions> => ({ database: await openDatabase({ databaseUrl: scratch.url }), closeDatabase: true }));
  specifyScale(t, 'PostgreSQL');
});

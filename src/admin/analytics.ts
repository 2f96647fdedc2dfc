import { sql, type SQL } from 'drizzle-orm';
import type { Analytics, AnalyticsQuery } from '../contract/analytics.js';
import { rowsOf, type Executor } from '../db/client.js';
import { AppError } from '../errors.js';
import { checkRange, timeZoneName, unknownTimeZone } from './analytics-range.js';

/**
 * The desk's figures over a range of days (`GET /api/admin/analytics`), in two statements: one reads the
 * filters (agent, label, the business time zone), one computes everything else. A chat is a chat_sessions
 * row; it belongs to the range when it started on one of its days in the time zone. The range is compared
 * as two instants (the start of `from` and of the day after `to`, in the zone), so that
 * chat_sessions_started_at_idx serves it.
 */

export interface AnalyticsFilter {
  from: string;
  to: string;
  /** An IANA name, checked. */
  tz: string;
  agentId: string | null;
  labelId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks the query and finds what it names; a 400 for anything that is not there. */
export async function analyticsFilter(db: Executor, query: AnalyticsQuery): Promise<AnalyticsFilter> {
  checkRange(query.from, query.to);
  const tz = query.tz === undefined ? null : timeZoneName(query.tz);
  if (query.tz !== undefined && tz === null) throw unknownTimeZone(query.tz);
  const agent = query.agent ?? null;
  if (agent !== null && !UUID.test(agent)) throw unknownAgent(agent);
  const label = query.label ?? null;
  const [found] = rowsOf<{ business_tz: string | null; agent_id: string | null; label_id: string | null }>(await db.execute(sql`
    select
      (select value->>'timezone' from settings where key = 'business_hours') as business_tz,
      (select id from agents where ${agent}::text is not null and id = ${agent}::uuid) as agent_id,
      (select id from labels where ${label}::text is not null and (id::text = lower(${label}) or lower(name) = lower(${label})) limit 1) as label_id`));
  if (agent !== null && !found?.agent_id) throw unknownAgent(agent);
  if (label !== null && !found?.label_id) throw new AppError(400, 'UNKNOWN_LABEL', `No label has the id or name ${JSON.stringify(label)}.`);
  // A business time zone that is not a zone (set by hand) is ignored: the figures are then in UTC.
  const businessTz = found?.business_tz ? timeZoneName(found.business_tz) : null;
  return { from: query.from, to: query.to, tz: tz ?? businessTz ?? 'UTC', agentId: found?.agent_id ?? null, labelId: found?.label_id ?? null };
}

const unknownAgent = (agent: string) => new AppError(400, 'UNKNOWN_AGENT', `No agent has the id ${JSON.stringify(agent)}.`);

/** Seconds to 0.1 s (null over no rows). */
const percentile = (fraction: number, seconds: SQL) =>
  sql`round((percentile_cont(${sql.raw(String(fraction))}) within group (order by ${seconds}))::numeric, 1)`;
const median = (seconds: SQL) => percentile(0.5, seconds);
const csatAverage = sql`round(avg(rating), 2)`;

/**
 * The statement that computes the figures, as one row: the totals, messages per chat, and the per_day,
 * per_agent and heatmap arrays (JSON). `chats` is the range's chats
 * with what each one measures; every figure is an aggregate over it.
 */
export function analyticsStatement(f: AnalyticsFilter): SQL {
  const tz = sql`${f.tz}::text`;
  const local = sql`(s.started_at at time zone ${tz})`;
  const filters = [
    f.agentId === null ? sql`` : sql`and s.assigned_agent_id = ${f.agentId}::uuid`,
    f.labelId === null ? sql`` : sql`and exists (select 1 from conversation_labels cl where cl.conversation_id = s.conversation_id and cl.label_id = ${f.labelId}::uuid)`,
  ];
  return sql`
    with chats as materialized (
      select s.id, s.assigned_agent_id as agent_id,
        ${local}::date as day,
        extract(isodow from ${local})::int - 1 as weekday,
        extract(hour from ${local})::int as hour,
        extract(epoch from s.first_response_at - s.started_at)::float8 as response_seconds,
        extract(epoch from s.ended_at - s.started_at)::float8 as resolution_seconds,
        s.first_response_at is not null as answered,
        s.ended_at is not null and s.first_response_at is null as missed,
        case when s.csat_status = 'rated' then s.csat_rating end as rating
      from chat_sessions s
      where s.started_at >= (${f.from}::date::timestamp at time zone ${tz})
        and s.started_at < ((${f.to}::date + 1)::timestamp at time zone ${tz})
        ${filters[0]} ${filters[1]}
    ),
    days as (
      select d.at::date as day, count(c.id)::int as chats, count(*) filter (where c.answered)::int as answered,
        count(*) filter (where c.missed)::int as missed, ${median(sql`c.response_seconds`)} as response_median, ${csatAverage} as csat_average
      from generate_series(${f.from}::date::timestamp, ${f.to}::date::timestamp, interval '1 day') as d(at) left join chats c on c.day = d.at::date
      group by d.at
    ),
    agents_of as (
      select c.agent_id, count(*)::int as chats, count(*) filter (where c.answered)::int as answered,
        ${median(sql`c.response_seconds`)} as response_median, ${median(sql`c.resolution_seconds`)} as resolution_median,
        ${csatAverage} as csat_average, count(rating)::int as csat_count
      from chats c group by c.agent_id
    ),
    cells as (
      select w.weekday, h.hour, count(c.id)::int as chats
      from generate_series(0, 6) as w(weekday) cross join generate_series(0, 23) as h(hour)
        left join chats c on c.weekday = w.weekday and c.hour = h.hour
      group by w.weekday, h.hour
    )
    select
      (select json_build_object(
        'chats_started', count(*), 'chats_answered', count(*) filter (where answered), 'chats_missed', count(*) filter (where missed),
        'first_response_seconds', json_build_object('median', ${median(sql`response_seconds`)}, 'p90', ${percentile(0.9, sql`response_seconds`)}),
        'resolution_seconds', json_build_object('median', ${median(sql`resolution_seconds`)}, 'p90', ${percentile(0.9, sql`resolution_seconds`)}),
        'csat', json_build_object('average', ${csatAverage}, 'count', count(rating), 'distribution', json_build_object(
          '1', count(*) filter (where rating = 1), '2', count(*) filter (where rating = 2), '3', count(*) filter (where rating = 3),
          '4', count(*) filter (where rating = 4), '5', count(*) filter (where rating = 5))))
        from chats) as totals,
      -- What the user and the agents wrote, as the conversation preview counts it: no bot, notes, events or reactions.
      -- Found through messages_chat_session_idx (one scan for all the chats): a join would read every message of the desk's history.
      (select round(count(*)::numeric / nullif((select count(*) from chats), 0), 2) from messages m
        where m.chat_session_id = any(array(select id from chats))
          and m.sender in ('user', 'agent') and m.direction <> 'internal' and m.type not in ('reaction', 'system')) as messages_per_chat,
      (select json_agg(json_build_object(
        'date', day::text, 'chats_started', chats, 'chats_answered', answered, 'chats_missed', missed,
        'first_response_median_seconds', response_median, 'csat_average', csat_average) order by day)
        from days) as per_day,
      (select coalesce(json_agg(json_build_object(
        'agent_id', g.agent_id, 'agent_name', a.name, 'chats', g.chats, 'answered', g.answered,
        'first_response_median_seconds', g.response_median, 'resolution_median_seconds', g.resolution_median,
        'csat_average', g.csat_average, 'csat_count', g.csat_count) order by g.agent_id is null, g.chats desc, a.name, g.agent_id), '[]')
        from agents_of g left join agents a on a.id = g.agent_id) as per_agent,
      (select json_agg(json_build_object('weekday', weekday, 'hour', hour, 'chats', chats) order by weekday, hour) from cells) as heatmap`;
}

type Totals = Omit<Analytics, 'from' | 'to' | 'tz' | 'messages_per_chat' | 'per_day' | 'per_agent' | 'heatmap'>;

interface AnalyticsRow {
  totals: Totals;
  messages_per_chat: string | number | null;
  per_day: Analytics['per_day'];
  per_agent: Analytics['per_agent'];
  heatmap: Analytics['heatmap'];
}

/** A time zone PostgreSQL does not know though the JavaScript runtime does (their tz databases differ). */
function isUnknownZone(err: unknown): boolean {
  for (let current = err, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    if ((current as { code?: unknown }).code === '22023' && /time zone/i.test(current.message)) return true;
  }
  return false;
}

export async function readAnalytics(db: Executor, filter: AnalyticsFilter): Promise<Analytics> {
  let row: AnalyticsRow | undefined;
  try {
    [row] = rowsOf<AnalyticsRow>(await db.execute(analyticsStatement(filter)));
  } catch (err) {
    if (isUnknownZone(err)) throw unknownTimeZone(filter.tz);
    throw err;
  }
  if (!row) throw new Error('the analytics statement returned no row');
  const { totals, per_day, per_agent, heatmap } = row;
  return {
    from: filter.from, to: filter.to, tz: filter.tz,
    ...totals,
    // numeric arrives as text from node-postgres and PGlite alike.
    messages_per_chat: row.messages_per_chat === null ? null : Number(row.messages_per_chat),
    per_day, per_agent, heatmap,
  };
}

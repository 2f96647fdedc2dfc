/**
 * bench/results.json: one row per database and scenario, the figures the throughput issue's targets are
 * stated in. Every key is always there; a figure that does not apply (lag of a status webhook, req/s of a
 * start) is null.
 */
import { writeFileSync } from 'node:fs';

export const SCENARIOS = ['status', 'inbound', 'mix', 'admin-list', 'admin-history', 'start', 'restart'] as const;
export type BaseScenario = (typeof SCENARIOS)[number];
/** `-100k`: the same scenario on the large history (`--history`). */
export type Scenario = BaseScenario | `${BaseScenario}-100k`;
export type DbName = 'pglite' | 'postgres';

export interface ResultRow {
  db: DbName;
  scenario: Scenario;
  req_per_s: number | null;
  /** For start and restart: milliseconds until the server answered. */
  p50_ms: number | null;
  p99_ms: number | null;
  /** The mean of this run's bare-Fastify baselines (first and last). */
  baseline_req_per_s: number | null;
  ratio: number | null;
  /** Inbound commit → the Graph API accepted the reply, p99 over the run's replies. */
  lag_p99_ms: number | null;
  cpu_ms_per_req: number | null;
  sql_per_req: number | null;
  /** The server's resident set size at the end of the measured run (start/restart: once it answered). */
  rss_mb: number | null;
  /**
   * Requests/s of an open-loop (paced) run, e.g. 26 inbound texts/s at Meta's default tier; null for a
   * closed-loop (flat-out) run. An `inbound` row with it and one without: the lag targets are stated for both.
   */
  paced_per_s: number | null;
  /** `GET /health` asked every 50 ms during the measured run, one at a time beside the load: p99 of its answers. */
  health_p99_ms: number | null;
}

const KEYS: Array<keyof ResultRow> = [
  'db', 'scenario', 'req_per_s', 'p50_ms', 'p99_ms', 'baseline_req_per_s', 'ratio', 'lag_p99_ms', 'cpu_ms_per_req', 'sql_per_req', 'rss_mb', 'paced_per_s', 'health_p99_ms',
];

export function isScenario(value: string): value is Scenario {
  const base = value.endsWith('-100k') ? value.slice(0, -'-100k'.length) : value;
  return (SCENARIOS as readonly string[]).includes(base);
}

/** What a measured run gives; the baseline, the ratio and the rounding are added by `resultRow`. */
export type Measurement = Partial<Omit<ResultRow, 'db' | 'scenario' | 'baseline_req_per_s' | 'ratio'>>;

const round = (v: number | null | undefined, digits: number): number | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 10 ** digits) / 10 ** digits;

/** A complete row: every key, nulls for what is not given, the ratio to the baseline when both exist. */
export function resultRow(db: DbName, scenario: Scenario, m: Measurement, baselineRps: number | null): ResultRow {
  const rps = round(m.req_per_s, 1);
  const baseline = round(baselineRps, 1);
  return {
    db, scenario,
    req_per_s: rps,
    p50_ms: round(m.p50_ms, 1),
    p99_ms: round(m.p99_ms, 1),
    baseline_req_per_s: baseline,
    ratio: rps !== null && baseline ? round(rps / baseline, 4) : null,
    lag_p99_ms: round(m.lag_p99_ms, 1),
    cpu_ms_per_req: round(m.cpu_ms_per_req, 3),
    sql_per_req: round(m.sql_per_req, 2),
    rss_mb: round(m.rss_mb, 1),
    paced_per_s: round(m.paced_per_s, 1),
    health_p99_ms: round(m.health_p99_ms, 1),
  };
}

/** Throws when a row is not one `resultRow` makes (a wrong name, a missing key, a non-number). */
export function checkRows(rows: ResultRow[]): void {
  for (const row of rows) {
    const keys = Object.keys(row);
    if (keys.length !== KEYS.length || KEYS.some((k) => !(k in row))) throw new Error(`results row with keys ${keys.join(',')}`);
    if (row.db !== 'pglite' && row.db !== 'postgres') throw new Error(`results row with db ${String(row.db)}`);
    if (!isScenario(row.scenario)) throw new Error(`results row with scenario ${String(row.scenario)}`);
    for (const key of KEYS.slice(2)) {
      const v = row[key];
      if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) throw new Error(`results row ${row.db}/${row.scenario}: ${key} is ${String(v)}`);
    }
  }
}

/** Writes the rows as a JSON array, one row per line (diffs of a committed example stay readable). */
export function writeResults(file: string, rows: ResultRow[]): void {
  checkRows(rows);
  const text = rows.length === 0 ? '[]\n' : `[\n${rows.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n]\n`;
  writeFileSync(file, text);
}

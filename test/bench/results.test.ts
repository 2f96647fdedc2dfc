import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkRows, isScenario, resultRow, writeResults, type ResultRow } from '../../bench/lib/results.js';
import { loadMeasureStart } from '../../bench/lib/start-adapter.js';

// The shape of bench/results.json (what `npm run bench` writes) and the start-time adapter; no timing here.
const KEYS = ['db', 'scenario', 'req_per_s', 'p50_ms', 'p99_ms', 'baseline_req_per_s', 'ratio', 'lag_p99_ms', 'cpu_ms_per_req', 'sql_per_req', 'rss_mb', 'paced_per_s', 'health_p99_ms'];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wadesk-bench-results-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bench results.json', () => {
  it('gives every row every key, null where a figure does not apply, and the ratio to the baseline', () => {
    const status = resultRow('postgres', 'status', { req_per_s: 701.234, p50_ms: 67, p99_ms: 117, cpu_ms_per_req: 1.1234, sql_per_req: 5.91, rss_mb: 210.55 }, 23_000);
    expect(Object.keys(status)).toEqual(KEYS);
    expect(status).toMatchObject({ db: 'postgres', scenario: 'status', req_per_s: 701.2, baseline_req_per_s: 23_000, ratio: 0.0305, lag_p99_ms: null, paced_per_s: null, health_p99_ms: null, cpu_ms_per_req: 1.123 });

    const start = resultRow('pglite', 'start', { p50_ms: 4321.7, rss_mb: 180 }, null);
    expect(Object.keys(start)).toEqual(KEYS);
    expect(start).toMatchObject({ req_per_s: null, p50_ms: 4321.7, p99_ms: null, ratio: null, baseline_req_per_s: null, rss_mb: 180 });

    // A figure that could not be measured (NaN, no answer) is null, never NaN in the JSON.
    expect(resultRow('pglite', 'inbound', { req_per_s: Number.NaN, lag_p99_ms: null, paced_per_s: 26 }, 1000)).toMatchObject({ req_per_s: null, ratio: null, paced_per_s: 26 });
  });

  it('knows the scenario names, with -100k for the large history', () => {
    for (const name of ['status', 'inbound', 'mix', 'admin-list', 'admin-history', 'start', 'restart', 'status-100k', 'admin-history-100k']) expect(isScenario(name)).toBe(true);
    for (const name of ['baseline', 'inbound-26', 'mix-10k', 'Status', '-100k']) expect(isScenario(name)).toBe(false);
  });

  it('writes a JSON array of checked rows, and refuses rows it does not know', async () => {
    const file = path.join(dir, 'results.json');
    const rows = [
      resultRow('pglite', 'mix', { req_per_s: 400, p50_ms: 100, p99_ms: 300, lag_p99_ms: 450, cpu_ms_per_req: 3, sql_per_req: 9, rss_mb: 300 }, 20_000),
      resultRow('postgres', 'admin-list-100k', { req_per_s: 900, p50_ms: 50, p99_ms: 90 }, 20_000),
    ];
    writeResults(file, rows);
    const written = JSON.parse(await readFile(file, 'utf8')) as ResultRow[];
    expect(written).toEqual(rows);
    for (const row of written) expect(Object.keys(row)).toEqual(KEYS);

    expect(() => checkRows([{ ...rows[0]!, scenario: 'inbound-26' as never }])).toThrow(/scenario/);
    expect(() => checkRows([{ ...rows[0]!, db: 'sqlite' as never }])).toThrow(/db/);
    expect(() => checkRows([{ ...rows[0]!, p99_ms: Number.NaN }])).toThrow(/p99_ms/);
    const { rss_mb: _dropped, ...missing } = rows[0]!;
    expect(() => checkRows([missing as ResultRow])).toThrow(/keys/);
  });
});

describe('bench start-time adapter', () => {
  it('says why when the module is missing or has no measureStart', async () => {
    expect(await loadMeasureStart(path.join(dir, 'start-time.mjs'))).toEqual({ missing: expect.stringContaining('does not exist') as unknown });
    await writeFile(path.join(dir, 'other.mjs'), 'export const somethingElse = 1;\n');
    expect(await loadMeasureStart(path.join(dir, 'other.mjs'))).toEqual({ missing: expect.stringContaining('no measureStart') as unknown });
  });

  it('passes dataDir and restart through, and checks the answer', async () => {
    const file = path.join(dir, 'start-time.mjs');
    await writeFile(file, 'export async function measureStart({ dataDir, restart }) { return restart ? { ms: dataDir.length, rssMb: 2 } : { ms: 1 }; }\n');
    const loaded = await loadMeasureStart(file);
    if ('missing' in loaded) throw new Error(loaded.missing);
    expect(await loaded.measureStart({ dataDir: 'abcd', restart: true })).toEqual({ ms: 4, rssMb: 2 });
    await expect(loaded.measureStart({ dataDir: 'abcd', restart: false })).rejects.toThrow(/not \{ms, rssMb\}/);
  });
});

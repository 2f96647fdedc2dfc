import { closeSync, existsSync, openSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { TEST_DATABASE_URL } from './postgres.js';

/**
 * What some suites need beyond node: a PostgreSQL server and a Chromium. Global setup looks for both once
 * per run; a suite that needs a missing one fails in CI (CI=true) and is skipped elsewhere, with one line
 * on stderr per run saying what is missing and how to get it.
 */

export type Requirement = 'postgres' | 'chromium';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** What is missing and how to get it, per requirement (null: present). */
export type Missing = Record<Requirement, string | null>;

const LABEL: Record<Requirement, string> = { postgres: 'PostgreSQL', chromium: 'browser' };

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** Run once by global setup. */
export async function findMissing(): Promise<Missing> {
  return { postgres: await postgresProblem(), chromium: chromiumProblem() };
}

async function postgresProblem(): Promise<string | null> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return `no PostgreSQL at ${withoutPassword(TEST_DATABASE_URL)} (${reason}): start one (apt-get install postgresql) or set TEST_DATABASE_URL`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function chromiumProblem(): string | null {
  return existsSync(CHROMIUM_PATH) ? null : `no Chromium at ${CHROMIUM_PATH}: install it (apt-get install chromium)`;
}

/**
 * For `describe.skipIf(missing('postgres'))`: false when it is there. In CI a missing one throws, so the
 * file fails with the reason; elsewhere the answer is true and the first suite to skip says so on stderr.
 */
export function missing(requirement: Requirement): boolean {
  const problem = inject('missing')[requirement];
  if (problem === null) return false;
  if (process.env.CI === 'true') throw new Error(`The ${LABEL[requirement]} tests need what is missing, and CI=true does not skip them: ${problem}.`);
  sayOnce(requirement, `Skipping the ${LABEL[requirement]} tests: ${problem}.`);
  return true;
}

/** Writes `line` to stderr in the first test file of the run to call it (a marker file keeps the others quiet). */
function sayOnce(key: string, line: string): void {
  try {
    closeSync(openSync(path.join(inject('runDir'), `said-${key}`), 'wx'));
  } catch {
    return;
  }
  process.stderr.write(`\n${line}\n\n`);
}

declare module 'vitest' {
  export interface ProvidedContext {
    missing: Missing;
    runDir: string;
  }
}

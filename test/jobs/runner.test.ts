import Fastify from 'fastify';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { jobs } from '../../src/db/schema.js';
import type { JobRow } from '../../src/jobs/queue.js';
import { JobFailure, JobRunner, type JobHandler } from '../../src/jobs/runner.js';
import { freshDatabase } from '../helpers/database.js';
import { waitFor } from '../helpers/webhooks.js';

const FAST = { baseMs: 10, maxMs: 40, maxAttempts: 4 };

describe('the job runner (on a real database)', () => {
  let database: Database;
  let runner: JobRunner | null = null;
  beforeEach(async () => {
    database = await freshDatabase();
  });
  afterEach(async () => {
    await runner?.stop();
    runner = null;
    await database.close();
  });

  /** A handler that fails its first `failures` runs (with `retry`), recording every call. */
  function flaky(failures: number, retry = true) {
    const runs: number[] = [];
    const givenUp: Array<{ subject: string; reason: string }> = [];
    const handler: JobHandler = {
      async run(job: JobRow) {
        runs.push(job.attempts);
        if (runs.length <= failures) throw new JobFailure(`failure ${runs.length}`, retry);
      },
      async giveUp(job: JobRow, reason: string) {
        givenUp.push({ subject: job.subjectId, reason });
      },
    };
    return { handler, runs, givenUp };
  }
  function start(handler: JobHandler, soleWorker = false) {
    runner = new JobRunner({ db: database.db, log: Fastify({ logger: false }).log, handlers: { 'media.download': handler }, policy: FAST, pollMs: 20, soleWorker });
    runner.start();
  }
  const job = async () => (await database.db.select().from(jobs))[0]!;

  it('retries a failing job with back-off until it succeeds', async () => {
    await database.db.insert(jobs).values({ kind: 'media.download', subjectId: 'a' });
    const { handler, runs, givenUp } = flaky(2);
    start(handler);
    await waitFor('the job to be done', async () => (await job()).status === 'done');
    expect(runs).toEqual([1, 2, 3]);
    expect(givenUp).toEqual([]);
    expect((await job()).lastError).toBeNull();
  });

  it('gives up after the last attempt, says why, and keeps the job failed', async () => {
    await database.db.insert(jobs).values({ kind: 'media.download', subjectId: 'b' });
    const { handler, runs, givenUp } = flaky(99);
    start(handler);
    await waitFor('the job to fail', async () => (await job()).status === 'failed');
    expect(runs).toEqual([1, 2, 3, 4]);
    expect(givenUp).toEqual([{ subject: 'b', reason: 'failure 4 (gave up after 4 attempts)' }]);
  });

  it('does not retry a failure that cannot succeed by trying again', async () => {
    await database.db.insert(jobs).values({ kind: 'media.download', subjectId: 'c' });
    const { handler, runs, givenUp } = flaky(1, false);
    start(handler);
    await waitFor('the job to fail', async () => (await job()).status === 'failed');
    expect(runs).toEqual([1]);
    expect(givenUp).toEqual([{ subject: 'c', reason: 'failure 1' }]);
  });

  it('on PGlite, takes up at start a job a killed process left running, without waiting for its lease', async () => {
    await database.db.insert(jobs).values({ kind: 'media.download', subjectId: 'd', status: 'running', attempts: 1, lockedUntil: new Date(Date.now() + 3_600_000) });
    const { handler, runs } = flaky(0);
    start(handler, true);
    await waitFor('the job to be done', async () => (await job()).status === 'done');
    expect(runs).toEqual([2]);
  });

  it('leaves a job another live worker holds alone until its lease runs out', async () => {
    await database.db.insert(jobs).values({ kind: 'media.download', subjectId: 'e', status: 'running', attempts: 1, lockedUntil: new Date(Date.now() + 600) });
    const { handler, runs } = flaky(0);
    start(handler);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runs).toEqual([]);
    await waitFor('the job to be done', async () => (await job()).status === 'done');
    expect(runs).toEqual([2]);
  });

  it('runs a job woken at once, not at the next poll', async () => {
    const { handler, runs } = flaky(0);
    runner = new JobRunner({ db: database.db, log: Fastify({ logger: false }).log, handlers: { 'media.download': handler }, policy: FAST, pollMs: 60_000 });
    runner.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await database.db.insert(jobs).values({ kind: 'media.download', subjectId: 'f' });
    runner.wake();
    await waitFor('the job to be done', async () => (await database.db.select().from(jobs).where(eq(jobs.subjectId, 'f')))[0]?.status === 'done', 5_000);
    expect(runs).toEqual([1]);
  });
});

import type { Db } from '../db/client.js';
import { isDatabaseUnavailable } from '../db/connection-errors.js';
import type { JobKind } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { Alarm } from './alarm.js';
import { claimDueJobs, markJobDone, markJobFailed, reclaimAbandonedJobs, renewJobLeases, rescheduleJob, type JobRow } from './queue.js';

/** A job's failure: `retry` says whether another attempt may succeed (a timeout) or not (a file too large). */
export class JobFailure extends Error {
  override readonly name = 'JobFailure';
  constructor(message: string, readonly retry: boolean) {
    super(message);
  }
}

export interface JobHandler {
  /** Does the work; throws a JobFailure (or any error, taken as retryable) when it did not succeed. */
  run(job: JobRow): Promise<void>;
  /** The job will not be tried again (attempts used up, or a failure that cannot be retried): `reason` says why. */
  giveUp(job: JobRow, reason: string): Promise<void>;
}

export interface JobPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

/** A file WhatsApp holds for 7 days: about a day of attempts, most of them early. */
export const DEFAULT_JOB_POLICY: JobPolicy = { baseMs: 2_000, maxMs: 30 * 60_000, maxAttempts: 12 };

export interface JobRunnerOptions {
  db: Db;
  log: Logger;
  /** The kinds this runner works, and how. Kinds that must not wait behind each other get runners of their own. */
  handlers: Partial<Record<JobKind, JobHandler>>;
  policy?: JobPolicy;
  pollMs?: number;
  /** How many jobs run at once in this process. */
  concurrency?: number;
  leaseMs?: number;
  /** This process is the only worker on the database (PGlite): jobs left running by a crash come back at start. */
  soleWorker?: boolean;
}

/**
 * Works the `jobs` table: claims due jobs, runs them a few at a time, and records each outcome — done,
 * again later (exponential back-off with jitter), or failed for good, which the handler records where
 * people see it (a media row an agent can retry). Leases are renewed while a job runs, so a slow
 * download is never taken over by another instance; a dead instance's jobs come back when theirs lapse.
 */
export class JobRunner {
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private readonly alarm = new Alarm();
  private readonly inFlight = new Set<number>();
  private readonly policy: JobPolicy;
  private readonly leaseMs: number;
  private readonly kinds: JobKind[];

  constructor(private readonly options: JobRunnerOptions) {
    this.policy = options.policy ?? DEFAULT_JOB_POLICY;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.kinds = Object.keys(options.handlers) as JobKind[];
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.work();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** New jobs were committed: look now rather than at the next poll. */
  wake(): void {
    this.alarm.wake();
  }

  state(): { running: boolean; inFlight: number } {
    return { running: this.running, inFlight: this.inFlight.size };
  }

  private async work(): Promise<void> {
    if (this.options.soleWorker) {
      const count = await reclaimAbandonedJobs(this.options.db, this.kinds).catch(() => 0);
      if (count > 0) this.options.log.info({ count }, 'jobs: resuming work a stopped process had started');
    }
    const renewal = setInterval(() => {
      renewJobLeases(this.options.db, [...this.inFlight], this.leaseMs).catch(() => undefined);
    }, Math.max(1_000, this.leaseMs / 3));
    const active = new Set<Promise<void>>();
    try {
      while (this.running) {
        const free = (this.options.concurrency ?? 4) - active.size;
        let claimed: JobRow[] = [];
        if (free > 0) {
          try {
            claimed = await claimDueJobs(this.options.db, free, this.leaseMs, this.kinds);
          } catch (err) {
            this.logFailure(err, 'jobs: claiming failed');
          }
        }
        for (const job of claimed) {
          const run = this.runOne(job).finally(() => {
            active.delete(run);
            this.wake();
          });
          active.add(run);
        }
        if (claimed.length === 0 || active.size >= (this.options.concurrency ?? 4)) await this.sleep(this.options.pollMs ?? 1_000);
      }
      await Promise.all(active);
    } finally {
      clearInterval(renewal);
    }
  }

  private async runOne(job: JobRow): Promise<void> {
    const handler = this.options.handlers[job.kind]!;
    this.inFlight.add(job.id);
    try {
      await handler.run(job);
      await markJobDone(this.options.db, job.id);
    } catch (err) {
      await this.failed(job, handler, err).catch((recordErr: unknown) => this.logFailure(recordErr, 'jobs: recording a failure failed'));
    } finally {
      this.inFlight.delete(job.id);
    }
  }

  private async failed(job: JobRow, handler: JobHandler, err: unknown): Promise<void> {
    const reason = err instanceof Error ? err.message : String(err);
    const retry = !(err instanceof JobFailure) || err.retry;
    if (retry && job.attempts < this.policy.maxAttempts) {
      const delay = Math.min(this.policy.maxMs, this.policy.baseMs * 2 ** Math.max(0, job.attempts - 1));
      await rescheduleJob(this.options.db, job.id, Math.round(delay / 2 + Math.random() * (delay / 2)), reason);
      this.options.log.warn({ jobId: job.id, kind: job.kind, attempt: job.attempts }, 'job failed; it will be tried again');
      return;
    }
    const final = retry ? `${reason} (gave up after ${job.attempts} attempts)` : reason;
    await handler.giveUp(job, final);
    await markJobFailed(this.options.db, job.id, final);
    this.options.log.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts }, 'job failed for good');
  }

  private logFailure(err: unknown, message: string): void {
    if (isDatabaseUnavailable(err)) this.options.log.warn({ code: (err as { code?: string }).code }, `${message}: database unavailable`);
    else this.options.log.error({ err }, message);
  }

  private sleep(ms: number): Promise<void> {
    return this.running ? this.alarm.sleep(ms) : Promise.resolve();
  }
}

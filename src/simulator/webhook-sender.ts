import { setTimeout as sleep } from 'node:timers/promises';
import { signPayload } from '../whatsapp/signature.js';
import { metaJson } from './payloads.js';
import type { PendingWork } from './pending-work.js';
import type { SimulatorLogger } from './types.js';

interface Job {
  payload: unknown;
  done(status: number): void;
}

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Posts signed webhooks to the app one at a time, in the order they were queued. Like Meta, it retries an
 * answer other than 200 with growing waits; unlike Meta (7 days), it then gives up, so development and
 * tests do not stall behind an app that is down.
 */
export class WebhookSender {
  private readonly jobs: Job[] = [];
  private draining: Promise<void> | null = null;
  private readonly stop = new AbortController();

  constructor(
    private readonly options: {
      url: () => string;
      appSecret: string;
      retryDelaysMs: number[];
      pending: PendingWork;
      logger: SimulatorLogger;
    },
  ) {}

  /** Resolves with the app's final HTTP status (0 when it could not be reached). */
  send(payload: unknown): Promise<number> {
    if (this.stop.signal.aborted) return Promise.resolve(0);
    this.options.pending.begin();
    return new Promise((done) => {
      this.jobs.push({ payload, done });
      this.draining ??= this.drain();
    });
  }

  /**
   * Drops what is queued and stops retrying, but lets a POST under way finish: aborting a request
   * mid-flight has been seen to leave the receiving Fastify server unable to close.
   */
  async close(): Promise<void> {
    this.stop.abort();
    for (const job of this.jobs.splice(0)) this.finish(job, 0);
    await this.draining;
  }

  private async drain(): Promise<void> {
    for (let job = this.jobs.shift(); job !== undefined; job = this.jobs.shift()) {
      this.finish(job, await this.deliver(job.payload));
    }
    this.draining = null;
  }

  private finish(job: Job, status: number): void {
    job.done(status);
    this.options.pending.end();
  }

  private async deliver(payload: unknown): Promise<number> {
    const raw = metaJson(payload);
    const signature = signPayload(raw, this.options.appSecret);
    for (let attempt = 0; ; attempt++) {
      const status = await this.post(raw, signature);
      const wait = this.options.retryDelaysMs[attempt];
      if (status === 200 || this.stop.signal.aborted) return status;
      if (wait === undefined) {
        this.options.logger.warn({ status, attempts: attempt + 1 }, 'simulator: webhook dropped after retries');
        return status;
      }
      try {
        await sleep(wait, undefined, { signal: this.stop.signal });
      } catch {
        return status;
      }
    }
  }

  private async post(raw: string, signature: string): Promise<number> {
    let url: string | null = null;
    try {
      // Inside the try: once the app has stopped listening it has no address, which is a failed delivery.
      url = this.options.url();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
        body: raw,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      return response.status;
    } catch (err) {
      this.options.logger.warn({ err, url }, 'simulator: webhook not delivered');
      return 0;
    }
  }
}

import { sql } from 'drizzle-orm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { rowsOf, type Database } from '../db/client.js';
import { GraphApiError } from '../whatsapp/errors.js';

export type WebhookOutcome = 'ok' | 'invalid_signature' | 'bad_request' | 'error' | 'unavailable';
const WEBHOOK_OUTCOMES: WebhookOutcome[] = ['ok', 'invalid_signature', 'bad_request', 'error', 'unavailable'];

interface OutboxSnapshot {
  backlog: number;
  oldest: number;
}

/**
 * Everything /metrics exposes, on a registry of this app's own (tests build many apps in one process,
 * so the global default registry would mix them). Callers record with one call each; the gauges that
 * describe the database are read when Prometheus scrapes.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly webhookRequests: Counter<'outcome'>;
  private readonly received: Counter<'type'>;
  private readonly sent: Counter<'type'>;
  private readonly sendDuration: Histogram;
  private readonly sendFailures: Counter<'code' | 'class'>;
  private readonly sseClients: Gauge;
  /** One query per scrape feeds both outbox gauges (prom-client collects them concurrently). */
  private outboxQuery: Promise<OutboxSnapshot> | null = null;

  constructor(private readonly database: Database) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.webhookRequests = new Counter({
      name: 'wadesk_webhook_requests_total', help: 'POST /webhooks/whatsapp by outcome', labelNames: ['outcome'], registers,
    });
    for (const outcome of WEBHOOK_OUTCOMES) this.webhookRequests.inc({ outcome }, 0);
    this.received = new Counter({ name: 'wadesk_messages_received_total', help: 'WhatsApp messages received in acknowledged webhooks, by type', labelNames: ['type'], registers });
    this.sent = new Counter({ name: 'wadesk_messages_sent_total', help: 'Messages WhatsApp accepted from us, by type', labelNames: ['type'], registers });
    this.sendDuration = new Histogram({
      name: 'wadesk_send_duration_seconds', help: 'Graph API send calls, successful or not',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15], registers,
    });
    this.sendFailures = new Counter({
      name: 'wadesk_send_failures_total', help: 'Failed Graph API calls by WhatsApp error code and class (code "none": no answer)',
      labelNames: ['code', 'class'], registers,
    });
    this.sseClients = new Gauge({ name: 'wadesk_sse_clients', help: 'Open live-event streams (inbox tabs)', registers });
    const snapshot = () => this.outboxSnapshot();
    new Gauge({
      name: 'wadesk_outbox_backlog', help: 'Outbox rows waiting to be sent or being sent', registers,
      async collect() { this.set((await snapshot()).backlog); },
    });
    new Gauge({
      name: 'wadesk_outbox_oldest_pending_age_seconds', help: 'Age of the oldest outbox row not yet sent (0 when none)', registers,
      async collect() { this.set((await snapshot()).oldest); },
    });
    const pool = database.pool;
    if (pool) {
      new Gauge({ name: 'wadesk_db_pool_connections', help: 'PostgreSQL pool connections, open in total', registers, collect() { this.set(pool.totalCount); } });
      new Gauge({ name: 'wadesk_db_pool_idle_connections', help: 'PostgreSQL pool connections open and idle', registers, collect() { this.set(pool.idleCount); } });
      new Gauge({ name: 'wadesk_db_pool_waiting_requests', help: 'Queries waiting for a free pool connection', registers, collect() { this.set(pool.waitingCount); } });
    }
  }

  webhookRequest(outcome: WebhookOutcome): void {
    this.webhookRequests.inc({ outcome });
  }

  messagesReceived(messages: ReadonlyArray<{ type: string }>): void {
    for (const message of messages) this.received.inc({ type: message.type });
  }

  /** Times one Graph API call; `type` is the message type when it is a message that was accepted. */
  async timeSend<T>(call: () => Promise<T>, type: string | null): Promise<T> {
    const stop = this.sendDuration.startTimer();
    try {
      const result = await call();
      if (type !== null) this.sent.inc({ type });
      return result;
    } catch (err) {
      const code = err instanceof GraphApiError && err.code !== null ? String(err.code) : 'none';
      this.sendFailures.inc({ code, class: err instanceof GraphApiError ? err.errorClass : 'unexpected' });
      throw err;
    } finally {
      stop();
    }
  }

  /** A live-event stream opened; call the returned function when it closes. */
  sseClientOpened(): () => void {
    this.sseClients.inc();
    let open = true;
    return () => {
      if (open) this.sseClients.dec();
      open = false;
    };
  }

  private outboxSnapshot(): Promise<OutboxSnapshot> {
    this.outboxQuery ??= this.database.db
      .execute(sql`select count(*)::int as backlog, coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as oldest
                   from outbox where status in ('pending', 'sending')`)
      .then((result) => {
        const row = rowsOf<{ backlog: number; oldest: number }>(result)[0];
        return { backlog: Number(row?.backlog ?? 0), oldest: Math.max(0, Number(row?.oldest ?? 0)) };
      })
      .finally(() => {
        this.outboxQuery = null;
      });
    return this.outboxQuery;
  }
}

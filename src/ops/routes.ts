import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AdminAuth } from '../admin/auth.js';
import type { Database } from '../db/client.js';
import type { Metrics, WebhookOutcome } from './metrics.js';
import { readiness } from './readiness.js';

export interface OpsOptions {
  metrics: Metrics;
  auth: AdminAuth;
  database: Database;
  metricsToken: string | null;
  dispatcherRunning(): boolean;
  jobsRunning?: () => boolean;
  followerRunning: (() => boolean) | null;
}

const WEBHOOK_URL = '/webhooks/whatsapp';
const EVENTS_URL = '/api/admin/events';
const sha256 = (value: string) => createHash('sha256').update(value).digest();

export function webhookOutcome(statusCode: number): WebhookOutcome {
  if (statusCode < 300) return 'ok';
  if (statusCode === 401) return 'invalid_signature';
  if (statusCode === 503) return 'unavailable';
  if (statusCode < 500) return 'bad_request';
  return 'error';
}

/**
 * `GET /health`, `GET /ready`, `GET /metrics`, and the hooks that count webhook outcomes and open
 * live-event streams. Installed on the root before the other routes so that the hooks reach them all
 * without those routes knowing about metrics.
 */
export function installOps(app: FastifyInstance, options: OpsOptions): void {
  const { metrics, auth } = options;

  app.addHook('onResponse', async (request, reply) => {
    if (request.method === 'POST' && request.routeOptions.url === WEBHOOK_URL) metrics.webhookRequest(webhookOutcome(reply.statusCode));
  });
  // preHandler: after the admin scope's authentication, so refused requests are not counted as clients.
  app.addHook('preHandler', async (request, reply) => {
    if (request.method === 'GET' && request.routeOptions.url === EVENTS_URL) reply.raw.once('close', metrics.sseClientOpened());
  });

  // Cheap on purpose: a load balancer calls it every few seconds. It says the process answers, nothing more.
  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/ready', { schema: { hide: true } }, async (_request, reply) => {
    const { ready, checks } = await readiness({ database: options.database, dispatcherRunning: options.dispatcherRunning, jobsRunning: options.jobsRunning, followerRunning: options.followerRunning });
    reply.status(ready ? 200 : 503).header('cache-control', 'no-store');
    return { status: ready ? 'ready' : 'not_ready', checks };
  });

  const metricsDigest = options.metricsToken ? sha256(options.metricsToken) : null;
  const metricsAccess = async (request: FastifyRequest, reply: FastifyReply) => {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (match && metricsDigest && timingSafeEqual(sha256(match[1]!), metricsDigest)) return;
    await auth.authenticate(request, reply);
    await auth.requireAdmin(request);
  };
  app.get('/metrics', { onRequest: metricsAccess, schema: { hide: true } }, async (_request, reply) => {
    reply.type(metrics.registry.contentType).header('cache-control', 'no-store');
    return metrics.registry.metrics();
  });
}

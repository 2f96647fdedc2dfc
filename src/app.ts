import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { DestinationStream } from 'pino';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { defaultContent, type BotContent } from './bot/content.js';
import { ContentLibrary } from './content/library.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { Maintenance } from './db/maintenance.js';
import { SnoozeWaker } from './use-cases/conversation-status.js';
import { Assigner } from './use-cases/auto-assign.js';
import { EventBus } from './events/bus.js';
import { EventLogFollower } from './events/log-follower.js';
import { installErrorHandler } from './http/error-handler.js';
import { errorLogSerializer, loggedPath, REDACTED_LOG_PATHS } from './http/error-log.js';
import { serializerCompiler } from './http/serialization.js';
import { validatorCompiler } from './http/validation.js';
import { webhookRoutes } from './inbound/webhook-routes.js';
import type { InboundDeps } from './inbound/process.js';
import { messageGroupCommit } from './inbound/message-commits.js';
import { statusGroupCommit } from './inbound/status-commits.js';
import { Dispatcher } from './outbox/dispatcher.js';
import type { RetryPolicy } from './outbox/backoff.js';
import { createUseCases, type UseCases } from './use-cases/index.js';
import { syncTemplates } from './use-cases/templates.js';
import type { GraphClient } from './whatsapp/graph-client.js';
import { mountSimulator } from './simulator/mount.js';
import { adminRoutes } from './admin/routes.js';
import { AdminAuth } from './admin/auth.js';
import { staticWeb } from './http/static-web.js';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Metrics } from './ops/metrics.js';
import { MeteredGraphClient } from './ops/metered-graph-client.js';
import { installOps } from './ops/routes.js';
import { backupRoutes } from './ops/backup-routes.js';
import { JobRunner, type JobPolicy } from './jobs/runner.js';
import { openMediaStore } from './media/open-store.js';
import { fetchInboundMedia } from './media/fetch-inbound.js';
import { deleteExpiredMedia } from './media/retention.js';
import type { MediaStore } from './media/store.js';
import { deliverWebhooks, WEBHOOK_RETRY_POLICY } from './webhooks/deliver.js';
import { WebhookFanOut } from './webhooks/fan-out.js';
import type { SendOptions } from './webhooks/send.js';
import { forgetOldDeliveries } from './webhooks/store.js';
import { WebhookAdmin } from './webhooks/webhooks.js';

export interface AppOptions {
  config: Config;
  /** An open database (tests, and server.ts, which opens it while the app's modules load); otherwise one is opened from the config. */
  database?: Database;
  /** Close the database with the app (default: only when the app opened it). */
  ownsDatabase?: boolean;
  /** The bot's words; default: the content file of the config (CONTENT_FILE), or the built-in English content. */
  content?: BotContent | ContentLibrary;
  retry?: RetryPolicy;
  dispatcherPollMs?: number;
  /** Retries of background jobs (media downloads); tests shorten them. */
  jobPolicy?: JobPolicy;
  jobPollMs?: number;
  /** Outgoing webhooks' retries, polls and HTTP limits; tests shorten them. */
  webhooks?: { policy?: JobPolicy; pollMs?: number; send?: SendOptions };
  now?: () => Date;
  /** How often an assignment round runs besides those events trigger (default 5 s). */
  assignmentCheckMs?: number;
  /** How often snoozed conversations whose time has come are woken (default 5 s). */
  snoozeCheckMs?: number;
  requestsPerMinute?: number;
  loginAttemptsPerMinute?: number;
  loginAttemptsPerAccountPerMinute?: number;
  /** Pretty logs for a person at a terminal; JSON otherwise. */
  prettyLogs?: boolean;
  /** Where logs go instead of stdout (tests read them). */
  logStream?: DestinationStream;
  /** Server timeouts; the defaults are `SERVER_TIMEOUTS` (tests shorten them). */
  timeouts?: Partial<ServerTimeouts>;
}

/**
 * How long a client may hold a connection without doing its part. Without them slow or idle sockets
 * stayed open for minutes (slowloris). Server-Sent Events streams are long-lived responses: the request
 * timeouts only bound receiving the request, and the streams write a ping well within `idleMs`.
 */
export interface ServerTimeouts {
  /** Until the request line and headers are in (node's `headersTimeout`). */
  headersMs: number;
  /** Until the whole request, body included, is in (`requestTimeout`). */
  requestMs: number;
  /** A socket with no traffic either way is closed (`connectionTimeout`). */
  idleMs: number;
  /** An idle keep-alive connection between requests is closed (`keepAliveTimeout`); above the usual proxy's 60 s. */
  keepAliveMs: number;
  /** How often node checks the header and request deadlines (`connectionsCheckingInterval`). */
  checkIntervalMs: number;
}

/** How long a shutdown waits for requests under way before it ends their connections. */
export const SHUTDOWN_GRACE_MS = 10_000;

export const SERVER_TIMEOUTS: ServerTimeouts = { headersMs: 10_000, requestMs: 30_000, idleMs: 60_000, keepAliveMs: 72_000, checkIntervalMs: 1_000 };

export interface Services {
  config: Config;
  database: Database;
  bus: EventBus;
  chat: UseCases;
  dispatcher: Dispatcher;
  jobs: JobRunner;
  webhooks: { admin: WebhookAdmin; fanOut: WebhookFanOut; deliveries: JobRunner };
  media: MediaStore;
  graph: GraphClient;
  auth: AdminAuth;
  /** What processes webhook items (the webhook route, and dead-letter replays from the API or the CLI). */
  inbound: InboundDeps;
  metrics: Metrics;
  /** The bot's words (reload: `content.reload()`, what SIGHUP does). */
  content: ContentLibrary;
  /** Every route registered (method, url), for the tests that walk the route table. */
  routes: Array<{ method: string; url: string }>;
  /** This server's own base URL once it listens (the simulator talks to it over real HTTP). */
  selfUrl(): string;
}

declare module 'fastify' {
  interface FastifyInstance {
    wadesk: Services;
  }
}

/** The levels at which a logger writes info lines. */
const LOGS_INFO = new Set(['trace', 'debug', 'info']);

/**
 * One log line per request at info, written when it is answered and naming the request, instead of
 * Fastify's two (measured: logging was a tenth of a status webhook's CPU). The arrival is logged at debug,
 * where a request that never ends should show up.
 *
 * The completed line goes through a child logger without `redact`: it holds only what the serializers
 * keep (method, the path with numbers masked, the address, the status code, the time), none of the
 * redacted fields, and pino's redaction of its wildcard paths cost 8 µs a line — 8 % of a status webhook.
 * Errors keep the redacting logger.
 */
class OneLinePerRequest extends LogController {
  readonly #plain = new WeakMap<FastifyBaseLogger, FastifyBaseLogger>();

  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    // The route's own level decides (the simulator's routes log at warn).
    else if (LOGS_INFO.has(reply.log.level)) this.#plainLog(request.server.log).info({ reqId: request.id, req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }

  #plainLog(base: FastifyBaseLogger): FastifyBaseLogger {
    let plain = this.#plain.get(base);
    if (!plain) {
      plain = base.child({}, { redact: [] });
      this.#plain.set(base, plain);
    }
    return plain;
  }
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const timeouts = { ...SERVER_TIMEOUTS, ...options.timeouts };
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
      serializers: {
        req: (request: { method: string; url: string; ip?: string }) => ({ method: request.method, url: loggedPath(request.url), remoteAddress: request.ip }),
        // Fastify's type insists on a stack; ours has one only at debug level.
        err: errorLogSerializer({ stack: config.logLevel === 'debug' || config.logLevel === 'trace' }) as (err: Error) => { type: string; message: string; stack: string },
      },
      ...(options.logStream ? { stream: options.logStream } : {}),
      ...(options.prettyLogs && !options.logStream ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
    },
    logController: new OneLinePerRequest(),
    trustProxy: trustProxyOption(config.trustProxy ?? false),
    // requestTimeout is Fastify's own option (it sets the server's); these two only node's http options have.
    http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: timeouts.checkIntervalMs },
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.idleMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    // The admin API takes small JSON bodies; the webhook route raises its own limit to Meta's 3 MB.
    bodyLimit: 256 * 1024,
    // A contact in a path may be a business-scoped user id (up to 131 characters) or URL-encoded: past
    // this the router answers FST_ERR_MAX_PARAM_LENGTH; below it the route schemas say what is wrong.
    routerOptions: { maxParamLength: 256 },
    forceCloseConnections: 'idle',
    // Errors Fastify raises before a route runs (a malformed %-escape in the URL…) get our error shape too.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      reply.status(400).send({ status: 'error', error: { code: error.code ?? 'BAD_REQUEST', message: error.message } });
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler());
  app.setSerializerCompiler(serializerCompiler());

  const ownsDatabase = options.ownsDatabase ?? !options.database;
  const database = options.database ?? (await openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir }));
  const bus = new EventBus();
  const content = options.content instanceof ContentLibrary ? options.content
    : options.content ? ContentLibrary.builtIn(options.content)
    : config.contentFile ? await ContentLibrary.fromFile(config.contentFile)
    : ContentLibrary.builtIn(defaultContent);
  const selfUrl = () => listeningUrl(app);
  const metrics = new Metrics(database);
  const graph: GraphClient = new MeteredGraphClient({
    apiUrl: () => config.whatsapp.apiUrl ?? `${selfUrl()}/simulator/graph/v23.0`,
    phoneNumberId: config.whatsapp.phoneNumberId,
    accessToken: config.whatsapp.accessToken,
  }, metrics);
  const media = await openMediaStore(config);
  const dispatcher = new Dispatcher({
    db: database.senderDb, bus, client: graph, log: app.log.child({ part: 'outbox' }), retry: options.retry, pollMs: options.dispatcherPollMs,
    soleSender: database.kind === 'pglite', media,
  });
  const jobs = new JobRunner({
    db: database.db, log: app.log.child({ part: 'jobs' }), policy: options.jobPolicy, pollMs: options.jobPollMs,
    soleWorker: database.kind === 'pglite',
    handlers: { 'media.download': fetchInboundMedia({ db: database.db, bus, graph, store: media }) },
  });
  bus.onJobsReady(() => jobs.wake());
  // Deliveries have a runner of their own: a slow receiver (10 s per attempt) must not hold up media downloads.
  const webhookDeliveries = new JobRunner({
    db: database.db, log: app.log.child({ part: 'webhooks' }), policy: options.webhooks?.policy ?? WEBHOOK_RETRY_POLICY,
    pollMs: options.webhooks?.pollMs, soleWorker: database.kind === 'pglite', concurrency: 8,
    handlers: {
      'webhook.deliver': deliverWebhooks({
        db: database.db, log: app.log.child({ part: 'webhooks' }), allowPrivateTargets: config.webhooks?.allowPrivateTargets ?? false, send: options.webhooks?.send,
      }),
    },
  });
  const fanOut = new WebhookFanOut({
    db: database.db, bus, log: app.log.child({ part: 'webhooks' }), pollMs: options.webhooks?.pollMs, onQueued: () => webhookDeliveries.wake(),
  });
  const webhookAdmin = new WebhookAdmin({ db: database.db, allowPrivateTargets: config.webhooks?.allowPrivateTargets ?? false, onQueued: () => webhookDeliveries.wake() });
  const chat = createUseCases({ db: database.db, bus, content, now: options.now, media });
  const templateSync = () => syncTemplates({ db: database.db, bus, now: options.now, graph, businessAccountId: config.whatsapp.businessAccountId });
  // In the background: WhatsApp being slow or unreachable must not hold up the start; the cache of the last
  // sync stays, and POST /api/admin/templates/sync tries again.
  const startTemplateSync = () => {
    templateSync().catch((err: unknown) => app.log.child({ part: 'templates' }).warn({ err }, 'could not sync the message templates from WhatsApp'));
  };
  const auth = await AdminAuth.create({ config, db: database.db });
  const routes: Services['routes'] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  const inbound: InboundDeps = {
    db: database.db, bus, content, now: options.now, phoneNumberId: config.whatsapp.phoneNumberId, log: app.log,
    ...(database.kind === 'pglite' ? { messageCommits: messageGroupCommit({ db: database.db, bus, content, now: options.now }) } : {}), statusCommits: statusGroupCommit({ db: database.db, bus }),
  };
  const webhooks = { admin: webhookAdmin, fanOut, deliveries: webhookDeliveries };
  app.decorate('wadesk', { config, database, bus, chat, dispatcher, jobs, webhooks, media, graph, auth, inbound, metrics, content, routes, selfUrl });
  // An edited content file is used from its next message on; a bad edit keeps the content in use and says why.
  content.watch((outcome) => logContentReload(app.log, content, outcome));

  installErrorHandler(app);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'wadesk admin API', version: '1', description: 'WhatsApp support inbox: conversations, support chats, agents, live events.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'wadesk_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  const follower = database.pool ? new EventLogFollower(database.db, database.pool, bus, app.log.child({ part: 'events' })) : null;
  installOps(app, {
    metrics, auth, database, metricsToken: config.metricsToken,
    dispatcherRunning: () => dispatcher.state().running, jobsRunning: () => jobs.state().running, followerRunning: follower ? () => follower.isRunning : null,
  });
  await app.register(webhookRoutes, {
    inbound,
    appSecret: config.whatsapp.appSecret,
    verifyToken: config.whatsapp.verifyToken,
  });
  await app.register(adminRoutes, {
    prefix: '/api/admin', auth, chat, db: database.db, bus, media, webhooks: webhookAdmin, secureCookies: config.production, syncTemplates: templateSync,
    defaultCountry: config.defaultCountry, now: options.now,
    requestsPerMinute: options.requestsPerMinute, loginAttemptsPerMinute: options.loginAttemptsPerMinute,
    loginAttemptsPerAccountPerMinute: options.loginAttemptsPerAccountPerMinute,
  });
  if (config.whatsapp.mode === 'simulator' && config.whatsapp.apiUrl === null) {
    await mountSimulator(app, { config, selfUrl, now: options.now });
  }
  await app.register(staticWeb, { simulator: config.whatsapp.mode === 'simulator' && config.whatsapp.apiUrl === null });

  await app.register(backupRoutes, { prefix: '/api/admin', auth, database });
  if (follower) {
    bus.onCommitted = () => follower.catchUp();
    bus.sharePresence = (signal) => follower.sharePresence(signal);
  }
  const retentionDays = config.media?.retentionDays ?? null;
  const maintenance = new Maintenance(database, app.log.child({ part: 'maintenance' }), [
    () => forgetOldDeliveries(database.db),
    ...(retentionDays === null ? [] : [() => deleteExpiredMedia({ db: database.db, bus, store: media, log: app.log.child({ part: 'media' }) }, retentionDays)]),
  ]);
  const snoozes = new SnoozeWaker({
    db: database.db, bus, now: options.now, everyMs: options.snoozeCheckMs,
    onError: (err) => app.log.child({ part: 'snoozes' }).warn({ err }, 'could not wake the snoozed conversations'),
  });
  const assigner = new Assigner({ db: database.db, bus, content, now: options.now, everyMs: options.assignmentCheckMs, log: app.log.child({ part: 'assignment' }) });
  app.addHook('onReady', async () => {
    await follower?.start();
    assigner.start();
    dispatcher.start();
    jobs.start();
    fanOut.start();
    webhookDeliveries.start();
    maintenance.start();
    snoozes.start();
    if (config.whatsapp.apiUrl !== null) startTemplateSync();
  });
  // The built-in simulator answers on this server's own port, so its templates can be listed only once it listens.
  if (config.whatsapp.apiUrl === null) app.addHook('onListen', async () => startTemplateSync());
  // Closing, Fastify ends the keep-alive connections that are idle at that moment; one that was busy then
  // (an answer being written, a request just arriving) stayed open until its keep-alive timeout (72 s),
  // holding the shutdown (seen with the fake Graph API's webhooks in flight). So while closing: answers say
  // `Connection: close`, connections are ended as soon as they are idle, and after a grace period all are.
  let closing: { sweep: NodeJS.Timeout; deadline: NodeJS.Timeout } | null = null;
  app.addHook('preClose', async () => {
    closing = {
      sweep: setInterval(() => app.server.closeIdleConnections(), 100),
      deadline: setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_GRACE_MS),
    };
    closing.sweep.unref();
    closing.deadline.unref();
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
  app.addHook('onClose', async () => {
    if (closing) {
      clearInterval(closing.sweep);
      clearTimeout(closing.deadline);
    }
  });
  // Close order: stop sending (in-flight sends finish and are recorded), then the database.
  app.addHook('onClose', async () => {
    await dispatcher.stop();
    await jobs.stop();
    await fanOut.stop();
    await webhookDeliveries.stop();
    await maintenance.stop();
    await snoozes.stop();
    await assigner.stop();
    await follower?.stop();
    content.close();
    if (ownsDatabase) await database.close();
  });
  return app;
}

/** What a reload of the content file did, for the operator (the texts themselves are not logged). */
export function logContentReload(log: FastifyBaseLogger, content: ContentLibrary, outcome: Awaited<ReturnType<ContentLibrary['reload']>>): void {
  if (outcome.ok) log.info({ part: 'content', file: content.file, languages: outcome.languages }, 'content reloaded');
  else log.error({ part: 'content', file: content.file, problems: outcome.error.problems }, 'the content file has problems; the content in use stays until they are fixed');
}

/** A hop count as the function Fastify builds for one (its types accept only the other forms). */
function trustProxyOption(setting: NonNullable<Config['trustProxy']>): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}

/**
 * Listens, then records the address in the data folder's lock, where tools (the wadesk CLI) that find the
 * folder taken look for the server. Not an onListen hook: Fastify does not wait for those before `listen`
 * resolves, so a tool started right after could find no address.
 */
export async function listen(app: FastifyInstance, where: { port: number; host: string }): Promise<string> {
  await app.listen(where);
  await app.wadesk.database.lock?.setUrl(app.wadesk.selfUrl());
  return app.wadesk.selfUrl();
}

function listeningUrl(app: FastifyInstance): string {
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the server is not listening yet');
  const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

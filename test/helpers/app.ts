import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, listen, type AppOptions } from '../../src/app.js';
import { SIMULATOR_CREDENTIALS, type Config } from '../../src/config.js';
import { rowsOf, type Database } from '../../src/db/client.js';
import { sql } from 'drizzle-orm';
import { startFakeGraphApi, type FakeGraphApi } from '../../src/simulator/index.js';
import { freshDatabase } from './database.js';
import { type Scope, useResource } from './resource.js';

export const TEST_SECRETS = {
  accessToken: 'test-access-token',
  appSecret: 'test-app-secret',
  verifyToken: 'test-verify-token',
  phoneNumberId: '106540352242922',
  displayPhoneNumber: '15550783881',
  adminToken: 'test-admin-token-0123456789',
};

export interface TestApp {
  app: FastifyInstance;
  url: string;
  fake: FakeGraphApi;
  database: Database;
  config: Config;
  /** Calls the admin API with the bootstrap token. */
  admin(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<{ status: number; json: any }>;
  /** Waits until every reply has left the outbox and every status webhook has been delivered. */
  settle(): Promise<void>;
  /** Stops the app; the database stays open until `close()`. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export interface TestAppOptions extends Partial<Omit<AppOptions, 'config' | 'database'>> {
  /** Defaults to a fresh PGlite from the test template, closed with the app. */
  database?: Database;
  /** Close the given `database` with the app too (it was opened for this app only). */
  closeDatabase?: boolean;
  fake?: FakeGraphApi;
  phoneNumberId?: string;
  config?: Partial<Config>;
}

export function testConfig(fakeUrl: string, dataDir: string, overrides: Partial<Config> = {}, phoneNumberId = TEST_SECRETS.phoneNumberId): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: null,
    dataDir,
    logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    production: false,
    adminApiToken: TEST_SECRETS.adminToken,
    metricsToken: null,
    whatsapp: {
      mode: 'cloud',
      accessToken: TEST_SECRETS.accessToken,
      phoneNumberId,
      appSecret: TEST_SECRETS.appSecret,
      verifyToken: TEST_SECRETS.verifyToken,
      apiUrl: fakeUrl,
      // The fake Graph API's account, whose templates the app syncs at start.
      businessAccountId: SIMULATOR_CREDENTIALS.businessAccountId,
    },
    ...overrides,
  };
}

/**
 * The whole server on a real port, on its own PGlite database, talking over real HTTP to a fake Graph API
 * (the simulator as a standalone server) that sends signed status webhooks back.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'wadesk-app-'));
  const database = options.database ?? (await freshDatabase());
  const phoneNumberId = options.phoneNumberId ?? TEST_SECRETS.phoneNumberId;
  let appUrl = '';
  const fake = options.fake ?? (await startFakeGraphApi({
    accessToken: TEST_SECRETS.accessToken,
    appSecret: TEST_SECRETS.appSecret,
    phoneNumberId,
    displayPhoneNumber: TEST_SECRETS.displayPhoneNumber,
    webhookUrl: () => `${appUrl}/webhooks/whatsapp`,
    statusDelaysMs: { sent: 5, delivered: 20 },
    webhookRetryDelaysMs: [20, 50],
    now: options.now,
  }));
  const config = testConfig(fake.url, dataDir, options.config, phoneNumberId);
  const app = await buildApp({
    retry: { baseMs: 10, maxMs: 100, maxAttempts: 6 },
    dispatcherPollMs: 20,
    ...options,
    config,
    database,
  });
  await listen(app, { port: 0, host: '127.0.0.1' });
  appUrl = app.wadesk.selfUrl();

  const admin: TestApp['admin'] = async (method, url, body) => {
    const response = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${TEST_SECRETS.adminToken}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    return { status: response.statusCode, json: response.body ? response.json() : null };
  };

  const unsent = async () =>
    rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from outbox where status in ('pending', 'sending')`))[0]!.n;
  const settle = async () => {
    const deadline = Date.now() + 10_000;
    // Status webhooks can arrive after the outbox drained, and the outbox can refill; wait for both at once.
    while ((await unsent()) > 0 || !(await fake.simulator.idle().then(unsent).then((n) => n === 0))) {
      if (Date.now() > deadline) throw new Error('the outbox did not drain within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  };

  const stop = closeOnce(app);
  return {
    app, url: appUrl, fake, database, config, admin, settle, stop,
    close: async () => {
      await stop();
      if (!options.fake) await fake.close();
      if (!options.database || options.closeDatabase) await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The test app of a describe block: started before its tests (`each`: before every test) and closed after.
 * The value stands for whichever app is running, so tests read `t.admin(…)`, `t.url` as with a variable.
 * `options` may be a function, for what exists only once the hooks before it have run (a fake, a database).
 */
export function useTestApp(options: TestAppOptions | (() => TestAppOptions | Promise<TestAppOptions>) = {}, scope: Scope = 'all'): TestApp {
  return useResource(
    'the test app',
    async () => startTestApp(typeof options === 'function' ? await options() : options),
    (t) => t.close(),
    scope,
  );
}

/** `app.close()` that may be called again (a test stops the app, `close()` stops it again). */
export function closeOnce(app: FastifyInstance): () => Promise<void> {
  let closing: Promise<void> | null = null;
  return () => (closing ??= app.close().then(() => undefined));
}

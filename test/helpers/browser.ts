import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll } from 'vitest';
import { buildApp, listen, type AppOptions } from '../../src/app.js';
import { SIMULATOR_CREDENTIALS, type Config } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { closeOnce, TEST_SECRETS, testConfig } from './app.js';
import { freshDatabase } from './database.js';
import { CHROMIUM_PATH } from './requirements.js';
import { seedDataDir } from './server-process.js';
import { type Scope, useResource } from './resource.js';

/**
 * The system Chromium, headless. Playwright gives every launch a fresh temporary profile
 * (--user-data-dir). The flags keep Chromium from calling home: on a closed network those background
 * connections are refused and get in the way.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface BrowserApp {
  app: FastifyInstance;
  url: string;
  port: number;
  database: Database;
  dataDir: string;
  /** A simulated WhatsApp user writes, through the simulator's user API (as the phone page does). */
  userSays(from: string, name: string, text: string): Promise<void>;
  /** Creates an agent through the admin API (bootstrap token) and returns its login. */
  createAgent(name?: string): Promise<{ email: string; password: string; name: string }>;
  /** Stops the server only (the database and data directory stay: a restart test reuses them). */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export interface BrowserAppOptions {
  /** Defaults to a fresh PGlite from the test template; the caller then owns and closes what it passes. */
  database?: Database;
  dataDir?: string;
  port?: number;
  /** The server's clock (the simulator's too); the browser keeps the real one. */
  now?: () => Date;
  /** Where the log goes, at `info` (by default nothing is logged). */
  logStream?: AppOptions['logStream'];
  /** Settings beyond the simulator's (e.g. `webhooks: { allowPrivateTargets: true }` for a local receiver). */
  config?: Partial<Config>;
  /** How often automatic assignment runs a round besides the events that trigger one. */
  assignmentCheckMs?: number;
}

/** The whole server in simulator mode (its own fake Graph API and phone pages) on a real port, as `npm start` runs it. */
export async function startBrowserApp(options: BrowserAppOptions = {}): Promise<BrowserApp> {
  const ownsDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'wadesk-browser-')));
  const ownsDatabase = !options.database;
  const database = options.database ?? (await freshDatabase());
  const { accessToken, phoneNumberId, appSecret, verifyToken, businessAccountId } = SIMULATOR_CREDENTIALS;
  const config = testConfig('', dataDir, {
    ...(options.logStream ? { logLevel: 'info' } : {}),
    ...options.config,
    whatsapp: { mode: 'simulator', accessToken, phoneNumberId, appSecret, verifyToken, apiUrl: null, businessAccountId },
  });
  const app = await buildApp({
    config, database, now: options.now, logStream: options.logStream, retry: { baseMs: 10, maxMs: 100, maxAttempts: 6 }, dispatcherPollMs: 20,
    assignmentCheckMs: options.assignmentCheckMs,
  });
  await listen(app, { port: options.port ?? 0, host: '127.0.0.1' });
  const url = app.wadesk.selfUrl();

  let agents = 0;
  const createAgent: BrowserApp['createAgent'] = async (name = 'Grace Agent') => {
    const login = { name, email: `agent${++agents}-${Date.now()}@wadesk.test`, password: 'correct horse battery staple' };
    const response = await fetch(`${url}/api/admin/agents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_SECRETS.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...login, role: 'agent' }),
    });
    if (!response.ok) throw new Error(`creating an agent failed: ${response.status} ${await response.text()}`);
    return login;
  };

  const userSays: BrowserApp['userSays'] = async (from, name, text) => {
    const response = await fetch(`${url}/simulator/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from, name, text }),
    });
    if (!response.ok) throw new Error(`${name} could not write: ${response.status} ${await response.text()}`);
  };

  const stop = closeOnce(app);
  return {
    app, url, port: Number(new URL(url).port), database, dataDir, userSays, createAgent, stop,
    close: async () => {
      await stop();
      if (ownsDatabase) await database.close();
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in on the inbox's login page with real typing and clicks, and waits for the inbox. */
export async function signIn(page: Page, baseUrl: string, login: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/admin`);
  await page.getByLabel('Email').fill(login.email);
  await page.getByLabel('Password').fill(login.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Conversations' }).waitFor();
}

const ROOT = path.resolve(import.meta.dirname, '../..');

/** One Chromium for the describe block (in practice the file), closed after its tests. */
export function useBrowser(): Browser {
  return useResource('the browser', launchChromium, (browser) => browser.close());
}

/** The server of a describe block in simulator mode, as `useTestApp` (`each`: a fresh one per test). */
export function useBrowserApp(options: BrowserAppOptions = {}, scope: Scope = 'all'): BrowserApp {
  return useResource('the browser app', () => startBrowserApp(options), (server) => server.close(), scope);
}

/** A server the tests start, stop and start again themselves; its files are removed after the describe block. */
export function useRestartableBrowserApp(label: string): RestartableBrowserApp {
  const server = new RestartableBrowserApp(label);
  afterAll(() => server.remove());
  return server;
}

/**
 * A screenshot kept as a test artifact (gitignored); with `docs` and UPDATE_SCREENSHOTS=1 also as the
 * README's picture (only on request, so that a test run does not leave the working tree modified).
 */
export async function saveScreenshot(page: Page, name: string, options: { docs?: boolean } = {}): Promise<void> {
  const targets = [path.join(ROOT, 'test-artifacts', `${name}.png`)];
  if (options.docs && process.env.UPDATE_SCREENSHOTS === '1') targets.push(path.join(ROOT, 'docs', 'screenshots', `${name}.png`));
  for (const file of targets) {
    await mkdir(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file });
  }
}

/** Fails the test if the page ever opens an alert/confirm/prompt (what an injected script would do). */
export function forbidDialogs(page: Page): { opened: string[] } {
  const opened: string[] = [];
  page.on('dialog', (dialog) => {
    opened.push(dialog.message());
    void dialog.dismiss();
  });
  return { opened };
}

/**
 * Script errors and console errors (a Content-Security-Policy refusal is one) the page reports. A failed
 * request is left out: the inbox asks `/auth/me` before login and gets the 401 it expects.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
  return errors;
}

/** The user types on the phone and presses Enter, as a person would. */
export async function say(phone: Page, text: string): Promise<void> {
  const box = phone.getByLabel('Message', { exact: true });
  await box.fill(text);
  await box.press('Enter');
}

export function phoneShows(phone: Page, text: string): Promise<void> {
  return phone.getByRole('log', { name: 'Chat' }).getByText(text).last().waitFor();
}

/**
 * On the simulator page, John says hello, registers and chooses 💬 Chat Support: a button of the menu
 * with the built-in content (three items), a row of its list with the shipped content file (four).
 */
export async function registerAndAskForSupport(phone: Page, baseUrl: string): Promise<void> {
  await phone.goto(`${baseUrl}/simulator`);
  await phone.getByRole('button', { name: /John/ }).click();
  await say(phone, 'Hello');
  await phoneShows(phone, "What's your name?");
  await say(phone, 'John');
  await phoneShows(phone, 'What would you like to do, John?');
  const openMenu = phone.getByRole('button', { name: '☰ Open menu', disabled: false });
  const chatSupport = phone.getByRole('button', { name: '💬 Chat Support', disabled: false });
  await openMenu.or(chatSupport).first().waitFor();
  if (await openMenu.count() > 0) await openMenu.last().click();
  await chatSupport.last().click();
  await phoneShows(phone, 'You are now connected to our support team!');
}

/**
 * A server on a file-backed PGlite and data folder that can go away and come back on the same port with
 * the same data, chats, phones and sessions: for the tests of what pages do across a restart.
 */
export class RestartableBrowserApp {
  private dataDir: string | null = null;
  private database: Database | null = null;
  private running: BrowserApp | null = null;

  constructor(private readonly label: string) {}

  get server(): BrowserApp {
    if (!this.running) throw new Error('the server is not running');
    return this.running;
  }

  async start(port?: number): Promise<BrowserApp> {
    if (!this.dataDir) {
      this.dataDir = await mkdtemp(path.join(tmpdir(), `wadesk-${this.label}-`));
      // The migrated template rather than an initdb on the first start.
      await mkdir(path.join(this.dataDir, 'pglite'));
      await seedDataDir(path.join(this.dataDir, 'pglite'));
    }
    this.database = await openDatabase({ dataDir: path.join(this.dataDir, 'pglite') });
    this.running = await startBrowserApp({ database: this.database, dataDir: this.dataDir, port });
    return this.running;
  }

  /** The server goes away; its files stay for the next `start`. */
  async stop(): Promise<void> {
    await this.running?.stop();
    await this.database?.close();
    this.running = null;
    this.database = null;
  }

  async remove(): Promise<void> {
    await this.stop();
    if (this.dataDir) await rm(this.dataDir, { recursive: true, force: true });
  }
}

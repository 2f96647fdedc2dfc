import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp, type TestAppOptions } from './app.js';
import { signIn } from './browser.js';

/** Background jobs (attachment downloads) retried within a second, so a failure shows quickly. */
export const FAST_JOBS = { jobPolicy: { baseMs: 30, maxMs: 60, maxAttempts: 3 }, jobPollMs: 20 };

export interface InboxUser {
  from: string;
  name: string;
}

/**
 * The server with its own fake Graph API (so a test can use the fake's hooks: stored user media, failed
 * downloads, what WhatsApp accepted), for tests of the inbox in Chromium. `options`: e.g. the server's clock.
 */
export async function startInboxApp(options: TestAppOptions = {}): Promise<TestApp> {
  return startTestApp({ ...FAST_JOBS, ...options });
}

/** A new agent signs in to the inbox. */
export async function signInAgent(t: TestApp, browser: Browser, viewport = { width: 1280, height: 860 }): Promise<Page> {
  const login = { name: 'Grace', email: `grace-${Date.now()}-${Math.random().toString(36).slice(2)}@wadesk.test`, password: 'correct horse battery staple' };
  const created = await t.admin('POST', '/api/admin/agents', { ...login, role: 'agent' });
  if (created.status !== 200 && created.status !== 201) throw new Error(`creating an agent failed: ${JSON.stringify(created.json)}`);
  const page = await (await browser.newContext({ viewport })).newPage();
  page.setDefaultTimeout(20_000);
  await signIn(page, t.url, login);
  return page;
}

/** A simulated user sends something through the fake (as WhatsApp would post it); throws if the fake refused. */
export async function userSends(t: TestApp, user: InboxUser, input: Omit<Parameters<TestApp['fake']['simulator']['sendUserMessage']>[0], 'from' | 'name'>): Promise<string> {
  const sent = await t.fake.simulator.sendUserMessage({ from: user.from, name: user.name, ...input });
  if (!('status' in sent) || sent.status !== 'success') throw new Error(`the fake refused the message: ${JSON.stringify(sent)}`);
  return sent.data.wamid;
}

/** A file on the user's phone, stored with WhatsApp; returns its media id. */
export function userUploads(t: TestApp, bytes: Buffer, mimeType: string, filename?: string): string {
  const uploaded = t.fake.simulator.storeUserMedia({ bytes, mimeType, filename });
  if (!('id' in uploaded)) throw new Error(`upload refused: ${JSON.stringify(uploaded)}`);
  return uploaded.id;
}

/** What the page POSTs to URLs ending with `suffix`: the JSON bodies (null for a file upload), as they go. */
export function posted(page: Page, suffix: string): unknown[] {
  const bodies: unknown[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith(suffix)) bodies.push(request.postDataJSON() ?? null);
  });
  return bodies;
}

export async function openChat(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: new RegExp(name) }).first().click();
  await page.getByRole('heading', { name }).waitFor();
}

/** A new agent (created through the admin API) signed in on a page of its own. */
export async function signInAs(t: TestApp, browser: Browser, name: string, role: 'agent' | 'admin' = 'agent'): Promise<Page> {
  const login = { name, email: `${name.toLowerCase()}-${Date.now()}@wadesk.test`, password: 'correct horse battery staple' };
  const created = await t.admin('POST', '/api/admin/agents', { ...login, role });
  if (created.status !== 200 && created.status !== 201) throw new Error(`creating an agent failed: ${JSON.stringify(created.json)}`);
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  page.setDefaultTimeout(20_000);
  await signIn(page, t.url, login);
  return page;
}

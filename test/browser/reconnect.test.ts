import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { launchChromium, signIn, skipWithoutChromium, startBrowserApp, type BrowserApp } from '../helpers/browser.js';

const USER = '2348012345678';

describe.skipIf(skipWithoutChromium)('the inbox across a server restart', () => {
  let browser: Browser;
  let dataDir: string;
  let database: Database | undefined;
  let server: BrowserApp | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    dataDir = await mkdtemp(path.join(tmpdir(), 'wadesk-restart-'));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The server on a file-backed PGlite, so that a restart finds the same data (and the same sessions). */
  const start = async (port?: number) => {
    database = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
    server = await startBrowserApp({ database, dataDir, port });
    return server;
  };
  const userSays = (text: string) => server!.userSays(USER, 'John', text);

  it('says it is reconnecting while the server is down and catches up live once it is back', { timeout: 120_000 }, async () => {
    const first = await start();
    const agent = await first.createAgent('Grace');
    const inbox = await browser.newPage();
    inbox.setDefaultTimeout(30_000);
    await signIn(inbox, first.url, agent);
    await userSays('chat support');
    const row = inbox.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /John/ });
    await row.click();
    const conversation = inbox.getByRole('log', { name: /Messages with John/ });
    await conversation.getByText('You are now connected to our support team!').waitFor();

    // The server goes away: the inbox says so instead of silently going stale.
    await first.stop();
    await database!.close();
    database = undefined;
    const banner = inbox.getByRole('status').filter({ hasText: 'Reconnecting…' });
    await banner.waitFor();

    // Back on the same port with the same data: the banner goes, and new messages arrive without a reload.
    await start(first.port);
    await banner.waitFor({ state: 'hidden' });
    await userSays('Are you still there?');
    await conversation.getByText('Are you still there?').waitFor();
  });
});

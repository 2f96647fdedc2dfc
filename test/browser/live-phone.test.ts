import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { collectPageErrors, phoneShows, say, saveScreenshot, useBrowser, useRestartableBrowserApp } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';
import { TEST_SECRETS } from '../helpers/app.js';

/**
 * The phone page used to poll the simulator every 700 ms (a log line each). It now follows the phone's
 * event stream: an agent's answer appears at once, no request is made while nothing happens, and after
 * the server was away the page reconnects and shows what it missed. The user is Tolu, +447700900123,
 * the simulator's built-in number that the admin routes used to refuse (issue 7, fault 2).
 */
const TOLU = '447700900123';

describe.skipIf(missing('chromium'))('the phone page, live', () => {
  const server = useRestartableBrowserApp('live-phone');
  const browser = useBrowser();
  const agentSends = async (message: string) => {
    const response = await fetch(`${server.server.url}/api/admin/conversations/%2B${TOLU}/chat-support/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_SECRETS.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message }),
    });
    expect(response.status).toBe(200);
  };
  /** Requests the page makes to the simulator's API, as "METHOD path". */
  const track = (page: Page) => {
    const seen: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/simulator/api/')) seen.push(`${request.method()} ${url.pathname}`);
    });
    return seen;
  };

  it('shows an agent’s answer without polling, and catches up after the server was away', { timeout: 120_000 }, async () => {
    const first = await server.start();
    const phone = await (await browser.newContext({ viewport: { width: 900, height: 860 } })).newPage();
    phone.setDefaultTimeout(30_000);
    const errors = collectPageErrors(phone);
    const requests = track(phone);
    await phone.goto(`${first.url}/simulator`);
    await phone.getByRole('button', { name: /Tolu/ }).click();
    await say(phone, 'chat support');
    await phoneShows(phone, 'You are now connected to our support team!');
    await say(phone, 'My exam results page is blank');
    await phoneShows(phone, '✓ Your message has been sent to support.');

    // Nothing happens for a while: the page asks nothing (it used to poll every 700 ms).
    const before = requests.length;
    await phone.waitForTimeout(2_000);
    expect(requests.slice(before)).toEqual([]);
    expect(requests.filter((r) => r.includes('/messages') && r.startsWith('GET'))).toEqual([]);
    expect(requests.some((r) => r === `GET /simulator/api/users/${TOLU}/events`)).toBe(true);

    // The agent answers through the admin API: the phone shows it by itself.
    await agentSends('Which browser are you using?');
    await phoneShows(phone, '🎧 Support Team: Which browser are you using?');

    // The server goes away: the phone says it is offline; back on the same port, it resumes.
    await server.stop();
    await phone.getByText('offline — the server cannot be reached').waitFor();
    await server.start(first.port);
    await agentSends('Try clearing the cache, please.');
    await phoneShows(phone, '🎧 Support Team: Try clearing the cache, please.');
    await phone.getByText(`you are Tolu · +${TOLU}`).waitFor();
    // Each message once, in order, after the reconnect too.
    const bubbles = await phone.getByRole('log', { name: 'Chat' }).getByRole('listitem').allInnerTexts();
    expect(bubbles.filter((b) => b.includes('Which browser are you using?'))).toHaveLength(1);
    expect(bubbles.filter((b) => b.includes('Try clearing the cache'))).toHaveLength(1);
    await saveScreenshot(phone, 'live-phone');
    expect(errors.filter((e) => !e.includes('EventSource'))).toEqual([]);
  });
});

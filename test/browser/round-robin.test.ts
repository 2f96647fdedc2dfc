import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.js';
import { TEST_SECRETS } from '../helpers/app.js';
import { collectPageErrors, saveScreenshot, signIn, useBrowser, useBrowserApp } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';
import { waitFor } from '../helpers/webhooks.js';

const admin = (url: string, method: string, path: string, body?: unknown) =>
  fetch(`${url}/api/admin${path}`, {
    method, headers: { authorization: `Bearer ${TEST_SECRETS.adminToken}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });

/** Three agents, one chat each at most: the chats are given out in turn, the fourth waits, and goes to whoever frees up — live on every page. */
describe.skipIf(missing('chromium'))('round-robin assignment, seen in three agents’ inboxes', () => {
  const browser = useBrowser();
  const server = useBrowserApp({ assignmentCheckMs: 100 });

  it('gives one chat to each agent, keeps the fourth waiting, and hands it out when a chat ends', { timeout: 120_000 }, async () => {
    const logins = await Promise.all(['Grace', 'Tolu', 'Musa'].map((name) => server.createAgent(name)));
    const pages: Page[] = [];
    for (const login of logins) {
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
      page.setDefaultTimeout(20_000);
      await signIn(page, server.url, login);
      pages.push(page);
    }
    const errors = pages.map(collectPageErrors);
    expect((await admin(server.url, 'PUT', '/settings/assignment', { auto_assign: true, max_open_chats_per_agent: 1 })).status).toBe(200);

    const students = [['2348061000001', 'Ada'], ['2348061000002', 'Bayo'], ['2348061000003', 'Chika'], ['2348061000004', 'Dapo']] as const;
    for (const [number, name] of students) await server.userSays(number, name, 'chat support');

    // Who got what, from the database (the pages must agree with it).
    const owners = await waitFor('three chats given out', async () => {
      const rows = rowsOf<{ phone_number: string; agent: string | null }>(await server.database.db.execute(sql`
        select c.phone_number, a.name as agent from chat_sessions s join conversations c on c.id = s.conversation_id
        left join agents a on a.id = s.assigned_agent_id where s.ended_at is null`));
      return rows.length === 4 && rows.filter((r) => r.agent !== null).length === 3 && new Map(rows.map((r) => [r.phone_number, r.agent]));
    }, 20_000);
    expect(new Set([...owners.values()].filter(Boolean))).toEqual(new Set(['Grace', 'Tolu', 'Musa']));
    const waitingNumber = [...owners.entries()].find(([, agent]) => agent === null)![0];
    const nameOf = (phone: string) => students.find(([n]) => `+${n}` === phone)![1];

    // Every page shows each chat's owner: others' rows say "assigned to …"; one's own waits under Waiting
    // marked "yours" (in words, not only a colour); the chat nobody has says neither.
    const rowOf = (page: Page, name: string) => page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: new RegExp(name) }).first();
    const waitingRowOf = (page: Page, name: string) => page.getByRole('list', { name: 'Active chats waiting for an answer' }).getByRole('button', { name: new RegExp(name) });
    for (const [i, page] of pages.entries()) {
      for (const [phone, agent] of owners) {
        const row = rowOf(page, nameOf(phone));
        if (agent !== null && agent !== logins[i]!.name) await row.getByText(`assigned to ${agent}`).waitFor();
        else expect(await row.getByText(/assigned to/).count()).toBe(0);
        if (agent === logins[i]!.name) await waitingRowOf(page, nameOf(phone)).getByText('yours', { exact: true }).waitFor();
        else expect(await row.getByText('yours', { exact: true }).count()).toBe(0);
      }
    }
    await saveScreenshot(pages[0]!, 'round-robin');

    // Grace's chat ends: the waiting one becomes hers, and her colleagues see it live.
    const gracesNumber = [...owners.entries()].find(([, agent]) => agent === 'Grace')![0];
    expect((await admin(server.url, 'POST', `/conversations/${encodeURIComponent(gracesNumber)}/chat-support/end`, {})).status).toBe(200);
    for (const page of pages.slice(1)) await rowOf(page, nameOf(waitingNumber)).getByText('assigned to Grace').waitFor();
    await waitingRowOf(pages[0]!, nameOf(waitingNumber)).getByText('yours', { exact: true }).waitFor();
    expect(await rowOf(pages[0]!, nameOf(waitingNumber)).getByText(/assigned to/).count()).toBe(0);
    for (const list of errors) expect(list).toEqual([]);
  });
});

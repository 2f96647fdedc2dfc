import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { collectPageErrors, saveScreenshot, signIn, useBrowser } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';
import { startInboxApp } from '../helpers/inbox.js';

/** Settings → Assignment (admins) and the header's available/away toggle. */
describe.skipIf(missing('chromium'))('assignment settings and availability', () => {
  const browser = useBrowser();
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('an admin turns on automatic assignment with a limit of 2; the header toggles available/away, kept after a reload', { timeout: 90_000 }, async () => {
    t = await startInboxApp();
    const login = { name: 'Grace', email: `grace-${Date.now()}@wadesk.test`, password: 'correct horse battery staple' };
    expect((await t.admin('POST', '/api/admin/agents', { ...login, role: 'admin' })).status).toBeLessThan(300);
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    page.setDefaultTimeout(20_000);
    const errors = collectPageErrors(page);
    await signIn(page, t.url, login);

    await page.goto(`${t.url}/admin/settings/assignment`);
    await page.getByLabel(/Assign new waiting chats automatically/).check();
    await page.getByLabel('Most active chats per agent').fill('2');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await saveScreenshot(page, 'settings-assignment');
    await page.reload();
    await expect.poll(() => page.getByLabel(/Assign new waiting chats automatically/).isChecked()).toBe(true);
    expect(await page.getByLabel('Most active chats per agent').inputValue()).toBe('2');

    await page.getByRole('link', { name: '← Back to the inbox' }).click();
    await page.getByRole('button', { name: 'Available' }).click();
    await page.getByRole('button', { name: 'Away' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Away' }).waitFor();
    await page.getByRole('button', { name: 'Away' }).click();
    await page.getByRole('button', { name: 'Available' }).waitFor();
    expect(errors).toEqual([]);
  });
});

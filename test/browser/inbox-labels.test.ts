import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { collectPageErrors, saveScreenshot, signIn, useBrowser } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';
import { openChat, startInboxApp, userSends } from '../helpers/inbox.js';

const ADA = { from: '2348032100041', name: 'Ada' };
const TOLU = { from: '2348032100042', name: 'Tolu' };

/** Labels: an admin creates one in Settings, applies it in a conversation's header, and filters the list by it. */
describe.skipIf(missing('chromium'))('labels in the inbox', () => {
  const browser = useBrowser();
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('creates "billing" in Settings → Labels, ticks it on Ada, sees the chips and filters by it', { timeout: 90_000 }, async () => {
    t = await startInboxApp();
    await userSends(t, ADA, { text: 'chat support' });
    await userSends(t, ADA, { text: 'I was charged twice' });
    await userSends(t, TOLU, { text: 'chat support' });
    await userSends(t, TOLU, { text: 'Where is my certificate?' });
    const login = { name: 'Grace', email: `grace-${Date.now()}@wadesk.test`, password: 'correct horse battery staple' };
    expect((await t.admin('POST', '/api/admin/agents', { ...login, role: 'admin' })).status).toBeLessThan(300);
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    page.setDefaultTimeout(20_000);
    const errors = collectPageErrors(page);
    await signIn(page, t.url, login);

    await page.goto(`${t.url}/admin/settings/labels`);
    await page.getByLabel('New label').fill('billing');
    await page.getByLabel('Colour', { exact: true }).fill('#d97706');
    await page.getByRole('button', { name: 'Create label' }).click();
    await page.getByLabel('Name of the label billing').waitFor();
    await saveScreenshot(page, 'settings-labels');
    // Laid out as read: Create label right by its colour; a row's Save/Delete cell as tall as its row (one border line).
    const colour = (await page.getByLabel('Colour', { exact: true }).boundingBox())!;
    const create = (await page.getByRole('button', { name: 'Create label' }).boundingBox())!;
    expect(create.x - (colour.x + colour.width)).toBeLessThan(24);
    const row = page.getByRole('row').filter({ has: page.getByLabel('Name of the label billing') });
    const [rowBox, actionsBox] = [await row.boundingBox(), await row.getByRole('cell').last().boundingBox()];
    expect(Math.abs(rowBox!.height - actionsBox!.height)).toBeLessThanOrEqual(1);

    await page.getByRole('link', { name: '← Back to the inbox' }).click();
    await openChat(page, 'Ada');
    await page.getByRole('button', { name: 'Labels ▾' }).click();
    await page.getByRole('checkbox', { name: 'billing' }).check();
    await page.getByRole('paragraph').filter({ has: page.getByText('billing', { exact: true }) }).first().waitFor();
    await page.keyboard.press('Escape');
    const nav = page.getByRole('navigation', { name: 'Conversations' });
    await nav.getByRole('button', { name: /Ada/ }).getByText('billing', { exact: true }).waitFor();

    await page.getByLabel('Label', { exact: true }).selectOption('billing');
    const view = page.getByRole('list', { name: 'Conversations in this view' });
    await view.getByRole('button', { name: /Ada/ }).waitFor();
    expect(await view.getByRole('button', { name: /Tolu/ }).count()).toBe(0);
    await saveScreenshot(page, 'inbox-labels');
    expect(errors).toEqual([]);
  });
});

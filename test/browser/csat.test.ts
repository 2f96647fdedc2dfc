import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_SECRETS, type TestApp } from '../helpers/app.js';
import { collectPageErrors, forbidDialogs, phoneShows, registerAndAskForSupport, say, saveScreenshot, signIn, useBrowser, useBrowserApp } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';
import { openChat, signInAs, startInboxApp, userSends } from '../helpers/inbox.js';

const ADA = { from: '2348032100077', name: 'Ada' };
const HOURS = 60 * 60 * 1000;

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const contactPane = (page: Page) => page.getByRole('complementary', { name: 'Contact' });
const recentChats = (page: Page) => contactPane(page).getByRole('region', { name: 'Recent chats' }).getByRole('listitem');

/** CSAT in the inbox: Settings → Satisfaction (CSAT), and each chat's rating in the contact pane, live. */
describe.skipIf(missing('chromium'))('CSAT in the inbox', () => {
  const browser = useBrowser();
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('an admin sets CSAT by keyboard; a rating and its comment appear in the contact pane as the user gives them', { timeout: 120_000 }, async () => {
    t = await startInboxApp();
    const app = t;
    await until('the templates synced at start', async () => (await app.admin('GET', '/api/admin/templates')).json.data.templates.length > 0);
    const page = await signInAs(t, browser, 'Grace', 'admin');
    const errors = collectPageErrors(page);
    const dialogs = forbidDialogs(page);
    const csatNow = async () => (await app.admin('GET', '/api/admin/settings/csat')).json.data;

    // Settings → Satisfaction (CSAT), by keyboard: Enter on the links, then Tab from the section's title.
    await page.getByRole('link', { name: 'Settings' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Satisfaction (CSAT)' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Satisfaction (CSAT)' }).waitFor();
    const form = page.getByRole('form', { name: 'Satisfaction (CSAT)' });
    const ask = form.getByLabel('Ask users to rate the chat when it ends');
    const template = form.getByLabel('After the 24-hour window, ask with this template');
    const saved = form.getByRole('status').filter({ hasText: 'Saved.' });
    await ask.waitFor();
    expect(await ask.isChecked()).toBe(true);
    expect(await template.inputValue()).toBe('');
    await page.keyboard.press('Tab');
    expect(await ask.evaluate((el) => el === document.activeElement)).toBe(true);

    // Off, saved; on again.
    await page.keyboard.press('Space');
    expect(await ask.isChecked()).toBe(false);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await saved.waitFor();
    expect(await csatNow()).toEqual({ enabled: false, template: null });
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Space');
    expect(await ask.isChecked()).toBe(true);
    expect(await saved.count()).toBe(0);

    // A template without quick replies is refused, with the server's reason.
    await page.keyboard.press('Tab');
    await page.keyboard.type('hello_world');
    expect(await template.inputValue()).toBe('hello_world (en_US)');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await form.getByRole('alert').getByText('The template hello_world (en_US) has no quick-reply buttons to rate with', { exact: false }).waitFor();
    expect(await csatNow()).toEqual({ enabled: false, template: null });

    // chat_feedback is made for it: its text and its five quick replies show before saving.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type('chat_feedback');
    expect(await template.inputValue()).toBe('chat_feedback (en)');
    const gist = form.getByRole('group', { name: 'The template chat_feedback (en)' });
    await gist.getByText('how was your chat with our support team?', { exact: false }).waitFor();
    expect(await gist.getByRole('listitem').allTextContents()).toEqual(['⭐⭐⭐⭐⭐', '⭐⭐⭐⭐', '⭐⭐⭐', '⭐⭐', '⭐']);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await saved.waitFor();
    expect(await form.getByRole('alert').count()).toBe(0);
    expect(await csatNow()).toEqual({ enabled: true, template: { name: 'chat_feedback', language: 'en' } });
    await saveScreenshot(page, 'settings-csat');

    await page.reload();
    await ask.waitFor();
    expect(await ask.isChecked()).toBe(true);
    expect(await template.inputValue()).toBe('chat_feedback (en)');

    // Back to None.
    await template.focus();
    await page.keyboard.type('None');
    expect(await template.inputValue()).toBe('');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await saved.waitFor();
    expect(await csatNow()).toEqual({ enabled: true, template: null });

    // A tap names a button of the latest message the phone has: sent from the outbox, it may still be on its way.
    const taps = async (buttonId: string) => {
      await app.settle();
      await userSends(app, ADA, { buttonId });
    };

    // A first chat nobody answers: Ada gives up, is not asked to rate it, and asks again.
    await page.getByRole('link', { name: '← Back to the inbox' }).click();
    let loads = 0;
    page.on('load', () => loads++);
    await userSends(t, ADA, { text: 'chat support' });
    await userSends(t, ADA, { text: 'Is the library open on Sunday?' });
    await taps('end_chat');
    await userSends(t, ADA, { text: 'chat support' });
    await userSends(t, ADA, { text: 'My certificate download fails' });
    await openChat(page, 'Ada');
    const earlier = recentChats(page).first();
    await earlier.getByText('nobody answered', { exact: true }).waitFor();
    await earlier.getByText('Not asked to rate: nobody answered').waitFor();

    // Grace answers; Ada ends the chat, rates it 4 and comments: the pane follows without a reload.
    await page.keyboard.press('r');
    await page.keyboard.type('It works again now, please try once more');
    await page.keyboard.press('Enter');
    await page.getByRole('log', { name: /Messages with Ada/ }).getByText('It works again now, please try once more').waitFor();
    await taps('end_chat');
    await expect.poll(() => recentChats(page).count()).toBe(2);
    const latest = recentChats(page).first();
    await latest.getByText('You', { exact: true }).waitFor();
    await latest.getByText('Rating asked, no answer yet').waitFor();

    await taps('csat_4');
    await latest.getByRole('img', { name: 'Rated 4 out of 5' }).waitFor();
    expect(await latest.getByRole('img', { name: 'Rated 4 out of 5' }).textContent()).toBe('★★★★☆');
    expect(await latest.getByText('Rating asked, no answer yet').count()).toBe(0);
    await userSends(t, ADA, { text: 'Quick and kind, thank you' });
    await latest.getByText('Quick and kind, thank you').waitFor();
    expect(await recentChats(page).nth(1).getByText('Not asked to rate: nobody answered').count()).toBe(1);
    await saveScreenshot(page, 'inbox-csat', { docs: true });

    // A comment that looks like markup stays text.
    await userSends(t, ADA, { text: 'chat support' });
    await until('the chat started', async () => (await app.admin('GET', `/api/admin/conversations/%2B${ADA.from}`)).json.data.conversation.chat_support_active === true);
    const reply = page.getByRole('textbox', { name: 'Reply to Ada' });
    await reply.fill('Looking into it');
    await reply.press('Enter');
    await page.getByRole('log', { name: /Messages with Ada/ }).getByText('Looking into it').waitFor();
    await taps('end_chat');
    await taps('csat_2');
    await userSends(t, ADA, { text: '<img src=x onerror=alert(1)> <b>too slow</b>' });
    await expect.poll(() => recentChats(page).count()).toBe(3);
    await recentChats(page).first().getByText('<img src=x onerror=alert(1)> <b>too slow</b>').waitFor();
    await recentChats(page).first().getByRole('img', { name: 'Rated 2 out of 5' }).waitFor();
    expect(await contactPane(page).locator('img, b').count()).toBe(0);
    expect(loads).toBe(0);
    expect(errors).toEqual([]);
    expect(dialogs.opened).toEqual([]);
  });
});

/** The same as a person on the phone page: the rating list in the window, the template's quick replies after it. */
describe.skipIf(missing('chromium'))('CSAT on the phone', () => {
  const browser = useBrowser();
  let offset = 0;
  const server = useBrowserApp({ now: () => new Date(Date.now() + offset) });
  const adminCall = async (method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${TEST_SECRETS.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: await response.json() as { data: any } };
  };

  it('John rates from the list sheet, and later from the template’s quick replies; the inbox shows both', { timeout: 120_000 }, async () => {
    await until('the templates synced at start', async () => (await adminCall('GET', '/api/admin/templates')).json.data.templates.length > 0);
    expect((await adminCall('PUT', '/api/admin/settings/csat', { template: { name: 'chat_feedback', language: 'en' } })).status).toBe(200);
    const phone = await (await browser.newContext({ viewport: { width: 900, height: 860 } })).newPage();
    phone.setDefaultTimeout(20_000);
    const errors = collectPageErrors(phone);
    await registerAndAskForSupport(phone, server.url);
    await say(phone, 'My homework upload fails');
    await phoneShows(phone, '✓ Your message has been sent to support.');
    const john = encodeURIComponent((await adminCall('GET', '/api/admin/conversations')).json.data.conversations[0].phone_number);

    // Within the window: the list of ratings, opened with "Rate the chat".
    expect((await adminCall('POST', `/api/admin/conversations/${john}/chat-support/end`, { message: 'Closing this one, bye' })).status).toBe(200);
    await phoneShows(phone, 'How was your chat with our support team? Please rate it.');
    await phone.getByRole('button', { name: '☰ Rate the chat' }).click();
    const sheet = phone.getByRole('dialog', { name: 'Rate the chat' });
    expect(await sheet.getByRole('button').allTextContents()).toEqual(['✕', '⭐⭐⭐⭐⭐ Excellent', '⭐⭐⭐⭐ Good', '⭐⭐⭐ Okay', '⭐⭐ Poor', '⭐ Very poor']);
    await saveScreenshot(phone, 'phone-csat-list');
    await sheet.getByRole('button', { name: '⭐⭐⭐⭐ Good' }).click();
    await phoneShows(phone, 'Anything you would like to tell us?');
    await say(phone, 'Patient and clear');
    await phoneShows(phone, 'Thank you for your feedback! 🙏');

    // A day later: the template asks, and its quick replies are buttons to tap.
    // Only the latest message's buttons can be tapped: earlier menus stay on screen, disabled.
    await phone.getByRole('button', { name: '💬 Chat Support', disabled: false }).click();
    await phoneShows(phone, 'You are now connected to our support team!');
    expect((await adminCall('POST', `/api/admin/conversations/${john}/chat-support/send`, { message: 'Which subject is it?' })).status).toBe(200);
    await phoneShows(phone, '🎧 Support Team: Which subject is it?');
    offset += 25 * HOURS;
    expect((await adminCall('POST', `/api/admin/conversations/${john}/chat-support/end`, {})).status).toBe(200);
    await phoneShows(phone, 'Hi John, how was your chat with our support team? Tap a rating below.');
    const five = phone.getByRole('button', { name: '⭐⭐⭐⭐⭐', exact: true });
    await five.waitFor();
    expect(await five.isEnabled()).toBe(true);
    await saveScreenshot(phone, 'phone-csat-template');
    await five.click();
    await phone.getByRole('button', { name: 'Skip', disabled: false }).click();
    await expect.poll(() => phone.getByRole('log', { name: 'Chat' }).getByText('Thank you for your feedback! 🙏').count()).toBe(2);

    const detail = (await adminCall('GET', `/api/admin/conversations/${john}`)).json.data;
    expect(detail.recent_chats.map((c: { rating: { rating: number; comment: string | null } }) => [c.rating.rating, c.rating.comment])).toEqual([[5, null], [4, 'Patient and clear']]);

    // An agent sees both in the contact pane.
    const agent = await server.createAgent('Tolu');
    const inbox = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    inbox.setDefaultTimeout(20_000);
    const inboxErrors = collectPageErrors(inbox);
    await signIn(inbox, server.url, agent);
    await openChat(inbox, 'John');
    await recentChats(inbox).first().getByRole('img', { name: 'Rated 5 out of 5' }).waitFor();
    await recentChats(inbox).nth(1).getByRole('img', { name: 'Rated 4 out of 5' }).waitFor();
    await recentChats(inbox).nth(1).getByText('Patient and clear').waitFor();
    await adminCall('PUT', '/api/admin/settings/csat', { template: null });
    expect([...errors, ...inboxErrors]).toEqual([]);
  });
});

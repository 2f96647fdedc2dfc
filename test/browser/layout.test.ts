import { beforeAll, describe, expect, it } from 'vitest';
import { signIn, useBrowser, useBrowserApp } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';

describe.skipIf(missing('chromium'))('the inbox on a phone and from the keyboard', () => {
  const server = useBrowserApp();
  const browser = useBrowser();
  beforeAll(async () => {
    await server.userSays('2348011111111', 'Ada', 'chat support');
    await server.userSays('2348022222222', 'Tolu', 'chat support');
  });

  it('shows one pane at a time on a phone-sized screen, with a way back', { timeout: 60_000 }, async () => {
    const agent = await server.createAgent('Grace');
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, server.url, agent);
    const list = page.getByRole('navigation', { name: 'Conversations' });
    await list.getByRole('button', { name: /Ada/ }).tap();
    await page.getByRole('heading', { name: 'Ada' }).waitFor();
    await list.waitFor({ state: 'hidden' });
    // Nothing spills sideways on a narrow screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: 'Back to conversations' }).tap();
    await list.getByRole('button', { name: /Tolu/ }).waitFor();
  });

  it('moves through the list with j/k, opens with Enter (focus stays on the row) and goes to the reply box with r', { timeout: 60_000 }, async () => {
    const agent = await server.createAgent('Grace');
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(15_000);
    await signIn(page, server.url, agent);
    const rows = page.getByRole('navigation', { name: 'Conversations' }).getByRole('list', { name: /Active chats/ }).getByRole('button');
    await rows.nth(1).waitFor();
    const focusedRow = () => page.evaluate(() => document.activeElement?.closest('[data-conversation-row]')?.textContent ?? null);

    await page.keyboard.press('j');
    const first = await focusedRow();
    await page.keyboard.press('j');
    const second = await focusedRow();
    expect([first, second].map((text) => (text?.includes('Ada') ? 'Ada' : text?.includes('Tolu') ? 'Tolu' : text)).sort()).toEqual(['Ada', 'Tolu']);
    await page.keyboard.press('k');
    expect(await focusedRow()).toBe(first);

    await page.keyboard.press('Enter');
    const name = first!.includes('Ada') ? 'Ada' : 'Tolu';
    await page.getByRole('heading', { name }).waitFor();
    await page.getByLabel(`Reply to ${name}`).waitFor();
    expect(await focusedRow()).toContain(name);
    await page.keyboard.press('r');
    await page.waitForFunction(() => document.activeElement?.id === 'reply-text');
    // Esc leaves the reply box for the messages; `r` comes back to it.
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('log');
    await page.keyboard.press('r');
    await page.waitForFunction(() => document.activeElement?.id === 'reply-text');
    // Shift+Enter is a new line, not a send.
    await page.keyboard.type('line one');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('line two');
    expect(await page.getByLabel(`Reply to ${name}`).inputValue()).toBe('line one\nline two');
  });

  it('finds a conversation by name or phone number from the search box (/)', { timeout: 60_000 }, async () => {
    const agent = await server.createAgent('Grace');
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, server.url, agent);
    const list = page.getByRole('navigation', { name: 'Conversations' });
    await list.getByRole('button', { name: /Tolu/ }).waitFor();
    await page.keyboard.press('/');
    await page.keyboard.type('ada');
    await list.getByRole('button', { name: /Tolu/ }).waitFor({ state: 'detached' });
    await list.getByRole('button', { name: /Ada/ }).waitFor();
    await page.getByLabel('Search names, numbers and messages').fill('22222');
    await list.getByRole('button', { name: /Tolu/ }).waitFor();
    expect(await list.getByRole('button', { name: /Ada/ }).count()).toBe(0);
  });
});

import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { busyMonth, dayInZone, seedChats, type Seeded } from '../helpers/analytics.js';
import { collectPageErrors, saveScreenshot, signIn, useBrowser, useBrowserApp } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';

/** The analytics dashboard in Chromium: its figures, its filters, its CSV files, and the way there by keyboard. */

const TZ = 'Africa/Lagos';
const WEEKDAY = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' });

const tile = async (page: Page, label: string) =>
  (await page.locator('.tile').filter({ has: page.getByText(label, { exact: true }) }).locator('.tile-value').textContent())?.trim();
const rowCells = (page: Page, name: RegExp) =>
  page.getByRole('table', { name: 'Per agent' }).getByRole('row', { name }).locator('th, td').allTextContents();

describe.skipIf(missing('chromium'))('the analytics dashboard', () => {
  const browser = useBrowser();
  const server = useBrowserApp();
  const twoDaysAgo = dayInZone(TZ, -2);
  let seeded: Seeded;

  beforeAll(async () => {
    // Two days ago (10:xx in Lagos) three answered chats; ten days ago one missed: inside the last 30 days, not the last 7.
    seeded = await seedChats(server.database.db, {
      agents: ['Ada', '=Tolu'],
      chats: [
        { conversation: 'a', startedAt: `${twoDaysAgo}T09:00:00Z`, respondedAfter: 30, endedAfter: 600, agent: 'Ada', csat: { status: 'rated', rating: 5 }, messages: { user: 2, agent: 2, bot: 3 } },
        { conversation: 'b', startedAt: `${twoDaysAgo}T09:20:00Z`, respondedAfter: 90, endedAfter: 1200, agent: 'Ada', csat: { status: 'rated', rating: 4 }, messages: { user: 3, agent: 1 } },
        { conversation: 'c', startedAt: `${twoDaysAgo}T09:40:00Z`, respondedAfter: 60, endedAfter: 900, agent: '=Tolu', csat: { status: 'rated', rating: 2 }, messages: { user: 1, agent: 1, note: 2 } },
        { conversation: 'd', startedAt: `${dayInZone(TZ, -10)}T14:00:00Z`, endedAfter: 300, messages: { user: 2 } },
      ],
    });
  });

  const openInbox = async () => {
    const login = await server.createAgent('Grace Agent');
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: TZ })).newPage();
    page.setDefaultTimeout(15_000);
    const errors = collectPageErrors(page);
    await signIn(page, server.url, login);
    return { page, errors };
  };

  it('shows the last 30 days in the browser\'s time zone: tiles, the per-agent table, the heat map; other ranges and an agent on request', { timeout: 60_000 }, async () => {
    const { page, errors } = await openInbox();
    await page.getByRole('link', { name: 'Analytics' }).click();
    await page.getByRole('heading', { level: 1, name: 'Analytics' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/analytics');
    expect(await page.getByRole('radio', { name: 'Last 30 days' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Time zone', { exact: true }).inputValue()).toBe(TZ);

    await page.locator('.tile').first().waitFor();
    expect(await tile(page, 'Chats started')).toBe('4');
    expect(await tile(page, 'Answered')).toBe('3');
    await page.getByText('75 % of started').waitFor();
    expect(await tile(page, 'Missed')).toBe('1');
    // Replies after 30, 60, 90 s: median 1 min, p90 84 s. Ends after 5, 10, 15, 20 min: median 12.5 min.
    expect(await tile(page, 'First response')).toBe('1 min');
    await page.getByText('median · 90 % within 1 min 24 s').waitFor();
    expect(await tile(page, 'Resolution')).toBe('13 min');
    // (4 + 4 + 2 + 2) messages from users and agents over 4 chats; bot messages and notes left out.
    expect(await tile(page, 'Messages per chat')).toBe('3.0');
    expect(await tile(page, 'Rating')).toBe('3.67 / 5');
    await page.getByText('3 ratings', { exact: true }).waitFor();
    await page.getByText('Average 3.67 from 3 ratings.').waitFor();

    expect(await rowCells(page, /^Ada/)).toEqual(['Ada', '2', '2', '1 min', '15 min', '4.50 (2)']);
    expect(await rowCells(page, /^=Tolu/)).toEqual(['=Tolu', '1', '1', '1 min', '15 min', '2.00 (1)']);
    expect(await rowCells(page, /^Unassigned/)).toEqual(['Unassigned', '1', '0', '—', '5 min', '—']);
    await page.getByTitle(`${WEEKDAY(twoDaysAgo)} 10:00–11:00: 3 chats`).waitFor();
    expect(await page.getByRole('img', { name: /^Chats per day, 30 days: 4 started, 3 answered, 1 missed/ }).count()).toBe(1);

    // The last 7 days leave out the missed chat of ten days ago.
    await page.getByRole('radio', { name: 'Last 7 days' }).check();
    await expect.poll(() => tile(page, 'Chats started')).toBe('3');
    expect(await tile(page, 'Missed')).toBe('0');
    expect(await page.getByRole('table', { name: 'Day by day' }).getByRole('row').count()).toBe(1 + 7);

    // One agent.
    await page.getByRole('radio', { name: 'Last 30 days' }).check();
    await page.getByLabel('Agent', { exact: true }).selectOption({ label: 'Ada' });
    await expect.poll(() => tile(page, 'Chats started')).toBe('2');
    expect(await page.getByRole('table', { name: 'Per agent' }).getByRole('row').count()).toBe(2);
    await saveScreenshot(page, 'analytics-one-agent');

    // Days typed by hand: wrong ones are explained, a range without chats says so.
    await page.getByLabel('To', { exact: true }).fill('2025-01-31');
    await page.getByRole('alert').getByText('The first day comes after the last.').waitFor();
    expect(await page.getByRole('radio', { name: 'Custom' }).isChecked()).toBe(true);
    await page.getByLabel('From', { exact: true }).fill('2025-01-01');
    await page.getByRole('heading', { name: 'No chats in this range' }).waitFor();
    await page.getByText(/No support chat started in Wed 1 Jan – Fri 31 Jan 2025 \(Africa\/Lagos\) for this agent or label/).waitFor();
    expect(await page.locator('.chart').count()).toBe(0);
    await page.getByRole('button', { name: 'Show all agents and labels' }).click();
    await page.getByText(/No support chat started in Wed 1 Jan – Fri 31 Jan 2025 \(Africa\/Lagos\)\. Try a longer range\./).waitFor();
    await saveScreenshot(page, 'analytics-empty');
    expect(errors).toEqual([]);
  });

  it('downloads each table as CSV, made in the page, safe to open in a spreadsheet', { timeout: 60_000 }, async () => {
    const { page, errors } = await openInbox();
    await page.goto(`${server.url}/admin/analytics`);
    await page.locator('.tile').first().waitFor();
    const download = async (what: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Download CSV: ${what}` }).click()]);
      return { name: file.suggestedFilename(), text: await readFile((await file.path())!, 'utf8') };
    };
    const from = dayInZone(TZ, -29);
    const today = dayInZone(TZ, 0);
    const perAgent = await download('per agent');
    expect(perAgent.name).toBe(`wadesk-per-agent-${from}-${today}.csv`);
    expect(perAgent.text).toBe([
      'agent_id,agent_name,chats,answered,first_response_median_seconds,resolution_median_seconds,csat_average,csat_count',
      `${seeded.agentIds.Ada},Ada,2,2,60,900,4.5,2`,
      // A name that starts like a formula is written as text.
      `${seeded.agentIds['=Tolu']},'=Tolu,1,1,60,900,2,1`,
      ',Unassigned,1,0,,300,,0',
      '',
    ].join('\r\n'));
    const perDay = (await download('day by day')).text.split('\r\n');
    expect(perDay[0]).toBe('date,chats_started,chats_answered,chats_missed,first_response_median_seconds,csat_average');
    expect(perDay).toHaveLength(1 + 30 + 1);
    expect(perDay).toContain(`${twoDaysAgo},3,3,0,60,3.67`);
    expect(perDay).toContain(`${dayInZone(TZ, -1)},0,0,0,,`);
    const cells = (await download('weekday and hour')).text.split('\r\n');
    expect(cells).toHaveLength(1 + 168 + 1);
    expect(cells).toContain(`${(new Date(`${twoDaysAgo}T00:00:00Z`).getUTCDay() + 6) % 7},${WEEKDAY(twoDaysAgo)},10,3`);
    expect(errors).toEqual([]);
  });

  it('is reached from the inbox by keyboard, from the header and from the command palette, and left the same way', { timeout: 60_000 }, async () => {
    const { page, errors } = await openInbox();
    // Tab through the header until the link has focus, then Enter.
    let focused = '';
    for (let presses = 0; presses < 25 && focused !== 'Analytics'; presses += 1) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.textContent?.replace(/[^\w ]/g, '').trim() ?? '');
    }
    expect(focused).toBe('Analytics');
    await page.keyboard.press('Enter');
    const title = page.getByRole('heading', { level: 1, name: 'Analytics' });
    await title.waitFor();
    // Focus starts on the title; the range is the next thing Tab reaches after the header's links.
    expect(await title.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.locator('.tile').first().waitFor();
    await page.getByRole('radio', { name: 'Last 30 days' }).focus();
    await page.keyboard.press('ArrowLeft');
    expect(await page.getByRole('radio', { name: 'Last 7 days' }).isChecked()).toBe(true);
    await expect.poll(() => tile(page, 'Chats started')).toBe('3');

    await page.getByRole('link', { name: '← Back to the inbox' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Conversations' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin');

    await page.keyboard.press('Control+k');
    await page.keyboard.type('analytics');
    await page.getByRole('option', { name: /Open the analytics dashboard/ }).waitFor();
    await page.keyboard.press('Enter');
    await title.waitFor();
    // The browser's back button returns to the inbox.
    await page.goBack();
    await page.getByRole('navigation', { name: 'Conversations' }).waitFor();
    expect(errors).toEqual([]);
  });
});

describe.skipIf(missing('chromium'))('the analytics dashboard on a busy month', () => {
  const browser = useBrowser();
  const server = useBrowserApp();

  it('shows a month of a desk of four (the README\'s picture), at 1280 pixels and on a phone', { timeout: 90_000 }, async () => {
    await seedChats(server.database.db, busyMonth(TZ));
    const login = await server.createAgent('Ngozi Obi');
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 1330 }, timezoneId: TZ })).newPage();
    page.setDefaultTimeout(15_000);
    const errors = collectPageErrors(page);
    await signIn(page, server.url, login);
    await page.getByRole('link', { name: 'Analytics' }).click();
    await page.locator('.chart canvas').first().waitFor();
    expect(Number(await tile(page, 'Chats started'))).toBeGreaterThan(150);
    expect(await page.getByRole('table', { name: 'Per agent' }).getByRole('row').count()).toBe(1 + 5);
    await saveScreenshot(page, 'analytics', { docs: true });

    await page.setViewportSize({ width: 390, height: 844 });
    // Nothing wider than the phone but the tables, which scroll sideways in their own box.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await saveScreenshot(page, 'analytics-phone');
    expect(errors).toEqual([]);
  });
});

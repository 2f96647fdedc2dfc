import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { collectPageErrors, saveScreenshot, signIn, useBrowser } from '../helpers/browser.js';
import { signInAs, startInboxApp } from '../helpers/inbox.js';
import { missing } from '../helpers/requirements.js';

const OUTSIDE = /^Outside business hours/;
const badge = (page: Page) => page.getByRole('status', { name: OUTSIDE });

/** Tabs on until the field named `label` has focus: a time field's parts (hour, minute, AM/PM) take a Tab each. */
async function tabTo(page: Page, label: string): Promise<void> {
  for (let i = 0; i < 4; i += 1) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))) === label) return;
  }
  throw new Error(`Tab did not reach "${label}"`);
}

/** Settings → Business hours (admins change them, agents read them) and the inbox header's "Outside business hours". */
describe.skipIf(missing('chromium'))('business hours', () => {
  const browser = useBrowser();
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('an admin sets weekdays 8:00–16:00 in Paris with a lunch break on Wednesday and Christmas closed; the header says when the team is back, until it is', { timeout: 120_000 }, async () => {
    let offset = 0;
    /** Puts the server's clock at `iso` (the browser keeps its own). */
    const setClock = (iso: string) => {
      offset = Date.parse(iso) - Date.now();
    };
    // Saturday 24 October 2026, noon in Paris; the clocks go back to winter time overnight.
    setClock('2026-10-24T10:00:00Z');
    t = await startInboxApp({ now: () => new Date(Date.now() + offset) });
    const login = { name: 'Grace', email: `grace-${Date.now()}@wadesk.test`, password: 'correct horse battery staple' };
    expect((await t.admin('POST', '/api/admin/agents', { ...login, role: 'admin' })).status).toBeLessThan(300);
    // The browser is in Lagos: the form offers its zone first, and the times shown are Paris's all the same.
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 1040 }, locale: 'en-GB', timezoneId: 'Africa/Lagos' })).newPage();
    page.setDefaultTimeout(20_000);
    // The browser's timers run as usual, but a minute can be skipped: the header reads the hours every minute.
    await page.clock.install();
    const errors = collectPageErrors(page);
    await signIn(page, t.url, login);
    expect(await badge(page).count()).toBe(0);

    await page.goto(`${t.url}/admin/settings/business-hours`);
    await page.getByText('Open now').waitFor();
    const form = page.getByRole('form', { name: 'Business hours' });
    expect(await form.getByLabel('Always open').isChecked()).toBe(true);

    // By keyboard: the radio group, the zone, Monday's hours, Wednesday's second range, a closed date.
    await form.getByLabel('Always open').focus();
    await page.keyboard.press('ArrowDown');
    expect(await form.getByLabel('Set opening hours').isChecked()).toBe(true);
    const zone = form.getByLabel('Time zone');
    expect(await zone.inputValue()).toBe('Africa/Lagos');
    await zone.fill('Europe/Paris');
    await form.getByLabel('Monday opens').focus();
    await page.keyboard.type('0800');
    await tabTo(page, 'Monday closes');
    await page.keyboard.type('1600');
    expect([await form.getByLabel('Monday opens').inputValue(), await form.getByLabel('Monday closes').inputValue()]).toEqual(['08:00', '16:00']);
    for (const day of ['Tuesday', 'Wednesday', 'Thursday', 'Friday']) {
      expect(await form.getByLabel(`${day} open`, { exact: true }).isChecked()).toBe(true);
      await form.getByLabel(`${day} opens`, { exact: true }).fill('08:00');
      await form.getByLabel(`${day} closes`, { exact: true }).fill('16:00');
    }
    expect(await form.getByLabel('Saturday open').isChecked()).toBe(false);
    expect(await form.getByLabel('Sunday open').isChecked()).toBe(false);

    await form.getByLabel('Wednesday closes', { exact: true }).fill('12:00');
    await form.getByRole('button', { name: 'Add hours on Wednesday' }).focus();
    await page.keyboard.press('Enter');
    // Focus is on the new range's opening time, which starts where the first range ends.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Wednesday opens (range 2)');
    expect(await form.getByLabel('Wednesday closes (range 2)').inputValue()).toBe('13:00');
    await page.keyboard.type('1300');
    await tabTo(page, 'Wednesday closes (range 2)');
    await page.keyboard.type('1600');

    const closedOn = form.getByLabel('Closed on');
    await closedOn.fill('2026-12-25');
    await closedOn.press('Enter');
    await closedOn.fill('2026-11-11');
    await form.getByRole('button', { name: 'Add date' }).click();
    const dates = form.getByRole('list', { name: 'Closed dates' }).getByRole('listitem');
    expect(await dates.allTextContents()).toEqual(['Wednesday 11 November 2026Remove', 'Friday 25 December 2026Remove']);
    await form.getByRole('button', { name: 'Remove Wednesday 11 November 2026' }).click();
    expect(await dates.allTextContents()).toEqual(['Friday 25 December 2026Remove']);

    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.getByText('Closed now — opens Monday 26 October at 08:00').waitFor();
    await page.locator('.settings-main').evaluate((main) => main.scrollTo(0, 0));
    await saveScreenshot(page, 'settings-business-hours', { docs: true });
    const week = [['08:00', '16:00']];
    expect((await t.admin('GET', '/api/admin/settings/business-hours')).json.data).toEqual({
      timezone: 'Europe/Paris',
      weekly: { mon: week, tue: week, wed: [['08:00', '12:00'], ['13:00', '16:00']], thu: week, fri: week },
      closed_dates: ['2026-12-25'],
      open_now: false,
      next_opening_at: '2026-10-26T07:00:00.000Z',
    });

    // A reload shows what was saved.
    await page.reload();
    await page.getByText('Closed now — opens Monday 26 October at 08:00').waitFor();
    expect(await form.getByLabel('Set opening hours').isChecked()).toBe(true);
    expect(await form.getByLabel('Time zone').inputValue()).toBe('Europe/Paris');
    expect(await form.getByLabel('Wednesday closes', { exact: true }).inputValue()).toBe('12:00');
    expect(await form.getByLabel('Wednesday opens (range 2)').inputValue()).toBe('13:00');
    expect(await form.getByLabel('Saturday open').isChecked()).toBe(false);
    expect(await dates.allTextContents()).toEqual(['Friday 25 December 2026Remove']);

    // The inbox's header: closed until Monday 8:00 in Paris.
    await page.getByRole('link', { name: '← Back to the inbox' }).click();
    await badge(page).waitFor();
    expect(await badge(page).textContent()).toBe('Outside business hours · back Mon 08:00');
    await saveScreenshot(page, 'inbox-outside-business-hours');
    expect(await badge(page).getAttribute('aria-label')).toMatch(/told the team is back Monday 26 October at 08:00 \(Europe\/Paris time\)/);

    // Another agent reads the hours and sees the same header, but cannot change them.
    const agent = await signInAs(t, browser, 'Tolu');
    await badge(agent).waitFor();
    await agent.goto(`${t.url}/admin/settings/business-hours`);
    await agent.getByText('Only admins change the business hours.').waitFor();
    expect(await agent.getByLabel('Monday opens').isDisabled()).toBe(true);
    expect(await agent.getByRole('button', { name: 'Save' }).count()).toBe(0);

    // Monday 10:00 in Paris: within the minute, the header no longer says it.
    setClock('2026-10-26T09:00:00Z');
    await page.clock.fastForward('01:01');
    await badge(page).waitFor({ state: 'detached' });
    setClock('2026-10-24T10:00:00Z');
    await page.clock.fastForward('01:01');
    await badge(page).waitFor();

    // Back to "Always open": saved, kept after a reload, and the header is quiet.
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Business hours' }).click();
    await form.getByLabel('Always open').check();
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.getByText('Open now').waitFor();
    await page.reload();
    await page.getByText('Open now').waitFor();
    expect(await form.getByLabel('Always open').isChecked()).toBe(true);
    expect((await t.admin('GET', '/api/admin/settings/business-hours')).json.data).toEqual({
      timezone: null, weekly: {}, closed_dates: [], open_now: true, next_opening_at: null,
    });
    await page.getByRole('link', { name: '← Back to the inbox' }).click();
    await page.getByRole('navigation', { name: 'Conversations' }).waitFor();
    expect(await badge(page).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

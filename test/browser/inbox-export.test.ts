import { readFile } from 'node:fs/promises';
import type { Download, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { collectPageErrors, forbidDialogs, saveScreenshot, useBrowser } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';
import { openChat, signInAgent, startInboxApp, userSends } from '../helpers/inbox.js';

const ADA = { from: '2348032100071', name: 'Ada' };
const SCRIPT = '<script>alert(1)</script>';
const FORMULA = '=HYPERLINK("http://evil.example","Click")';

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? null);
const contentOf = async (download: Download) => readFile((await download.path())!, 'utf8');

/** The header's Export menu and the palette's export commands: downloads through the session cookie, a printable page. */
describe.skipIf(missing('chromium'))('exporting a conversation from the inbox', () => {
  const browser = useBrowser();
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('downloads CSV from the Export menu by keyboard, JSON from the palette, and opens a printable page', { timeout: 120_000 }, async () => {
    t = await startInboxApp();
    await userSends(t, ADA, { text: 'chat support' });
    await userSends(t, ADA, { text: SCRIPT });
    await userSends(t, ADA, { text: FORMULA });
    await t.settle();
    const page = await signInAgent(t, browser);
    const errors = collectPageErrors(page);
    await openChat(page, 'Ada');
    await page.getByRole('log').getByText(FORMULA).waitFor();

    // Reached by Tab (it comes after End chat), opened with Enter, entries by arrows; Esc gives the focus back.
    await page.getByRole('button', { name: 'End chat', exact: true }).focus();
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('Export ▾');
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Export the conversation' });
    await menu.waitFor();
    expect(await focusedText(page)).toBe('Download JSON (everything)');
    await saveScreenshot(page, 'inbox-export-menu');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await focusedText(page)).toBe('Export ▾');

    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowDown');
    expect(await focusedText(page)).toBe('Download CSV (spreadsheet)');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(csv.suggestedFilename()).toMatch(/^conversation-Ada-2348032100071-\d{4}-\d\d-\d\d\.csv$/);
    const table = await contentOf(csv);
    expect(table.startsWith('\uFEFFmessage_id,')).toBe(true);
    expect(table).toContain(SCRIPT);
    expect(table).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
    await menu.waitFor({ state: 'detached' });

    // The palette offers the same, by keyboard alone.
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.getByRole('combobox').waitFor();
    await page.keyboard.type('export json');
    await palette.getByRole('option', { selected: true }).filter({ hasText: 'Export the conversation as JSON' }).waitFor();
    const [json] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(json.suggestedFilename()).toMatch(/\.json$/);
    const doc = JSON.parse(await contentOf(json));
    expect(doc.contact).toMatchObject({ name: 'Ada', phone_number: `+${ADA.from}` });
    expect(doc.messages.map((m: { text: string | null }) => m.text)).toEqual(expect.arrayContaining([SCRIPT, FORMULA]));

    // The printable page opens in a tab of its own: a transcript where the script is text, nothing runs.
    await page.getByRole('button', { name: 'Export ▾' }).click();
    const [printable] = await Promise.all([page.context().waitForEvent('page'), menu.getByRole('menuitem', { name: 'Open a printable page' }).click()]);
    const dialogs = forbidDialogs(printable);
    await printable.waitForLoadState();
    expect(await printable.title()).toBe('Conversation with Ada');
    await printable.getByText(SCRIPT).waitFor();
    expect(await printable.evaluate(() => document.scripts.length)).toBe(0);
    await saveScreenshot(printable, 'export-printable');
    await printable.emulateMedia({ media: 'print' });
    await saveScreenshot(printable, 'export-printable-print');
    expect(dialogs.opened).toEqual([]);
    expect(errors).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { signIn, useBrowser, useBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';

const DAY_AND_AN_HOUR_MS = 25 * 60 * 60 * 1000;

describe.skipIf(missing('chromium'))('the reply box', () => {
  const browser = useBrowser();

  const openChat = async (app: BrowserApp, name: string) => {
    const agent = await app.createAgent('Grace');
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, app.url, agent);
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: new RegExp(name) }).click();
    await page.getByRole('heading', { name }).waitFor();
    return page;
  };

  describe('within the 24-hour window', () => {
    const server = useBrowserApp();

    it("shows WhatsApp's length limit and refuses to send past it; the limit is the server's", { timeout: 60_000 }, async () => {
      await server.userSays('2348011111111', 'Ada', 'chat support');
      const page = await openChat(server, 'Ada');
      const reply = page.getByLabel('Reply to Ada');
      const send = page.getByRole('button', { name: 'Send' });
      await page.getByText('4079 / 4079 characters left').waitFor();

      await reply.fill('x'.repeat(4080));
      await page.getByText('1 over the 4079-character limit').waitFor();
      expect(await send.isDisabled()).toBe(true);
      await reply.press('Enter');
      expect(await reply.inputValue()).toHaveLength(4080);

      // Exactly at the limit the server accepts it (with its 17-character prefix it is WhatsApp's 4096).
      await reply.press('Backspace');
      await page.getByText('0 / 4079 characters left').waitFor();
      await reply.press('Enter');
      await page.getByRole('log', { name: /Messages with Ada/ }).getByText('x'.repeat(4079)).waitFor();
      // The box empties when the server has accepted the send, which may come just after the live event.
      await expect.poll(() => reply.inputValue()).toBe('');
    });

  });

  describe('25 hours after the user wrote', () => {
    // The user wrote 25 hours ago by the server's clock; the browser keeps the real time.
    const server = useBrowserApp({ now: () => new Date(Date.now() - DAY_AND_AN_HOUR_MS) });

    it('says the 24-hour window is closed instead of offering a send that would fail', { timeout: 60_000 }, async () => {
      await server.userSays('2348033333333', 'Bola', 'chat support');
      const page = await openChat(server, 'Bola');
      await page.getByText('The 24-hour window is closed — WhatsApp only allows a template message until the user writes again.').waitFor();
      await page.getByText('window closed').waitFor();
      expect(await page.getByLabel('Reply to Bola').count()).toBe(0);
      // Ending the chat stays possible, and the dialog says the closing message cannot be delivered.
      await page.getByRole('button', { name: 'End chat', exact: true }).click();
      await page.getByRole('dialog').getByText('the closing message cannot be delivered').waitFor();
    });
  });
});

import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { collectPageErrors, launchChromium, saveScreenshot, skipWithoutChromium } from '../helpers/browser.js';
import { png } from '../helpers/images.js';
import { openChat, signInAgent, startInboxApp, userSends } from '../helpers/inbox.js';

const ADA = { from: '2348032000001', name: 'Ada' };

describe.skipIf(skipWithoutChromium)('attaching a file in the inbox', () => {
  let browser: Browser;
  let t: TestApp | null = null;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('takes a picture dropped on the conversation, shows it with a caption field, uploads it with progress and says why it was refused', { timeout: 90_000 }, async () => {
    t = await startInboxApp();
    await userSends(t, ADA, { text: 'chat support' });
    const page = await signInAgent(t, browser);
    const errors = collectPageErrors(page);
    // The upload as the browser sends it; answered by the test (first a refusal, then a success) to see what the agent sees.
    const uploads: string[] = [];
    await page.route('**/media', async (route) => {
      uploads.push(route.request().postDataBuffer()?.toString('latin1') ?? '');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const refused = uploads.length === 1;
      await route.fulfill({
        status: refused ? 409 : 200,
        contentType: 'application/json',
        body: JSON.stringify(refused
          ? { status: 'error', error: { code: 'CHAT_NOT_ACTIVE', message: 'This chat has ended: start a new one to send files.' } }
          : { status: 'success', data: { message: null } }),
      });
    });
    await openChat(page, 'Ada');

    const picture = png(160, 120, [31, 95, 191]).toString('base64');
    const dataTransfer = await page.evaluateHandle((b64) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'screen.png', { type: 'image/png' }));
      return transfer;
    }, picture);
    await page.dispatchEvent('main.conversation-pane', 'dragover', { dataTransfer });
    await page.getByText('Drop the file to send it to Ada').waitFor();
    await page.dispatchEvent('main.conversation-pane', 'drop', { dataTransfer });
    const preview = page.getByRole('form', { name: 'File to send' });
    await preview.getByText('screen.png').waitFor();
    await expect.poll(() => preview.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(160);
    await page.getByLabel('Caption (optional)').fill('Here is where to click');
    await saveScreenshot(page, 'inbox-attach-preview');

    await page.keyboard.press('Enter');
    await preview.getByRole('progressbar', { name: 'Uploading screen.png' }).waitFor();
    await preview.getByRole('alert').getByText('This chat has ended: start a new one to send files.').waitFor();
    expect(uploads[0]).toContain('name="caption"\r\n\r\nHere is where to click');
    expect(uploads[0]).toMatch(/name="file"; filename="screen.png"\r\nContent-Type: image\/png/);
    expect(uploads[0]).not.toContain('name="reply_to"');

    // Sent on a second try: the preview closes and the reply box has the focus again.
    await preview.getByRole('button', { name: 'Send file' }).click();
    await preview.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.id === 'reply-text');
    expect(uploads).toHaveLength(2);
    expect(errors).toEqual([]);
  });
});

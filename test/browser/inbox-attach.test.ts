import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { collectPageErrors, saveScreenshot, useBrowser } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';
import { png } from '../helpers/images.js';
import { openChat, signInAgent, startInboxApp, userSends } from '../helpers/inbox.js';

const ADA = { from: '2348032000001', name: 'Ada' };

describe.skipIf(missing('chromium'))('attaching a file in the inbox', () => {
  const browser = useBrowser();
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('sends a picture dropped on the conversation, quoting a message: preview, caption, upload progress, a refusal shown, then WhatsApp gets it', { timeout: 90_000 }, async () => {
    t = await startInboxApp();
    await userSends(t, ADA, { text: 'chat support' });
    const asked = await userSends(t, ADA, { text: 'How do I reset my password?' });
    const page = await signInAgent(t, browser);
    const errors = collectPageErrors(page);
    // The upload as the browser sends it. The first is refused (by the test, as the server would refuse
    // it) to see what the agent sees; the next goes to the server.
    const uploads: string[] = [];
    await page.route('**/media', async (route) => {
      uploads.push(route.request().postDataBuffer()?.toString('latin1') ?? '');
      if (uploads.length > 1) return route.continue();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await route.fulfill({
        status: 413,
        contentType: 'application/json',
        body: JSON.stringify({ status: 'error', error: { code: 'MEDIA_TOO_LARGE', message: 'The file is larger than WhatsApp takes.' } }),
      });
    });
    await openChat(page, 'Ada');
    // The agent answers Ada's message with the picture, quoting it (Reply beside her message).
    const question = page.getByRole('log', { name: 'Messages with Ada' }).getByRole('listitem').filter({ hasText: 'How do I reset my password?' });
    await question.hover();
    await question.getByRole('button', { name: 'Reply to this message' }).click();
    await page.getByRole('group', { name: 'Replying to' }).getByText('How do I reset my password?').waitFor();

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
    await preview.getByRole('alert').getByText('The file is larger than WhatsApp takes.').waitFor();
    expect(uploads[0]).toContain('name="caption"\r\n\r\nHere is where to click');
    expect(uploads[0]).toMatch(/name="reply_to"\r\n\r\n\d+/);
    expect(uploads[0]).toMatch(/name="file"; filename="screen.png"\r\nContent-Type: image\/png/);

    // Sent on a second try: the preview and the quote close, the reply box has the focus again,
    // and WhatsApp gets the picture with its caption, quoting Ada's question.
    await preview.getByRole('button', { name: 'Send file' }).click();
    await preview.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.id === 'reply-text');
    expect(await page.getByRole('group', { name: 'Replying to' }).count()).toBe(0);
    expect(uploads).toHaveLength(2);
    await t.settle();
    const sent = (t.fake.simulator.accepted(ADA.from) as Array<Record<string, any>>).find((body) => body.type === 'image');
    expect(sent).toMatchObject({ image: { caption: 'Here is where to click' }, context: { message_id: asked } });
    expect(t.fake.simulator.mediaFile(sent!.image.id)?.bytes.toString('base64')).toBe(picture);
    // The inbox shows the picture it sent, quoting the question.
    const mine = page.getByRole('log', { name: 'Messages with Ada' }).getByRole('listitem').filter({ has: page.getByRole('img', { name: 'Here is where to click' }) });
    await mine.getByRole('button', { name: /Ada.*How do I reset my password\?/ }).waitFor();
    await expect.poll(() => mine.getByRole('img', { name: 'Here is where to click' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(160);
    await saveScreenshot(page, 'inbox-attach-sent');

    // A screenshot pasted into the reply box becomes the file to send; Cancel puts the text box back.
    await page.evaluate((b64) => {
      const clipboardData = new DataTransfer();
      clipboardData.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'image.png', { type: 'image/png' }));
      document.getElementById('reply-text')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
    }, picture);
    await preview.getByText('image.png').waitFor();
    await preview.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForFunction(() => document.activeElement?.id === 'reply-text');
    expect(await page.getByLabel('Reply to Ada').inputValue()).toBe('');

    // The 📎 button opens the file picker; a document goes with its name.
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: /Attach/ }).click()]);
    await chooser.setFiles({ name: 'Reset steps.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await preview.getByText('Reset steps.pdf').waitFor();
    await preview.getByRole('button', { name: 'Send file' }).click();
    await preview.waitFor({ state: 'detached' });
    await page.getByRole('log', { name: 'Messages with Ada' }).getByRole('link', { name: /Reset steps\.pdf/ }).waitFor();
    await t.settle();
    expect((t.fake.simulator.accepted(ADA.from) as Array<Record<string, any>>).find((body) => body.type === 'document')).toMatchObject({ document: { filename: 'Reset steps.pdf' } });
    expect(errors).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { SIMULATOR_CREDENTIALS } from '../../src/config.js';
import { png } from '../helpers/images.js';
import { collectPageErrors, forbidDialogs, phoneShows, say, saveScreenshot, useBrowser, useBrowserApp } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';

const JOHN = '2348012345678';

describe.skipIf(missing('chromium'))('the phone page, WhatsApp-native', () => {
  const suite = { browser: useBrowser(), server: useBrowserApp() };

  /** What the server's Graph client would do against the built-in fake Graph API. */
  const graph = async (path: string, init: { method: 'GET' | 'POST'; body?: FormData | object }) => {
    const { accessToken } = SIMULATOR_CREDENTIALS;
    const json = init.body !== undefined && !(init.body instanceof FormData);
    const response = await fetch(`${suite.server.url}/simulator/graph/v23.0/${path}`, {
      method: init.method,
      headers: { authorization: `Bearer ${accessToken}`, ...(json ? { 'content-type': 'application/json' } : {}) },
      body: init.body instanceof FormData ? init.body : json ? JSON.stringify(init.body) : undefined,
    });
    expect(response.status).toBe(200);
    return response.json();
  };
  const transcript = async () => {
    const response = await fetch(`${suite.server.url}/simulator/api/users/${JOHN}/messages`);
    return (await response.json()).data as Array<{ wamid: string; direction: string; kind: string; text: string }>;
  };

  it('sends a photo from the phone, and shows the business’s image, reactions and "typing…"', { timeout: 90_000 }, async () => {
    const page = await (await suite.browser.newContext({ viewport: { width: 900, height: 860 } })).newPage();
    page.setDefaultTimeout(20_000);
    const errors = collectPageErrors(page);
    const dialogs = forbidDialogs(page);
    await page.goto(`${suite.server.url}/simulator`);
    await page.getByRole('button', { name: /John/ }).click();
    await say(page, 'Hello');
    await phoneShows(page, "What's your name?");

    // The user attaches a photo, captions it and sends it: the phone shows it inline.
    await page.getByLabel('Photo or file to send').setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: png(240, 160, [37, 163, 90]) });
    await page.getByText('receipt.png').waitFor();
    await say(page, 'My receipt');
    const chat = page.getByRole('log', { name: 'Chat' });
    await chat.getByRole('img', { name: 'My receipt' }).waitFor();
    expect(await chat.getByRole('img', { name: 'My receipt' }).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(240);
    await expect.poll(async () => (await transcript()).some((e) => e.direction === 'in' && e.kind === 'image')).toBe(true);
    expect(await page.getByRole('alert').count()).toBe(0);

    // The business reacts to the photo, shows "typing…", then sends an image by media id, quoting the photo.
    const photo = (await transcript()).filter((e) => e.direction === 'in' && e.kind === 'image').at(-1)!;
    const to = { messaging_product: 'whatsapp', recipient_type: 'individual', to: JOHN };
    await graph(`${SIMULATOR_CREDENTIALS.phoneNumberId}/messages`, { method: 'POST', body: { ...to, type: 'reaction', reaction: { message_id: photo.wamid, emoji: '👍' } } });
    await chat.getByLabel('Reactions: 👍').waitFor();
    await graph(`${SIMULATOR_CREDENTIALS.phoneNumberId}/messages`, { method: 'POST', body: { messaging_product: 'whatsapp', status: 'read', message_id: photo.wamid, typing_indicator: { type: 'text' } } });
    await page.getByText('typing…').first().waitFor();
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', 'image/png');
    form.set('file', new Blob([new Uint8Array(png(200, 120, [31, 95, 191]))], { type: 'image/png' }), 'label.png');
    const { id } = await graph(`${SIMULATOR_CREDENTIALS.phoneNumberId}/media`, { method: 'POST', body: form });
    await graph(`${SIMULATOR_CREDENTIALS.phoneNumberId}/messages`, {
      method: 'POST',
      body: { ...to, context: { message_id: photo.wamid }, type: 'image', image: { id, caption: 'Your return label' } },
    });
    const label = chat.getByRole('listitem').filter({ has: page.getByRole('img', { name: 'Your return label' }) });
    await label.waitFor();
    await label.getByText('You', { exact: true }).waitFor(); // the quote of the user's photo, above the image
    await page.getByText(`you are John · +${JOHN}`).waitFor(); // "typing…" ended with the message

    // The user reacts to the business's image from its bubble.
    await label.hover();
    await label.getByRole('button', { name: 'React to this message' }).click();
    await label.getByRole('button', { name: 'React ❤️' }).click();
    await label.getByLabel('Reactions: ❤️').waitFor();
    await expect.poll(async () => (await transcript()).some((e) => e.direction === 'in' && e.kind === 'reaction')).toBe(true);

    await saveScreenshot(page, 'phone-media');
    expect(dialogs.opened).toEqual([]);
    expect(errors).toEqual([]);
  });
});

import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.js';
import type { TestApp } from '../helpers/app.js';
import { collectPageErrors, forbidDialogs, saveScreenshot, useBrowser } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';
import { png } from '../helpers/images.js';
import { openChat, signInAgent, startInboxApp, userSends, userUploads } from '../helpers/inbox.js';
import { messagesFrom, postEvent, userMessage, waitFor } from '../helpers/webhooks.js';

const ADA = { from: '2348032000001', name: 'Ada' };
const BOLA = { from: '2348032000002', name: 'Bola' };
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3000, 0x41), Buffer.from('\n%%EOF\n')]);
// Not playable, and not meant to be: the inbox must not even try before the agent presses play.
const OGG = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(2000, 1)]);
const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(2000, 2)]);

describe.skipIf(missing('chromium'))('the inbox shows WhatsApp-native messages', () => {
  const browser = useBrowser();
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('shows a photo once it is fetched, a file to download, and players that never start by themselves', { timeout: 90_000 }, async () => {
    t = await startInboxApp();
    await userSends(t, ADA, { text: 'chat support' });
    const page = await signInAgent(t, browser);
    const errors = collectPageErrors(page);
    const dialogs = forbidDialogs(page);
    await openChat(page, 'Ada');
    const log = page.getByRole('log', { name: 'Messages with Ada' });

    await userSends(t, ADA, { media: { id: userUploads(t, png(240, 160, [37, 163, 90]), 'image/png'), caption: 'my receipt' } });
    const photo = log.getByRole('img', { name: 'my receipt' });
    await photo.waitFor();
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(240);
    expect(await photo.getAttribute('loading')).toBe('lazy');
    // The caption is under the picture, once; a click opens the whole picture in a new tab.
    expect(await log.getByText('my receipt', { exact: true }).count()).toBe(1);
    const link = log.getByRole('link', { name: 'my receipt' });
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await link.getAttribute('href')).toMatch(/^\/api\/admin\/media\/[0-9a-f-]{36}$/);

    await userSends(t, ADA, { media: { id: userUploads(t, PDF, 'application/pdf', 'Homework 3.pdf') } });
    const file = log.getByRole('link', { name: /Homework 3\.pdf/ });
    await file.waitFor();
    await file.getByText('3 KB · Download').waitFor();
    expect(await file.getAttribute('download')).toBe('Homework 3.pdf');

    await userSends(t, ADA, { media: { id: userUploads(t, OGG, 'audio/ogg'), voice: true } });
    await userSends(t, ADA, { media: { id: userUploads(t, MP4, 'video/mp4'), caption: 'the error on my screen' } });
    const players = log.locator('audio, video');
    await expect.poll(() => players.count()).toBe(2);
    await log.getByText('the error on my screen').waitFor();
    await page.waitForTimeout(500);
    for (const player of await players.all()) {
      expect(await player.getAttribute('preload')).toBe('none');
      expect(await player.evaluate((el: HTMLMediaElement) => ({ paused: el.paused, autoplay: el.autoplay, controls: el.controls }))).toEqual({ paused: true, autoplay: false, controls: true });
    }
    await saveScreenshot(page, 'inbox-media');
    expect(dialogs.opened).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('shows a reaction under its message, a reply with its quote, a place, a contact card and the buttons the bot offered', { timeout: 90_000 }, async () => {
    t = await startInboxApp();
    await userSends(t, ADA, { text: 'chat support' });
    expect((await t.admin('POST', `/api/admin/conversations/%2B${ADA.from}/chat-support/send`, { message: 'Which file format is it?' })).status).toBe(200);
    await t.settle();
    const answer = t.fake.simulator.transcript(ADA.from).find((e) => e.direction === 'out' && e.text.includes('Which file format'))!;
    await userSends(t, ADA, { reaction: { messageId: answer.wamid, emoji: '👍' } });
    await userSends(t, ADA, { text: 'A PDF, exported from Word', replyTo: answer.wamid });
    await userSends(t, ADA, { location: { latitude: 6.4541, longitude: 3.3947, name: 'Yaba College', address: 'Herbert Macaulay Way, Lagos' } });
    await userSends(t, ADA, { contacts: [{ name: 'Tolu Ade', phones: ['+234 803 000 0003', '+234 803 000 0004'] }] });
    // A message WhatsApp cannot show the business, and a reaction to a message this desk never stored.
    await postEvent(t.url, messagesFrom(ADA.from, ADA.name, userMessage(ADA.from, {
      type: 'unsupported',
      errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }],
    })));
    await postEvent(t.url, messagesFrom(ADA.from, ADA.name, userMessage(ADA.from, { type: 'reaction', reaction: { message_id: 'wamid.not-stored-here', emoji: '😂' } })));
    // Bola talks to the bot: its menu comes with buttons.
    await userSends(t, BOLA, { text: 'Hello' });
    await userSends(t, BOLA, { text: 'Bola' });

    const page = await signInAgent(t, browser);
    const errors = collectPageErrors(page);
    await openChat(page, 'Ada');
    const log = page.getByRole('log', { name: 'Messages with Ada' });
    const answerRow = log.getByRole('listitem').filter({ hasText: 'Which file format is it?' }).filter({ hasNot: page.locator('.quote') });
    await answerRow.getByLabel('Reactions: 👍 from Ada').waitFor();
    // The reaction is a chip on its message, not a bubble of its own.
    expect(await log.getByText(/reacted 👍/).count()).toBe(0);

    const replyRow = log.getByRole('listitem').filter({ hasText: 'A PDF, exported from Word' });
    const quote = replyRow.getByRole('button', { name: /Agent.*Which file format is it\?/ });
    await quote.waitFor();
    await quote.click();
    await page.waitForFunction(() => document.activeElement?.textContent?.startsWith('Agent') && document.activeElement.textContent.includes('Which file format'));

    const place = log.getByRole('link', { name: /Yaba College/ });
    await place.getByText('Herbert Macaulay Way, Lagos').waitFor();
    expect(await place.getAttribute('href')).toBe('https://www.openstreetmap.org/?mlat=6.4541&mlon=3.3947#map=16/6.4541/3.3947');
    expect(await place.getAttribute('rel')).toBe('noopener noreferrer');
    const card = log.getByRole('list', { name: 'Shared contacts' });
    await card.getByText('Tolu Ade').waitFor();
    await card.getByText('+234 803 000 0004').waitFor();
    await log.getByText(/^This kind of message cannot be shown here \(Message type unknown.*\)\. Ask the user to send it another way\.$/).waitFor();
    await log.getByText('Ada reacted 😂 to a message not shown here').waitFor();
    await log.getByText('Ada reacted 😂 to a message not shown here').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'inbox-place-card-notes');
    await saveScreenshot(page, 'inbox-quote-reaction');

    await openChat(page, 'Bola');
    // The bot's menu is one line until opened.
    await page.getByRole('log', { name: 'Messages with Bola' }).getByRole('button', { name: /^Bot .*What would you like to do/, expanded: false }).last().click();
    const menu = page.getByRole('log', { name: 'Messages with Bola' }).getByLabel('Buttons offered').last();
    await menu.getByText('💬 Chat Support').waitFor();
    // What the bot offered is shown, not offered to the agent to tap.
    expect(await menu.getByRole('button').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('says why an attachment could not be fetched, and Retry fetches it', { timeout: 90_000 }, async () => {
    t = await startInboxApp();
    await userSends(t, ADA, { text: 'chat support' });
    const page = await signInAgent(t, browser);
    await openChat(page, 'Ada');
    const log = page.getByRole('log', { name: 'Messages with Ada' });

    const id = userUploads(t, png(120, 90, [191, 95, 31]), 'image/png');
    // Every attempt of the job fails (three, with the test's job policy).
    t.fake.simulator.failMedia(id, 3);
    await userSends(t, ADA, { media: { id, caption: 'broken screen' } });
    const failed = log.getByRole('group', { name: 'The photo could not be fetched' });
    await failed.getByText(/The photo could not be fetched: .+/).waitFor();
    await saveScreenshot(page, 'inbox-media-failed');
    await failed.getByRole('button', { name: 'Retry' }).click();
    await log.getByRole('img', { name: 'broken screen' }).waitFor();
    await waitFor('the failure to be gone', async () => ((await failed.count()) === 0 ? true : undefined));
  });

  it("the README's picture: a chat with a photo, a quote and a reaction", { timeout: 90_000 }, async () => {
    t = await startInboxApp();
    await userSends(t, ADA, { text: 'chat support' });
    await userSends(t, ADA, { text: 'The upload button does nothing on my homework page' });
    await userSends(t, ADA, { media: { id: userUploads(t, png(360, 220, [37, 163, 90]), 'image/png'), caption: 'This is what I see' } });
    const page = await signInAgent(t, browser, { width: 1280, height: 1000 });
    await openChat(page, 'Ada');
    const log = page.getByRole('log', { name: 'Messages with Ada' });
    await log.getByRole('img', { name: 'This is what I see' }).waitFor();
    await page.getByLabel('Reply to Ada').fill('Thanks Ada! Which browser are you using?');
    await page.keyboard.press('Enter');
    // The send is the browser's request: wait for WhatsApp to have it (settling alone may come before it).
    const app = t;
    const answer = await waitFor('the answer to reach WhatsApp', () => app.fake.simulator.transcript(ADA.from).find((e) => e.direction === 'out' && e.text.includes('Which browser')));
    // Ada sees the answer once it is delivered, after wadesk has recorded WhatsApp's id for it: wait for that
    // record, or the reaction can arrive first (the suite saw it once) and find no message to attach to.
    await waitFor('the answer recorded with its wamid', async () => (rowsOf(await app.database.db.execute(sql`select 1 from messages where wamid = ${answer.wamid}`)).length > 0 ? true : undefined));
    await userSends(t, ADA, { reaction: { messageId: answer.wamid, emoji: '👍' } });
    await userSends(t, ADA, { text: 'Chrome, on my phone', replyTo: answer.wamid });
    await log.getByRole('button', { name: /You.*Which browser/ }).waitFor();
    await log.getByLabel('Reactions: 👍 from Ada').waitFor();
    await expect.poll(() => log.getByRole('img', { name: 'This is what I see' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(360);
    await page.mouse.move(0, 0);
    await saveScreenshot(page, 'inbox-media', { docs: true });
  });

  it('a reaction that arrives while the history is being fetched again is not undone by that fetch', { timeout: 90_000 }, async () => {
    t = await startInboxApp();
    await userSends(t, ADA, { text: 'chat support' });
    const page = await signInAgent(t, browser);
    await openChat(page, 'Ada');
    const log = page.getByRole('log', { name: 'Messages with Ada' });
    const reply = page.getByLabel('Reply to Ada');
    await reply.fill('Which browser are you using?');
    await page.keyboard.press('Enter');
    const app = t;
    const answer = await waitFor('the answer to reach WhatsApp', () => app.fake.simulator.transcript(ADA.from).find((e) => e.direction === 'out' && e.text.includes('Which browser')));
    await waitFor('the answer recorded with its wamid', async () => (rowsOf(await app.database.db.execute(sql`select 1 from messages where wamid = ${answer.wamid}`)).length > 0 ? true : undefined));

    // The next reply makes the inbox fetch the history again; that fetch reads the database, then is held
    // (a slow network) while Ada reacts and the live event shows her reaction.
    let fetched!: () => void;
    const snapshotTaken = new Promise<void>((resolve) => { fetched = resolve; });
    let release!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    await page.route(/\/messages\?limit=100/, async (route) => {
      const response = await route.fetch();
      fetched();
      await released;
      await route.fulfill({ response });
    }, { times: 1 });
    await reply.fill('And which phone?');
    await page.keyboard.press('Enter');
    await snapshotTaken;
    await userSends(t, ADA, { reaction: { messageId: answer.wamid, emoji: '👍' } });
    const reaction = log.getByLabel('Reactions: 👍 from Ada');
    await reaction.waitFor();

    // The held answer lands, without the reaction: the inbox fetches once more and keeps showing it.
    const again = page.waitForResponse((response) => /\/messages\?limit=100/.test(response.url()));
    release();
    await again;
    await reaction.waitFor();
    await page.waitForTimeout(300);
    expect(await reaction.count()).toBe(1);
  });
});

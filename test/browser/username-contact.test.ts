import { describe, expect, it } from 'vitest';
import { SIMULATOR_CREDENTIALS } from '../../src/config.js';
import { signPayload } from '../../src/whatsapp/signature.js';
import { collectPageErrors, phoneShows, say, saveScreenshot, signIn, useBrowser, useBrowserApp } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';
import { changeValue, envelope, postWebhook, uniqueWamid, unixNow } from '../helpers/webhooks.js';

const USER_ID = 'US.13491208655302741918';

/** Meta's usernames: a contact with no phone number, known by `user_id`; the inbox addresses it by conversation id. */
describe.skipIf(missing('chromium'))('a contact known only by username, in the inbox', () => {
  const suite = { browser: useBrowser(), server: useBrowserApp() };

  const kimSays = async (body: string) => {
    const payload = JSON.stringify(envelope([
      changeValue({
        phoneNumberId: SIMULATOR_CREDENTIALS.phoneNumberId,
        contacts: [{ profile: { name: 'Kim', username: 'kim.codes' }, user_id: USER_ID }],
        messages: [{ from_user_id: USER_ID, id: uniqueWamid('username'), timestamp: unixNow(), type: 'text', text: { body } }],
      }),
    ]));
    const answer = await postWebhook(suite.server.url, payload, { signature: signPayload(payload, SIMULATOR_CREDENTIALS.appSecret) });
    expect(answer.status).toBe(200);
  };

  it('is listed by name, opened like anyone (by its conversation id), shows the username, and is answered', { timeout: 60_000 }, async () => {
    await suite.server.userSays('2348011111111', 'Ada', 'chat support');
    await kimSays('Hello');
    await kimSays('Kim');
    await kimSays('chat support');
    await kimSays('My login does not work');
    const agent = await suite.server.createAgent('Grace');
    const page = await suite.browser.newPage();
    page.setDefaultTimeout(15_000);
    const errors = collectPageErrors(page);
    await signIn(page, suite.server.url, agent);

    const waiting = page.getByRole('navigation', { name: 'Conversations' }).getByRole('list', { name: /Active chats/ });
    await waiting.getByRole('button', { name: /Kim/ }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Conversations' }).getByRole('heading', { name: /Waiting/ }).textContent()).toContain('2');

    // j/k stop on Kim's row too; Enter opens her chat.
    for (let i = 0; i < 2; i++) {
      await page.keyboard.press('j');
      if ((await page.evaluate(() => document.activeElement?.closest('[data-conversation-row]')?.textContent ?? '')).includes('Kim')) break;
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Kim' }).waitFor();
    await page.getByRole('log', { name: 'Messages with Kim' }).getByText('My login does not work').waitFor();
    expect(await page.getByText('WhatsApp username only (no number)').count()).toBeGreaterThan(0);

    const reply = page.getByLabel('Reply to Kim');
    await reply.fill('Hi Kim, let us reset it.');
    await reply.press('Enter');
    await page.getByRole('log', { name: 'Messages with Kim' }).getByText('Hi Kim, let us reset it.').waitFor();
    expect(errors).toEqual([]);
  });

  it('a new phone user known only by username chats from the simulator and is answered from the inbox', { timeout: 90_000 }, async () => {
    const phone = await (await suite.browser.newContext({ viewport: { width: 900, height: 860 } })).newPage();
    phone.setDefaultTimeout(15_000);
    const phoneErrors = collectPageErrors(phone);
    await phone.goto(`${suite.server.url}/simulator`);
    await phone.getByText('New user…').click();
    await phone.getByLabel('Username only').check();
    await phone.getByLabel('Username', { exact: true }).fill('@Zara.Learns');
    await phone.getByLabel('Name', { exact: true }).fill('Zara');
    await phone.getByRole('button', { name: 'Add user' }).click();
    await phone.getByText('you are Zara · @zara.learns').waitFor();
    await say(phone, 'Hello');
    await phoneShows(phone, "What's your name?");
    await say(phone, 'Zara');
    await say(phone, 'chat support');
    await phoneShows(phone, 'You are now connected to our support team!');
    await say(phone, 'My timetable is empty');

    const agent = await suite.server.createAgent('Grace');
    const inbox = await suite.browser.newPage();
    inbox.setDefaultTimeout(15_000);
    const inboxErrors = collectPageErrors(inbox);
    await signIn(inbox, suite.server.url, agent);
    await inbox.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /Zara/ }).click();
    await inbox.getByRole('log', { name: 'Messages with Zara' }).getByText('My timetable is empty').waitFor();
    expect(await inbox.getByText('@zara.learns').count()).toBeGreaterThan(0);
    const reply = inbox.getByLabel('Reply to Zara');
    await reply.fill('Hi Zara, it is back now.');
    await reply.press('Enter');
    await phoneShows(phone, '🎧 Support Team: Hi Zara, it is back now.');
    await saveScreenshot(phone, 'username-phone');
    expect(phoneErrors.filter((e) => !e.includes('EventSource'))).toEqual([]);
    expect(inboxErrors).toEqual([]);
  });
});

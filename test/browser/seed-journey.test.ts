import { describe, expect, it } from 'vitest';
import { collectPageErrors, phoneShows, registerAndAskForSupport, say, saveScreenshot, signIn, useBrowser, useBrowserApp } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';

const ANSWER = 'What file format are you trying to upload?';
const CLOSING = 'Thanks John, glad we could help!';

describe.skipIf(missing('chromium'))('the seed journey in two browser pages: the phone simulator and the inbox', () => {
  const browser = useBrowser();
  const server = useBrowserApp({}, 'each');

  it('starts a chat on the phone, answers it live from the inbox and ends it', { timeout: 90_000 }, async () => {
    const agent = await server.createAgent('Grace');
    // Two devices: the agent's laptop and the user's phone.
    const inbox = await (await browser.newContext({ viewport: { width: 1366, height: 820 } })).newPage();
    const phone = await (await browser.newContext({ viewport: { width: 900, height: 860 } })).newPage();
    inbox.setDefaultTimeout(15_000);
    phone.setDefaultTimeout(15_000);
    const errors = [inbox, phone].map(collectPageErrors);
    await signIn(inbox, server.url, agent);
    expect(await inbox.title()).toBe('wadesk');

    // The user registers and asks for support on the simulator page.
    await registerAndAskForSupport(phone, server.url);
    await say(phone, "I can't upload my homework file");
    await phoneShows(phone, '✓ Your message has been sent to support.');

    // The inbox sees the waiting chat appear without a reload, and says so in the tab title.
    const list = inbox.getByRole('navigation', { name: 'Conversations' });
    const row = list.getByRole('list', { name: /Active chats/ }).getByRole('button', { name: /John/ });
    await row.getByText(/waiting/).waitFor();
    await row.getByRole('img', { name: 'Unanswered' }).waitFor();
    await inbox.waitForFunction(() => document.title === '(1) wadesk');

    // The agent opens it: the history is there; the reply box waits for `r` (so no key lands in a message).
    await row.click();
    const conversation = inbox.getByRole('log', { name: /Messages with John/ });
    await conversation.getByText("I can't upload my homework file").waitFor();
    expect(await inbox.evaluate(() => document.activeElement?.id)).not.toBe('reply-text');
    await inbox.keyboard.press('r');
    await inbox.waitForFunction(() => document.activeElement?.id === 'reply-text');
    await inbox.keyboard.type(ANSWER);
    await inbox.keyboard.press('Enter');
    await phoneShows(phone, `🎧 Support Team: ${ANSWER}`);
    // Delivery ticks follow the status webhooks; the phone read it once the user replies.
    const agentBubble = conversation.getByRole('listitem').filter({ hasText: ANSWER });
    await agentBubble.getByRole('img', { name: /Delivered|Read/ }).waitFor();
    await inbox.waitForFunction(() => document.title === 'wadesk');

    await say(phone, 'A PDF');
    await conversation.getByText('A PDF').waitFor();
    await agentBubble.getByRole('img', { name: 'Read' }).waitFor();
    await conversation.getByText('John asked for support').waitFor();
    // Two more contacts, so that the README's picture shows a list: one waiting, one with the bot.
    await server.userSays('2348023456789', 'Ada', 'chat support');
    await server.userSays('2348023456789', 'Ada', 'My payment failed twice, can someone check?');
    await server.userSays('447700900123', 'Tolu', 'Hello');
    await list.getByRole('button', { name: /Ada/ }).getByText(/waiting/).waitFor();
    await list.getByRole('button', { name: /Tolu/ }).waitFor();
    await saveScreenshot(inbox, 'inbox', { docs: true });

    // The agent ends the chat from the keyboard: Esc leaves the reply box, `e` asks for confirmation.
    await inbox.getByLabel('Reply to John').press('Escape');
    await inbox.keyboard.press('e');
    const dialog = inbox.getByRole('dialog', { name: 'End the chat with John?' });
    await dialog.getByLabel('Closing message').fill(CLOSING);
    await dialog.getByRole('button', { name: 'End chat' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The phone gets the closing text with the Main Menu button; the inbox shows the bot has it again.
    await phoneShows(phone, CLOSING);
    await phone.getByRole('button', { name: '📝 Main Menu' }).waitFor();
    await inbox.getByText('The bot is handling this conversation.').waitFor();
    await conversation.getByText(CLOSING).waitFor();
    await conversation.getByText('Grace ended the chat').waitFor();
    await saveScreenshot(phone, 'simulator', { docs: true });

    // The rating question follows: John rates the chat, skips the comment, and the menu comes back.
    await phoneShows(phone, 'How was your chat with our support team? Please rate it.');
    await phone.getByRole('button', { name: '☰ Rate the chat' }).click();
    await phone.getByRole('button', { name: /⭐⭐⭐⭐⭐ Excellent/ }).click();
    await phone.getByRole('button', { name: 'Skip', disabled: false }).click();
    await phoneShows(phone, 'Thank you for your feedback! 🙏');
    await phone.getByRole('log', { name: 'Chat' }).getByText('What would you like to do, John?').nth(1).waitFor();
    expect(errors.flat()).toEqual([]);
  });

  it('shows live when the user ends the chat from the phone', { timeout: 60_000 }, async () => {
    const agent = await server.createAgent('Grace');
    await server.userSays('2348023456789', 'Ada', 'chat support');
    const inbox = await browser.newPage();
    inbox.setDefaultTimeout(15_000);
    await signIn(inbox, server.url, agent);
    const active = inbox.getByRole('navigation', { name: 'Conversations' }).getByRole('list', { name: /Active chats/ });
    await active.getByRole('button', { name: /Ada/ }).click();
    const conversation = inbox.getByRole('log', { name: /Messages with Ada/ });
    await conversation.getByText('Ada asked for support').waitFor();

    await server.userSays('2348023456789', 'Ada', 'end chat');
    await conversation.getByText('Ada ended the chat').waitFor();
    await conversation.getByText('Thank you for contacting support!').waitFor();
    await inbox.getByText('The bot is handling this conversation.').waitFor();
    await active.getByRole('button', { name: /Ada/ }).waitFor({ state: 'detached' });
    await inbox.getByRole('button', { name: 'End chat', exact: true }).waitFor({ state: 'detached' });
  });
});

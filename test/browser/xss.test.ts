import { describe, expect, it } from 'vitest';
import { forbidDialogs, signIn, useBrowser, useBrowserApp } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';

const ATTACK = '<img src=x onerror=alert(1)>';
const NAME_ATTACK = '<b onmouseover=alert(2)>Eve</b>';

describe.skipIf(missing('chromium'))('what users write is shown as text', () => {
  const server = useBrowserApp();
  const browser = useBrowser();

  it('renders HTML in a message and in a profile name as characters, on the phone and in the inbox', { timeout: 60_000 }, async () => {
    const agent = await server.createAgent('Grace');
    const phone = await browser.newPage();
    const inbox = await browser.newPage();
    phone.setDefaultTimeout(15_000);
    inbox.setDefaultTimeout(15_000);
    const phoneDialogs = forbidDialogs(phone);
    const inboxDialogs = forbidDialogs(inbox);

    // A new simulated user whose profile name is markup writes markup.
    await phone.goto(`${server.url}/simulator`);
    await phone.getByText('New user…').click();
    const addUser = phone.getByRole('form', { name: 'Add a user' });
    await addUser.getByLabel('Phone number').fill('2348099999999');
    await addUser.getByLabel('Name', { exact: true }).fill(NAME_ATTACK);
    await addUser.getByRole('button', { name: 'Add user' }).click();
    await phone.getByLabel('Message', { exact: true }).fill(ATTACK);
    await phone.getByLabel('Message', { exact: true }).press('Enter');
    await phone.getByRole('log', { name: 'Chat' }).getByText("What's your name?").waitFor();
    await phone.getByRole('log', { name: 'Chat' }).getByText(ATTACK, { exact: true }).waitFor();

    await signIn(inbox, server.url, agent);
    const row = inbox.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /Eve/ });
    await row.click();
    const conversation = inbox.getByRole('log', { name: /Messages with/ });
    await conversation.getByText(ATTACK, { exact: true }).waitFor();
    await inbox.getByRole('heading', { name: NAME_ATTACK, exact: true }).waitFor();
    await row.hover();

    // Nothing was parsed: no <img> or <b> came from the text, and no script ran.
    expect(await inbox.locator('main img, nav img, main b, nav b').count()).toBe(0);
    expect(await phone.locator('[role="log"] img').count()).toBe(0);
    expect(inboxDialogs.opened).toEqual([]);
    expect(phoneDialogs.opened).toEqual([]);
  });
});

import { describe, it } from 'vitest';
import { signIn, useBrowser, useRestartableBrowserApp } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';

const USER = '2348012345678';

describe.skipIf(missing('chromium'))('the inbox across a server restart', () => {
  const server = useRestartableBrowserApp('restart');
  const browser = useBrowser();
  const userSays = (text: string) => server.server.userSays(USER, 'John', text);

  it('says it is reconnecting while the server is down and catches up live once it is back', { timeout: 120_000 }, async () => {
    const first = await server.start();
    const agent = await first.createAgent('Grace');
    const inbox = await browser.newPage();
    inbox.setDefaultTimeout(30_000);
    await signIn(inbox, first.url, agent);
    await userSays('chat support');
    const row = inbox.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /John/ });
    await row.click();
    const conversation = inbox.getByRole('log', { name: /Messages with John/ });
    await conversation.getByText('You are now connected to our support team!').waitFor();

    // The server goes away: the inbox says so instead of silently going stale.
    await server.stop();
    const banner = inbox.getByRole('status').filter({ hasText: 'Reconnecting…' });
    await banner.waitFor();

    // Back on the same port with the same data: the banner goes, and new messages arrive without a reload.
    await server.start(first.port);
    await banner.waitFor({ state: 'hidden' });
    await userSays('Are you still there?');
    await conversation.getByText('Are you still there?').waitFor();
  });
});

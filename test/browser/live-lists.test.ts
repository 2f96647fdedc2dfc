import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { collectPageErrors, signIn, useBrowser, useBrowserApp } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';

/** The lists are cached per search; live events reach the ones on screen at once, the others when shown again. */
describe.skipIf(missing('chromium'))('the conversation lists, live', () => {
  const suite = { browser: useBrowser(), server: useBrowserApp() };
  const all = (page: Page) => page.getByRole('navigation', { name: 'Conversations' }).getByRole('list', { name: 'All conversations' });

  it('brings a search that is not on screen up to date when it is shown again', { timeout: 60_000 }, async () => {
    await suite.server.userSays('2348033333333', 'Bola', 'Hi there');
    await suite.server.userSays('2348033333333', 'Bola', 'Bola');
    await suite.server.userSays('2348044444444', 'Chidi', 'Hello');
    const agent = await suite.server.createAgent('Grace');
    const page = await suite.browser.newPage();
    page.setDefaultTimeout(15_000);
    const errors = collectPageErrors(page);
    await signIn(page, suite.server.url, agent);
    const bola = all(page).getByRole('button', { name: /Bola/ });
    // The row shows what Bola last wrote (her name, when the bot asked for it), not the bot's menu.
    await bola.getByText('Bola', { exact: true }).nth(1).waitFor();
    expect(await bola.getByText(/What would you like to do/).count()).toBe(0);

    // A search for Bola, then back to everyone: the search's list stays cached, off screen.
    const search = page.getByLabel('Search names, numbers and messages');
    await search.fill('bola');
    await all(page).getByRole('button', { name: /Chidi/ }).waitFor({ state: 'detached' });
    await search.fill('');
    await all(page).getByRole('button', { name: /Chidi/ }).waitFor();

    // Bola writes again: the list on screen shows it live, and so does the search once it is shown again.
    await suite.server.userSays('2348033333333', 'Bola', 'Where are my results?');
    await bola.getByText('Where are my results?').waitFor();
    await search.fill('bola');
    await all(page).getByRole('button', { name: /Chidi/ }).waitFor({ state: 'detached' });
    await bola.getByText('Where are my results?').waitFor();
    expect(errors).toEqual([]);
  });
});

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
    await suite.server.userSays('2348044444444', 'Chidi', 'Hello');
    const agent = await suite.server.createAgent('Grace');
    const page = await suite.browser.newPage();
    page.setDefaultTimeout(15_000);
    const errors = collectPageErrors(page);
    await signIn(page, suite.server.url, agent);
    const bola = all(page).getByRole('button', { name: /Bola/ });
    await bola.getByText(/What's your name\?/).waitFor();

    // A search for Bola, then back to everyone: the search's list stays cached, off screen.
    const search = page.getByLabel('Search by name or phone');
    await search.fill('bola');
    await all(page).getByRole('button', { name: /Chidi/ }).waitFor({ state: 'detached' });
    await search.fill('');
    await all(page).getByRole('button', { name: /Chidi/ }).waitFor();

    // Bola registers: the list on screen shows the bot's menu live, and so does the search once it is shown again.
    await suite.server.userSays('2348033333333', 'Bola', 'Bola');
    await bola.getByText('What would you like to do, Bola?').waitFor();
    await search.fill('bola');
    await all(page).getByRole('button', { name: /Chidi/ }).waitFor({ state: 'detached' });
    await bola.getByText('What would you like to do, Bola?').waitFor();
    expect(await bola.getByText(/What's your name\?/).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

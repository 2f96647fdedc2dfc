import { describe, expect, it } from 'vitest';
import { useBrowser, useBrowserApp } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';

describe.skipIf(missing('chromium'))('signing in to the inbox', () => {
  const server = useBrowserApp();
  const browser = useBrowser();

  it('refuses a wrong password with a message, sets no session, then lets the right one in', { timeout: 60_000 }, async () => {
    const agent = await server.createAgent('Grace');
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.url}/admin`);

    await page.getByLabel('Email').fill(agent.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByLabel('Password').press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
    expect(await context.cookies()).toEqual([]);
    // The password field is cleared for the next try; the email stays.
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    expect(await page.getByLabel('Email').inputValue()).toBe(agent.email);

    await page.getByLabel('Password').fill(agent.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Conversations' }).waitFor();
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'wadesk_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    // The session survives a reload; signing out returns to the login page.
    await page.reload();
    await page.getByRole('navigation', { name: 'Conversations' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });
});

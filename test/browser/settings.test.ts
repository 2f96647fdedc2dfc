import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TEST_SECRETS } from '../helpers/app.js';
import { collectPageErrors, forbidDialogs, saveScreenshot, signIn, useBrowser, useBrowserApp } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';
import { useWebhookReceiver, verifySignature } from '../helpers/webhook-receiver.js';
import { waitFor } from '../helpers/webhooks.js';

/** The settings screens in Chromium: agents, my profile, webhooks; and what an agent does not see. */

describe.skipIf(missing('chromium'))('the settings screens', () => {
  const browser = useBrowser();
  const receiver = useWebhookReceiver();
  // A receiver on 127.0.0.1 is a private destination: allowed here on purpose.
  const server = useBrowserApp({ config: { webhooks: { allowPrivateTargets: true } } });

  const newPage = async (width = 1280) => {
    const page = await (await browser.newContext({ viewport: { width, height: 860 } })).newPage();
    page.setDefaultTimeout(15_000);
    return page;
  };

  /** An admin made with the bootstrap token, the way the first admin of a desk is. */
  const createAdmin = async (name: string) => {
    const login = { name, email: `${name.toLowerCase()}-${Date.now()}@wadesk.test`, password: 'admin password 123' };
    const response = await fetch(`${server.url}/api/admin/agents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_SECRETS.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...login, role: 'admin' }),
    });
    expect(response.status).toBe(201);
    return login;
  };

  const settingsNav = (page: Page) => page.getByRole('navigation', { name: 'Settings' });
  const openSettings = async (page: Page, section: string) => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await settingsNav(page).getByRole('link', { name: section }).click();
    await page.getByRole('heading', { level: 2, name: section }).waitFor();
  };
  const signOut = async (page: Page) => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  };

  it('an admin adds an agent, who signs in, changes their own password and signs in again with it; the agent sees no admin sections', { timeout: 90_000 }, async () => {
    const admin = await createAdmin('Grace');
    const adminPage = await newPage();
    const errors = [collectPageErrors(adminPage)];
    const dialogs = forbidDialogs(adminPage);
    await signIn(adminPage, server.url, admin);
    await openSettings(adminPage, 'Agents');
    expect(await settingsNav(adminPage).getByRole('link').allTextContents()).toEqual(['My profile', 'Agents', 'API tokens', 'Canned replies', 'Labels', 'Assignment', 'Business hours', 'Satisfaction (CSAT)', 'Webhooks', 'Templates']);
    expect(new URL(adminPage.url()).pathname).toBe('/admin/settings/agents');

    const email = `tolu-${Date.now()}@wadesk.test`;
    const form = adminPage.getByRole('form', { name: 'Add an agent' });
    await form.getByLabel('Name').fill('Tolu Ade');
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Role').selectOption('agent');
    await form.getByLabel('First password').fill('first password 1');
    await form.getByRole('button', { name: 'Add agent' }).click();
    await adminPage.getByRole('status').getByText(`Tolu Ade can sign in as ${email} now.`).waitFor();
    const row = adminPage.getByRole('row', { name: /Tolu Ade/ });
    await row.getByRole('cell', { name: email }).waitFor();
    expect(await row.getByLabel('Role of Tolu Ade').inputValue()).toBe('agent');
    await saveScreenshot(adminPage, 'settings-agents', { docs: true });

    // The new agent signs in, reaches the settings from the keyboard, and finds only their own sections.
    const agentPage = await newPage();
    errors.push(collectPageErrors(agentPage));
    const agentDialogs = forbidDialogs(agentPage);
    await signIn(agentPage, server.url, { email, password: 'first password 1' });
    await saveScreenshot(agentPage, 'settings-link-in-inbox');
    const settingsLink = agentPage.getByRole('link', { name: 'Settings' });
    await settingsLink.focus();
    await agentPage.keyboard.press('Enter');
    await agentPage.getByRole('heading', { level: 2, name: 'My profile' }).waitFor();
    expect(await settingsNav(agentPage).getByRole('link').allTextContents()).toEqual(['My profile', 'Canned replies', 'Labels', 'Business hours', 'Templates']);
    // An admin section's address shows the agent their profile instead.
    await agentPage.goto(`${server.url}/admin/settings/webhooks`);
    await agentPage.getByRole('heading', { level: 2, name: 'My profile' }).waitFor();
    expect(await agentPage.getByRole('heading', { name: 'Webhooks' }).count()).toBe(0);

    const password = agentPage.getByRole('form', { name: 'Change your password' });
    await password.getByLabel('Current password').fill('wrong password 0');
    await password.getByLabel('New password', { exact: true }).fill('second password 2');
    await password.getByLabel('New password again').fill('second password 2');
    await password.getByRole('button', { name: 'Change password' }).click();
    await password.getByRole('alert').getByText('The current password is wrong.').waitFor();
    await password.getByLabel('Current password').fill('first password 1');
    await password.getByRole('button', { name: 'Change password' }).click();
    await password.getByRole('status').getByText(/Password changed/).waitFor();

    // A name that looks like markup stays text, here and in the header.
    const name = agentPage.getByRole('form', { name: 'Name and availability' });
    await name.getByLabel('Your name').fill('Tolu <img src=x onerror=alert(1)>');
    await name.getByLabel('Away').check();
    await name.getByRole('button', { name: 'Save' }).click();
    await name.getByRole('status').getByText('Saved.').waitFor();
    await agentPage.getByRole('banner').getByText('Tolu <img src=x onerror=alert(1)>').waitFor();
    expect(await agentPage.locator('img').count()).toBe(0);
    await saveScreenshot(agentPage, 'settings-profile');

    await signOut(agentPage);
    await agentPage.getByLabel('Email').fill(email);
    await agentPage.getByLabel('Password').fill('first password 1');
    await agentPage.getByRole('button', { name: 'Sign in' }).click();
    await agentPage.getByRole('alert').getByText('Wrong email or password.').waitFor();
    await signIn(agentPage, server.url, { email, password: 'second password 2' });

    // The admin sees the new name and availability, and deactivates the agent: asked in place, no browser dialog.
    await adminPage.reload();
    const renamed = adminPage.getByRole('row', { name: /Tolu <img/ });
    await renamed.getByText('Active · away').waitFor();
    await renamed.getByRole('button', { name: 'Deactivate Tolu <img src=x onerror=alert(1)>' }).click();
    await renamed.getByRole('button', { name: 'Deactivate', exact: true }).click();
    await renamed.getByText('Deactivated').waitFor();
    await renamed.getByRole('button', { name: 'Reactivate Tolu <img src=x onerror=alert(1)>' }).waitFor();
    expect([...dialogs.opened, ...agentDialogs.opened]).toEqual([]);
    expect(errors.flat()).toEqual([]);
  });

  it('an admin adds a webhook, sees its secret once, sends a test event and reads the delivery log', { timeout: 90_000 }, async () => {
    const admin = await createAdmin('Halima');
    const page = await newPage();
    const errors = collectPageErrors(page);
    await signIn(page, server.url, admin);
    await openSettings(page, 'Webhooks');

    const form = page.getByRole('form', { name: 'Add a webhook' });
    await form.getByLabel('URL').fill(`${receiver.url}/wadesk`);
    await form.getByRole('checkbox', { name: /chat\.started/ }).check();
    await form.getByRole('checkbox', { name: /message\.created/ }).check();
    await form.getByRole('button', { name: 'Add webhook' }).click();

    const secretBox = page.getByRole('textbox', { name: `Signing secret for ${receiver.url}/wadesk` });
    await secretBox.waitFor();
    const secret = await secretBox.inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('status').getByText(/Copied|Selected/).waitFor();
    await saveScreenshot(page, 'settings-webhook-secret');
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await secretBox.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);

    // Never again: not after a reload either.
    await page.reload();
    const card = page.getByRole('listitem', { name: `Webhook ${receiver.url}/wadesk` });
    await card.getByText('Enabled').waitFor();
    await card.getByText('chat.started · message.created').waitFor();
    expect(await page.content()).not.toContain(secret);

    await card.getByRole('button', { name: 'Send a test event' }).click();
    await card.getByRole('status').getByText('A test event is on its way.').waitFor();
    const received = await waitFor('the test event', () => receiver.received.find((r) => r.headers['x-wadesk-event'] === 'webhook.test'));
    expect(verifySignature(received.raw, received.headers['x-wadesk-signature'], secret)).toBe(true);

    await card.getByRole('button', { name: 'Delivery log' }).click();
    const log = card.getByRole('region', { name: 'Delivery log' });
    await log.getByRole('row', { name: /webhook\.test.*Delivered.*HTTP 200/ }).waitFor();
    await saveScreenshot(page, 'settings-webhooks', { docs: true });

    // Disabled, it says so and why; re-enabled, it is back.
    await card.getByRole('button', { name: 'Disable' }).click();
    await card.getByText('Disabled', { exact: true }).waitFor();
    await card.getByText(/Disabled by an admin\./).waitFor();
    await card.getByRole('button', { name: 'Re-enable' }).click();
    await card.getByText('Enabled', { exact: true }).waitFor();

    // Deleting asks first.
    await card.getByRole('button', { name: `Delete the webhook to ${receiver.url}/wadesk` }).click();
    await card.getByRole('button', { name: 'Delete', exact: true }).click();
    await card.waitFor({ state: 'detached' });
    await page.getByText('None yet.').waitFor();
    expect(errors).toEqual([]);
  });

  it('an admin creates an API token, sees it once, and revokes it', { timeout: 60_000 }, async () => {
    const admin = await createAdmin('Kemi');
    const page = await newPage();
    await signIn(page, server.url, admin);
    await openSettings(page, 'API tokens');
    await page.getByLabel("New token's name").fill('CRM sync');
    await page.getByRole('button', { name: 'Create token' }).click();
    const box = page.getByRole('textbox', { name: 'The new API token' });
    const token = await box.inputValue();
    expect(token).toMatch(/^wdk_/);
    const me = () => fetch(`${server.url}/api/admin/auth/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await me()).toBe(200);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    const row = page.getByRole('row', { name: /CRM sync/ });
    await row.getByText('Active').waitFor();
    expect(await page.content()).not.toContain(token);
    await saveScreenshot(page, 'settings-tokens');
    await row.getByRole('button', { name: 'Revoke the token CRM sync' }).click();
    await row.getByRole('button', { name: 'Revoke', exact: true }).click();
    await row.getByText('Revoked').waitFor();
    expect(await me()).toBe(401);
    // On a phone: the menu goes above, the table rows stack.
    await page.setViewportSize({ width: 390, height: 844 });
    await settingsNav(page).getByRole('link', { name: 'Agents' }).click();
    await page.getByRole('heading', { level: 2, name: 'Agents' }).waitFor();
    await saveScreenshot(page, 'settings-phone');
  });

  it('shows everyone the templates; only an admin can sync them', { timeout: 60_000 }, async () => {
    const admin = await createAdmin('Ife');
    const page = await newPage();
    await signIn(page, server.url, admin);
    await openSettings(page, 'Templates');
    await page.getByRole('button', { name: 'Sync templates' }).click();
    await page.getByRole('status').getByText(/Synced: \d+ templates?\./).waitFor();
    expect(await page.getByRole('table').getByRole('row').count()).toBeGreaterThan(1);
    await saveScreenshot(page, 'settings-templates');

    const agent = await server.createAgent('Jide');
    const agentPage = await newPage();
    await signIn(agentPage, server.url, agent);
    await openSettings(agentPage, 'Templates');
    await agentPage.getByRole('table').getByRole('row').nth(1).waitFor();
    expect(await agentPage.getByRole('button', { name: 'Sync templates' }).count()).toBe(0);
  });
});

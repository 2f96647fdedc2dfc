import { describe, expect, it } from 'vitest';
import { TEST_SECRETS } from '../helpers/app.js';
import { saveScreenshot, signIn, useBrowser, useBrowserApp } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';

const DAY_AND_AN_HOUR_MS = 25 * 60 * 60 * 1000;

describe.skipIf(missing('chromium'))('templates after the 24-hour window, in the inbox', () => {
  const browser = useBrowser();
  // The user wrote 25 hours ago by the server's clock; the browser keeps the real time.
  const server = useBrowserApp({ now: () => new Date(Date.now() - DAY_AND_AN_HOUR_MS) });

  it('offers the approved templates with their parameters and a live preview, and sends one from the keyboard', { timeout: 60_000 }, async () => {
    await server.userSays('2348044444444', 'Chidi', 'chat support');
    const agent = await server.createAgent('Grace');
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, server.url, agent);
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /Chidi/ }).click();
    await page.getByRole('heading', { name: 'Chidi' }).waitFor();

    await page.getByText('The 24-hour window is closed — WhatsApp only allows a template message until the user writes again.').waitFor();
    const choice = page.getByLabel('Template', { exact: true });
    await page.getByRole('option', { name: /ticket_update \(en\)/ }).waitFor({ state: 'attached' });
    const options = await choice.locator('option').allTextContents();
    // Only approved templates: the paused and the pending ones are not offered.
    expect(options.some((o) => o.includes('spring_offer') || o.includes('satisfaction_survey'))).toBe(false);
    expect(await page.getByRole('button', { name: 'Send template' }).isDisabled()).toBe(true);

    await choice.focus();
    await choice.selectOption({ label: 'ticket_update (en) · utility' });
    const preview = page.getByTestId('template-preview');
    await preview.getByText('Hi {{1}}, there is news about your support request {{2}}.', { exact: false }).waitFor();

    // Letters that are shortcuts elsewhere (r, e, a, j, k) go into the fields, not to the inbox.
    await page.keyboard.press('Tab');
    await page.keyboard.type('Chidi Okafor');
    await page.keyboard.press('Tab');
    await page.keyboard.type('#REQ-4521 (jake)');
    await preview.getByText('Hi Chidi Okafor, there is news about your support request #REQ-4521 (jake). Reply to continue the conversation.').waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.getByLabel('Parameter {{2}}').inputValue()).toBe('#REQ-4521 (jake)');

    await page.keyboard.press('Enter');
    await page.getByText('Template ticket_update sent.').waitFor();
    await page.getByRole('log', { name: /Messages with Chidi/ })
      .getByText('Hi Chidi Okafor, there is news about your support request #REQ-4521 (jake). Reply to continue the conversation.').waitFor();

    // It reached WhatsApp (the simulator) as a template.
    const sent = await fetch(`${server.url}/api/admin/conversations/%2B2348044444444/messages`, { headers: { authorization: `Bearer ${TEST_SECRETS.adminToken}` } });
    const { data } = await sent.json() as { data: { messages: Array<{ type: string; status: string | null }> } };
    expect(data.messages.filter((m) => m.type === 'template')).toHaveLength(1);
  });

  it('fills a named template: its header, its values by name and its link button, with the footer and buttons in the preview', { timeout: 60_000 }, async () => {
    await server.userSays('2348055555555', 'Bisi', 'chat support');
    const agent = await server.createAgent('Grace');
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, server.url, agent);
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /Bisi/ }).click();
    await page.getByRole('heading', { name: 'Bisi' }).waitFor();
    const choice = page.getByLabel('Template', { exact: true });
    await page.getByRole('option', { name: /appointment_reminder \(en\)/ }).waitFor({ state: 'attached' });
    await choice.focus();
    await choice.selectOption({ label: 'appointment_reminder (en) · utility' });

    for (const [field, value] of [['Header {{student}}', 'Bisi'], ['Parameter {{student}}', 'Bisi'], ['Parameter {{teacher}}', 'Mr Eze'], ['Parameter {{day}}', 'Friday at 9:00']]) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe(await page.getByLabel(field!, { exact: true }).getAttribute('id'));
      await page.keyboard.type(value!);
    }
    await page.keyboard.press('Tab');
    await page.keyboard.type('B-77');
    expect(await page.getByLabel(/End of the link of “See details”/).inputValue()).toBe('B-77');
    const preview = page.locator('.template-preview');
    await preview.getByText('Appointment for Bisi').waitFor();
    await preview.getByText('Hello Bisi, you meet Mr Eze on Friday at 9:00.', { exact: false }).waitFor();
    await preview.getByText('Reply STOP to opt out').waitFor();
    expect(await preview.getByRole('list', { name: 'Buttons' }).getByRole('listitem').allTextContents()).toEqual(['See details', 'Change the time']);
    await saveScreenshot(page, 'template-named');

    await page.keyboard.press('Enter');
    await page.getByText('Template appointment_reminder sent.').waitFor();
    await page.getByRole('log', { name: /Messages with Bisi/ }).getByText(/Appointment for Bisi\s+Hello Bisi, you meet Mr Eze/).waitFor();
  });
});

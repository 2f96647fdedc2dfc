import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONTENT_FILE } from '../../src/config.js';
import { conversations } from '../../src/db/schema.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { accepted, call, conv, say, shown } from '../admin/support.js';
import { waitFor } from '../helpers/webhooks.js';

describe('languages and the content file, end to end', () => {
  let t: TestApp;
  let file = '';
  beforeAll(async () => {
    file = path.join(await mkdtemp(path.join(tmpdir(), 'wadesk-content-')), 'content.yaml');
    await copyFile(DEFAULT_CONTENT_FILE, file);
    t = await startTestApp({ config: { contentFile: file } });
  });
  afterAll(async () => {
    await t?.close();
  });

  const last = (waId: string, n = 1) => accepted(t, waId).slice(-n).map(shown);

  it('speaks French to a French number, from the greeting to the rating', async () => {
    const waId = '33612345678';
    await say(t, waId, 'Amélie', { text: 'Bonjour' });
    expect(last(waId)).toEqual(["Bonjour ! 👋 Bienvenue.\n\nComment vous appelez-vous ? Écrivez votre nom ci-dessous.\n\nBesoin d'une personne ? Écrivez « assistance » à tout moment."]);
    await say(t, waId, 'Amélie', { text: 'Amélie' });
    expect(last(waId, 2)).toEqual(['Merci, Amélie ! ✅ Vous êtes inscrit.', 'Que souhaitez-vous faire, Amélie ?']);
    await say(t, waId, 'Amélie', { text: 'assistance' });
    expect(last(waId)[0]).toMatch(/^Bonjour Amélie ! 💬\n📞 Assistance en direct/);
    await say(t, waId, 'Amélie', { text: "Je n'arrive pas à me connecter" });
    expect(last(waId)[0]).toMatch(/^✓ Votre message a été transmis/);
    expect((await call(t, 'POST', conv(`+${waId}`, '/chat-support/send'), { message: 'Essayez maintenant' })).status).toBe(200);
    await t.settle();
    expect(last(waId)).toEqual(['🎧 Assistance : Essayez maintenant']);
    await say(t, waId, 'Amélie', { buttonId: 'end_chat' });
    expect(last(waId, 2)).toEqual(["Merci d'avoir contacté l'assistance !", "Comment s'est passée votre discussion avec notre équipe ? Donnez-lui une note."]);
    await say(t, waId, 'Amélie', { buttonId: 'csat_5' });
    await say(t, waId, 'Amélie', { buttonId: 'csat_skip' });
    expect(last(waId, 2)).toEqual(['Merci pour votre avis ! 🙏', 'Que souhaitez-vous faire, Amélie ?']);
  });

  it('lets a user pick a language from the menu, and remembers it', async () => {
    const waId = '2348099911122';
    await say(t, waId, 'Tolu', { text: 'Hello' });
    await say(t, waId, 'Tolu', { text: 'Tolu' });
    expect(last(waId)).toEqual(['What would you like to do, Tolu?']);
    await say(t, waId, 'Tolu', { buttonId: 'language' });
    expect(last(waId)).toEqual(['Which language would you like me to use?']);
    await say(t, waId, 'Tolu', { buttonId: 'language_fr' });
    expect(last(waId, 2)).toEqual(["C'est fait ! Je vous écrirai en français. ✅", 'Que souhaitez-vous faire, Tolu ?']);
    const [row] = await t.database.db.select({ language: conversations.language }).from(conversations).where(eq(conversations.waId, waId));
    expect(row!.language).toBe('fr');
    // Every later text follows it, and a typed "language" in any of them shows the list again.
    await say(t, waId, 'Tolu', { text: 'xyz' });
    expect(last(waId, 2)[0]).toMatch(/^Désolé, je n'ai pas compris/);
    await say(t, waId, 'Tolu', { text: 'English' });
    await say(t, waId, 'Tolu', { buttonId: 'language_en' });
    expect(last(waId, 2)).toEqual(['Done! I will write to you in English. ✅', 'What would you like to do, Tolu?']);
  });

  it('reloads the file when it changes; a bad edit keeps the content in use', async () => {
    const waId = '2348099911133';
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace('body: What would you like to do, {name}?', 'body: How can we help, {name}?'));
    await waitFor('the new menu text in use', async () => t.app.wadesk.content.for({ language: 'en', phoneNumber: null }).menu.body === 'How can we help, {name}?');
    await say(t, waId, 'Ngozi', { text: 'Hello' });
    await say(t, waId, 'Ngozi', { text: 'Ngozi' });
    expect(last(waId)).toEqual(['How can we help, Ngozi?']);

    // A title too long for WhatsApp: refused, the previous content stays.
    await writeFile(file, original.replace('title: 💬 Chat Support', 'title: 💬 Chat with our support team now'));
    const outcome = await t.app.wadesk.content.reload();
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.problems).toEqual([{ line: expect.any(Number), message: expect.stringMatching(/menu\.items\[0\]\.title is 33 characters; WhatsApp allows 24/) }]);
    await say(t, waId, 'Ngozi', { text: 'menu' });
    expect(last(waId)).toEqual(['How can we help, Ngozi?']);
    await writeFile(file, original);
  });
});

import { describe, expect, it } from 'vitest';
import { searchTerms } from '../../src/admin/search.js';
import { useTestApp, type TestApp } from '../helpers/app.js';
import { call, conv, newUser, say } from './support.js';

/**
 * The conversation list's search (`?q=`): what the user and the agents wrote (full text, both databases),
 * names, and phone numbers as people write them locally.
 */

const found = async (t: TestApp, q: string) => {
  const answer = await call(t, 'GET', `/api/admin/conversations?limit=200&q=${encodeURIComponent(q)}`);
  expect(answer.status).toBe(200);
  return (answer.json.data.conversations as Array<{ phone_number: string }>).map((c) => c.phone_number);
};

describe('the search', () => {
  const t = useTestApp({ config: { defaultCountry: 'NG' } });

  it('finds what the user or an agent wrote (word prefixes, any case), not what the bot said', async () => {
    const ada = newUser('80602');
    const bola = newUser('80602');
    await say(t, ada.waId, 'Ada', { text: 'chat support' });
    await say(t, ada.waId, 'Ada', { text: 'The HOMEWORK portal rejects my upload' });
    await say(t, bola.waId, 'Bola', { text: 'chat support' });
    expect((await call(t, 'POST', conv(bola.phone, '/chat-support/send'), { message: 'Your refund is on its way' })).status).toBe(200);
    await t.settle();

    expect(await found(t, 'homework')).toEqual([ada.phone]);
    expect(await found(t, 'portal upl')).toEqual([ada.phone]);
    expect(await found(t, 'refund')).toEqual([bola.phone]);
    // Both got the bot's welcome ("You are now connected to our support team!"): that is no reason to match.
    expect(await found(t, 'connected')).toEqual([]);
    expect(await found(t, 'homework refund')).toEqual([]);
    // Nothing the search box takes is query syntax.
    expect(await found(t, "homework & !portal | ' :*")).toEqual([ada.phone]);
  });

  it('finds a number written locally with DEFAULT_COUNTRY_CODE, or as written, and a name', async () => {
    await say(t, '2348012345678', 'Chidinma Okafor', { text: 'Hello' });
    await say(t, '2348087654321', 'Emeka', { text: 'Hello' });
    for (const q of ['0801 234 5678', '08012345678', '+234 801 234 5678', '(0801) 234-5678', '2348012345678', '801 234 5678', 'chidinma', 'OKAF']) {
      expect(await found(t, q), q).toEqual(['+2348012345678']);
    }
    expect(await found(t, '0802 234 5678')).toEqual([]);
  });
});

describe('the search without DEFAULT_COUNTRY_CODE', () => {
  const t = useTestApp();

  it('still finds a number written with its trunk 0', async () => {
    await say(t, '2348055512345', 'Ngozi', { text: 'Hello' });
    expect(await found(t, '0805 551 2345')).toEqual(['+2348055512345']);
    expect(await found(t, '0805')).toEqual([]);
  });
});

/** How the search box's text is read, before any SQL. */
describe('searchTerms', () => {
  it('reads a number written locally in the default country as the international number', () => {
    expect(searchTerms('0801 234 5678', 'NG').e164).toBe('+2348012345678');
    expect(searchTerms('8 912 345-67-89', 'RU').e164).toBe('+79123456789');
    expect(searchTerms('020 7946 0958', 'GB').e164).toBe('+442079460958');
    // Without a country only an international form is one.
    expect(searchTerms('8 912 345-67-89', null).e164).toBeNull();
    expect(searchTerms('+234 801 234 5678', null).e164).toBe('+2348012345678');
  });

  it('also looks for the digits as written and without a trunk 0, when that leaves enough of them', () => {
    expect(searchTerms('(0801) 234-5678', null).digits).toEqual(['08012345678', '8012345678']);
    expect(searchTerms('0805', null).digits).toEqual(['0805']);
    expect(searchTerms('ada', null).digits).toEqual([]);
    expect(searchTerms('12', null).digits).toEqual([]);
  });

  it('turns words into prefixes of a full-text query, leaving out anything that is query syntax', () => {
    expect(searchTerms('Portal  UPL', null).words).toBe('portal:* & upl:*');
    expect(searchTerms("it's & !x | ' :* (a)", null).words).toBe('it:*');
    expect(searchTerms('a', null).words).toBeNull();
    expect(searchTerms('ÇA marche', null).words).toBe('ça:* & marche:*');
  });

  it('finds a username with or without its @, and escapes LIKE wildcards', () => {
    expect(searchTerms('@ada_o', null).like).toBe('%ada\\_o%');
    expect(searchTerms('100%', null).like).toBe('%100\\%%');
  });
});

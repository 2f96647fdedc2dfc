import { and, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { conversations, messages } from '../db/schema.js';

/**
 * The conversation list's search (`?q=`): names, username and user id, the phone number — also as people
 * write it locally (`0801 234 5678` finds `+2348012345678`) — and what the user and the agents wrote
 * (PostgreSQL full-text search on the messages, as-you-type: every word is a prefix).
 */
export interface SearchTerms {
  /** An ILIKE pattern for names, username and user id. */
  like: string;
  /** Digit runs the stored number must contain (`08012345678` also as `8012345678`, its trunk 0 dropped). */
  digits: string[];
  /** The number in international form, read with the default country; null when it is not one. */
  e164: string | null;
  /** A `to_tsquery('simple', …)` of the words as prefixes (`upl:* & fail:*`); null without a word of 2+ letters. */
  words: string | null;
}

/** A word shorter than this would match most of the history. */
const MIN_WORD = 2;
const MAX_WORDS = 8;
/** A trunk-0-less tail shorter than this finds numbers by accident. */
const MIN_NATIONAL_DIGITS = 6;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Reads a search box's text. `country`: how local numbers are read (see `DEFAULT_COUNTRY_CODE`). */
export function searchTerms(query: string, country: CountryCode | null): SearchTerms {
  const text = query.trim();
  const handle = text.replace(/^@/, '');
  const phoneLike = /^[+\d\s().\-/]+$/.test(text);
  const allDigits = text.replace(/\D/g, '');
  const digits: string[] = [];
  let e164: string | null = null;
  if (phoneLike && allDigits.length >= 3) {
    digits.push(allDigits);
    const national = allDigits.replace(/^0+/, '');
    if (national !== allDigits && national.length >= MIN_NATIONAL_DIGITS) digits.push(national);
    const parsed = parsePhoneNumberFromString(text, country ?? undefined);
    if (parsed?.isPossible()) e164 = parsed.number;
  }
  const found = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const words = [...new Set(found.filter((word) => word.length >= MIN_WORD))].slice(0, MAX_WORDS);
  return {
    like: `%${escapeLike(handle)}%`,
    digits,
    e164,
    // Only letters and digits reach the query, so nothing in it is tsquery syntax.
    words: words.length > 0 ? words.map((word) => `${word}:*`).join(' & ') : null,
  };
}

/**
 * The words of a message as the full-text index has them. The index (`messages_text_search_idx`, in
 * db/schema.ts) is on exactly this expression, for the user's and agents' messages only: what the bot
 * says is the same for everyone and would make every conversation match.
 */
const messageWords = sql`to_tsvector('simple', coalesce(${messages.text}, ''))`;

/** The WHERE condition on `conversations` for these terms. */
export function conversationSearch(terms: SearchTerms): SQL {
  const conditions: Array<SQL | undefined> = [
    ilike(conversations.profileName, terms.like),
    ilike(conversations.registeredName, terms.like),
    ilike(conversations.username, terms.like),
    ilike(conversations.userId, terms.like),
    ilike(conversations.phoneNumber, terms.like),
    ...terms.digits.map((run) => sql`${conversations.phoneNumber} like ${`%${run}%`}`),
    terms.e164 ? eq(conversations.phoneNumber, terms.e164) : undefined,
    // IN (uncorrelated subquery): one scan of the GIN index, hashed, rather than one per conversation.
    terms.words ? sql`${conversations.id} in (
      select ${messages.conversationId} from ${messages}
      where ${and(sql`${messages.sender} in ('user', 'agent')`, sql`${messageWords} @@ to_tsquery('simple', ${terms.words})`)})` : undefined,
  ];
  return or(...conditions)!;
}

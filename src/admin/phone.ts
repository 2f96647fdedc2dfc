import { getCountries, getCountryCallingCode } from 'libphonenumber-js/max';
import { AppError } from '../errors.js';

/**
 * The number a contact is stored under is `+` and the digits of its WhatsApp id (`phoneFromWaId`). The
 * admin routes take `+2348012345678`, `2348012345678` or the URL-encoded `%2B2348012345678` (Fastify
 * decodes the path once), with spaces, dashes, dots, brackets or a leading `00` tolerated. This returns
 * that `+digits` form, or a 400 when the input cannot be a number at all.
 *
 * No phone library decides here: WhatsApp's ids include numbers whose range the metadata calls invalid
 * (the simulator's +447700900123, Brazilian numbers without the ninth digit, Mexican `521…` ids), and a
 * contact wadesk has stored must stay addressable by the number it was stored under.
 */
export function contactAddress(input: string): string {
  const trimmed = decoded(input).trim().replace(/[\s().-]/g, '');
  const candidate = trimmed.startsWith('+') ? trimmed : trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : `+${trimmed}`;
  if (!/^\+\d{1,15}$/.test(candidate)) throw invalidPhoneNumber(input);
  return candidate;
}

/**
 * For a number wadesk has NOT stored (an unknown contact, starting a chat): is it shaped like a WhatsApp
 * id — 6 to 15 digits starting with a country calling code? Only the list of calling codes is taken
 * from the phone metadata, never its number ranges, which lag behind what WhatsApp accepts.
 */
export function requireWhatsAppId(input: string, address: string): void {
  const digits = address.slice(1);
  if (!/^[1-9]\d{5,14}$/.test(digits) || !hasCallingCode(digits)) throw invalidPhoneNumber(input);
}

/** The countries' calling codes, and ITU's non-geographic ones (freephone, satellite, global services…). */
const CALLING_CODES = new Set<string>([
  ...getCountries().map((country) => getCountryCallingCode(country)),
  '800', '808', '870', '878', '881', '882', '883', '888', '979',
]);
// Calling codes are 1 to 3 digits and prefix-free, so at most one of these prefixes can match.
const hasCallingCode = (digits: string) => [1, 2, 3].some((length) => CALLING_CODES.has(digits.slice(0, length)));

const invalidPhoneNumber = (input: string) =>
  new AppError(400, 'INVALID_PHONE_NUMBER', `"${input}" is not a valid phone number; use the international form, e.g. +2348012345678.`);

/**
 * Fix: Fastify has already decoded the path once, so a number written as `%25…` arrives as `%…`, which
 * `decodeURIComponent` rejects with a URIError — a 500. Text that is not URL-encoded is left as it is
 * (and then fails the phone-number check with a 400).
 */
export function decoded(input: string): string {
  try {
    return decodeURIComponent(input);
  } catch {
    return input;
  }
}

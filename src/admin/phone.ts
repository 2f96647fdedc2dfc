import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { AppError } from '../errors.js';

/**
 * `+2348012345678`, `2348012345678` and the URL-encoded `%2B2348012345678` (Fastify decodes the path) all
 * name the same contact: normalised to E.164. An invalid number is a 400.
 */
export function normalizePhoneNumber(input: string): string {
  const trimmed = decoded(input).trim().replace(/[\s().-]/g, '');
  const candidate = trimmed.startsWith('+') ? trimmed : trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : `+${trimmed}`;
  const parsed = /^\+\d{6,15}$/.test(candidate) ? parsePhoneNumberFromString(candidate) : undefined;
  if (!parsed || !parsed.isValid()) {
    throw new AppError(400, 'INVALID_PHONE_NUMBER', `"${input}" is not a valid phone number; use the international form, e.g. +2348012345678.`);
  }
  return parsed.number;
}

/**
 * Fix: Fastify has already decoded the path once, so a number written as `%25…` arrives as `%…`, which
 * `decodeURIComponent` rejects with a URIError — a 500. Text that is not URL-encoded is left as it is
 * (and then fails the phone-number check with a 400).
 */
function decoded(input: string): string {
  try {
    return decodeURIComponent(input);
  } catch {
    return input;
  }
}

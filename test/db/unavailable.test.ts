import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/db/unavailable.js';

/** Tells "the database cannot be reached" (retry later) from "the database refused this statement". */
describe('isDatabaseUnavailable', () => {
  const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['SQLSTATE class 08 (connection exception)', withCode('08006')],
    ['admin shutdown', withCode('57P01')],
    ['crash shutdown', withCode('57P02')],
    ['cannot connect now', withCode('57P03')],
    ['node-postgres losing its connection', new Error('Connection terminated unexpectedly')],
    ["Drizzle's wrapper around any of these", Object.assign(new Error('Failed query: insert …'), { cause: withCode('57P01') })],
  ])('is true for %s', (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['a value out of range', withCode('22003')],
    ['a raised exception', withCode('P0001')],
    ['query cancelled (57014 is class 57 but not a shutdown)', withCode('57014')],
    ['a plain error', new Error('boom')],
    ['not an error at all', 'boom'],
    ['nothing', undefined],
  ])('is false for %s', (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});

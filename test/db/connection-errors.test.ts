import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/db/connection-errors.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['the server shutting down (57P01)', withCode('terminating connection due to administrator command', '57P01')],
    ['a connection failure class (08006)', withCode('connection failure', '08006')],
    ['a connection cut', new Error('Connection terminated unexpectedly')],
    ['a pool timeout', new Error('timeout exceeded when trying to connect')],
    ['localhost refusing on every address', Object.assign(new AggregateError([withCode('x', 'ECONNREFUSED'), withCode('y', 'ECONNREFUSED')]), {})],
    ['a driver error wrapped by drizzle', new Error('Failed query: select 1', { cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED') })],
  ])('recognises %s', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a syntax error', withCode('syntax error at or near "selec"', '42601')],
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a value out of range', withCode('value "2147483648" is out of range for type integer', '22003')],
    ['a raised exception', withCode('refused by a trigger', 'P0001')],
    ['a cancelled query (57014: class 57, but not a shutdown)', withCode('canceling statement due to user request', '57014')],
    ['a bug', new TypeError('cannot read properties of undefined')],
    ['not an error', 'ECONNREFUSED'],
  ])('does not take %s for an outage', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import {
  classifyGraphError,
  reasonForCode,
  GraphApiError,
  graphApiErrorFromNetwork,
  graphApiErrorFromResponse,
  type ErrorClass,
} from '../../src/whatsapp/errors.js';

describe('classifyGraphError', () => {
  it.each<[number | null, number | null, ErrorClass]>([
    [131047, 400, 'window_closed'],
    [130429, 400, 'rate_limited'],
    [80007, 400, 'rate_limited'],
    [4, 400, 'rate_limited'],
    [131056, 400, 'recipient_throttled'],
    [131026, 400, 'undeliverable'],
    [131000, 500, 'transient'],
    [131016, 503, 'transient'],
    [1, 400, 'transient'],
    [2, 400, 'transient'],
    [131057, 400, 'transient'],
    [190, 401, 'auth'],
    [0, 401, 'auth'],
    [131049, 400, 'undeliverable'],
    [131050, 400, 'undeliverable'],
    [131053, 400, 'transient'],
    [131062, 400, 'invalid'],
    [132000, 400, 'invalid'],
    [132015, 500, 'invalid'],
    [132016, 500, 'transient'],
    // The code wins over the HTTP status.
    [131026, 500, 'undeliverable'],
    [131047, 429, 'window_closed'],
    // Unknown codes fall back to the HTTP status.
    [999999, 502, 'transient'],
    [null, 500, 'transient'],
    [999999, 429, 'rate_limited'],
    [null, 429, 'rate_limited'],
    [null, null, 'transient'],
    [100, 400, 'invalid'],
    [131009, 400, 'invalid'],
    [null, 404, 'invalid'],
  ])('classifies code %s with HTTP %s as %s', (code, status, expected) => {
    expect(classifyGraphError(code, status)).toBe(expected);
  });
});

describe('GraphApiError.retryable', () => {
  it.each<[number | null, number | null, boolean]>([
    [130429, 400, true],
    [131056, 400, true],
    [131000, 500, true],
    [131047, 400, false],
    [131026, 400, false],
    [190, 401, false],
    [100, 400, false],
  ])('code %s with HTTP %s → %s', (code, httpStatus, retryable) => {
    expect(new GraphApiError('x', { code, httpStatus }).retryable).toBe(retryable);
  });
});

describe('graphApiErrorFromResponse', () => {
  const metaBody = {
    error: {
      message: '(#131047) Re-engagement message',
      type: 'OAuthException',
      code: 131047,
      error_data: { messaging_product: 'whatsapp', details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
      fbtrace_id: 'AbCdEf123',
    },
  };

  it("reads Meta's error JSON, parsed or as raw text", () => {
    for (const body of [metaBody, JSON.stringify(metaBody), Buffer.from(JSON.stringify(metaBody))]) {
      const error = graphApiErrorFromResponse(400, body);
      expect(error).toBeInstanceOf(GraphApiError);
      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({
        name: 'GraphApiError',
        message: '(#131047) Re-engagement message',
        code: 131047,
        httpStatus: 400,
        details: metaBody.error.error_data.details,
        fbtraceId: 'AbCdEf123',
        errorClass: 'window_closed',
        retryable: false,
      });
    }
  });

  it('treats an HTML 502 page from a proxy as transient', () => {
    const error = graphApiErrorFromResponse(502, '<html>502</html>');
    expect(error).toMatchObject({ code: null, httpStatus: 502, details: null, fbtraceId: null, errorClass: 'transient', retryable: true });
    expect(error.message).toContain('<html>502</html>');
  });

  it.each([
    ['an empty body', ''],
    ['no body', undefined],
    ['null', null],
    ['JSON without an error', { ok: false }],
    ['an error with a non-numeric code', { error: { code: 'oops' } }],
  ])('tolerates %s', (_, body) => {
    expect(graphApiErrorFromResponse(400, body)).toMatchObject({ code: null, httpStatus: 400, errorClass: 'invalid' });
    expect(graphApiErrorFromResponse(503, body)).toMatchObject({ code: null, errorClass: 'transient' });
  });

  it('classifies an expired token as auth, which the caller handles by pausing rather than retrying', () => {
    const error = graphApiErrorFromResponse(401, { error: { message: 'Error validating access token', type: 'OAuthException', code: 190 } });
    expect(error).toMatchObject({ errorClass: 'auth', retryable: false });
  });
});

describe('graphApiErrorFromNetwork', () => {
  it('treats a request that got no answer as transient and keeps the cause', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
    const error = graphApiErrorFromNetwork(cause);
    expect(error).toMatchObject({ code: null, httpStatus: null, errorClass: 'transient', retryable: true });
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.cause).toBe(cause);
  });

  it('accepts a non-Error cause such as a timeout reason', () => {
    expect(graphApiErrorFromNetwork('timeout').message).toContain('timeout');
  });
});

describe('reasonForCode', () => {
  it('explains the codes whose Meta message leaves an agent guessing, and only those', () => {
    expect(reasonForCode(131050)).toBe('The user has stopped marketing messages from this business.');
    expect(reasonForCode(131062)).toMatch(/known only by username/);
    expect(reasonForCode(132000)).toMatch(/number of parameters/);
    expect(reasonForCode(131047)).toBeNull();
    expect(reasonForCode(null)).toBeNull();
  });
});

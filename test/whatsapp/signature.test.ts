import { describe, expect, it } from 'vitest';
import { signPayload, verifySignature } from '../../src/whatsapp/signature.js';
import { loadFixture } from '../helpers/fixtures.js';

const SECRET = 'test-app-secret';

describe('verifySignature', () => {
  const { raw } = loadFixture('inbound-text.json');
  const header = signPayload(raw, SECRET);

  it('accepts the signature Meta computes over the raw body', () => {
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature(raw, header, SECRET)).toBe(true);
  });

  it('rejects a signature made with another secret', () => {
    expect(verifySignature(raw, signPayload(raw, 'other-secret'), SECRET)).toBe(false);
  });

  it('rejects a body with one byte changed', () => {
    const tampered = Buffer.from(raw);
    tampered[tampered.length - 5] = tampered[tampered.length - 5]! ^ 0x01;
    expect(verifySignature(tampered, header, SECRET)).toBe(false);
  });

  it.each([
    ['a missing header', undefined],
    ['an empty header', ''],
    ['a header without the sha256= prefix', header.slice('sha256='.length)],
    ['another algorithm', header.replace('sha256=', 'sha1=')],
    ['a non-hex header', 'sha256=' + 'z'.repeat(64)],
    ['a short header', header.slice(0, 20)],
    ['a prefix only', 'sha256='],
    ['the right signature followed by junk', header + 'zz'],
    ['the right signature with one extra digit', header + '0'],
    // Meta sends lowercase hex only; the same digest in capitals (or a capital prefix) is not its form.
    ['the right signature in uppercase hex', 'sha256=' + header.slice('sha256='.length).toUpperCase()],
    ['the right signature with one uppercase digit', header.replace(/[a-f](?=[^a-f]*$)/, (c) => c.toUpperCase())],
    ['an uppercase prefix', header.replace('sha256=', 'SHA256=')],
  ])('rejects %s', (_, value) => {
    expect(verifySignature(raw, value, SECRET)).toBe(false);
  });

  it('verifies a body with non-ASCII characters as raw UTF-8 bytes', () => {
    const body = Buffer.from('{"text":{"body":"Grüße, café ☕"}}', 'utf8');
    expect(verifySignature(body, signPayload(body, SECRET), SECRET)).toBe(true);
  });

  it('does not verify re-serialised JSON, because Meta signs its \\u00e9 escapes and JSON.stringify undoes them', () => {
    const asSent = Buffer.from('{"text":{"body":"caf\\u00e9"}}', 'utf8');
    const signature = signPayload(asSent, SECRET);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(asSent.toString('utf8'))), 'utf8');

    expect(reserialised.toString('utf8')).toBe('{"text":{"body":"café"}}');
    expect(verifySignature(asSent, signature, SECRET)).toBe(true);
    expect(verifySignature(reserialised, signature, SECRET)).toBe(false);
  });
});

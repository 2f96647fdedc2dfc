import { describe, expect, it } from 'vitest';
import { parseTargetUrl, RefusedTarget, refusalOf, resolveTarget } from '../../src/webhooks/targets.js';

/** Where webhooks may go: public unicast addresses only, checked for every address a host resolves to. */

describe('refusalOf', () => {
  it.each([
    ['127.0.0.1', 'loopback'], ['127.255.0.9', 'loopback'], ['10.0.0.1', 'private'], ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'], ['192.168.1.20', 'private'], ['169.254.169.254', 'link-local'], ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'], ['0.0.0.0', 'unspecified'], ['0.1.2.3', 'unspecified'], ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'broadcast'], ['192.0.2.10', 'reserved'], ['::1', 'loopback'], ['::', 'unspecified'], ['fe80::1', 'link-local'],
    ['fc00::1', 'unique-local'], ['fd12:3456::1', 'unique-local'], ['ff02::1', 'multicast'],
    // IPv4 inside IPv6 is judged as the IPv4 address.
    ['::ffff:127.0.0.1', 'loopback'], ['::ffff:10.1.1.1', 'private'], ['::ffff:169.254.169.254', 'link-local'],
    // Ranges that embed or translate to IPv4 (NAT64, 6to4, Teredo) are not public destinations either.
    ['64:ff9b::a00:1', 'special-purpose (rfc6052)'], ['2002:a00:1::1', 'special-purpose (6to4)'], ['2001:0:4136:e378::1', 'special-purpose (teredo)'],
  ])('refuses %s (%s)', (address, kind) => {
    expect(refusalOf(address)).toContain(`a ${kind} address`);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '192.169.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('lets %s through', (address) => {
    expect(refusalOf(address)).toBeNull();
  });
});

describe('parseTargetUrl', () => {
  it.each([
    ['not a url', 'not a valid URL'],
    ['ftp://example.com/x', 'https:// or http://'],
    ['file:///etc/passwd', 'https:// or http://'],
    ['javascript:alert(1)', 'https:// or http://'],
    ['https://user:secret@example.com/', 'user name or password'],
    ['https://token@example.com/', 'user name or password'],
  ])('refuses %s', (url, message) => {
    expect(() => parseTargetUrl(url)).toThrow(message);
  });

  it('reads other forms of an IPv4 address as the address they are', () => {
    expect(parseTargetUrl('http://2130706433/').hostname).toBe('127.0.0.1');
    expect(parseTargetUrl('http://0x7f.1/').hostname).toBe('127.0.0.1');
  });
});

describe('resolveTarget', () => {
  const resolver = (answers: Record<string, string[]>) => (async (host: string) => {
    const addresses = answers[host];
    if (!addresses) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  }) as never;

  it('pins the first address of a host whose every address is public', async () => {
    const target = await resolveTarget('https://hooks.example.com/in', false, resolver({ 'hooks.example.com': ['93.184.216.34', '2606:2800:220:1::1'] }));
    expect(target).toMatchObject({ address: '93.184.216.34', family: 4 });
    expect(target.url.href).toBe('https://hooks.example.com/in');
  });

  it('refuses a host when any one of its addresses is private (a resolver may hand out any of them)', async () => {
    await expect(resolveTarget('https://mixed.example.com/', false, resolver({ 'mixed.example.com': ['93.184.216.34', '10.0.0.7'] })))
      .rejects.toThrow('mixed.example.com resolves to 10.0.0.7 is a private address');
  });

  it('lets private addresses through when allowed', async () => {
    const target = await resolveTarget('http://inside.example.com:8080/', true, resolver({ 'inside.example.com': ['10.0.0.7'] }));
    expect(target).toMatchObject({ address: '10.0.0.7', family: 4 });
  });

  it('takes a host that cannot be resolved for a temporary problem, and an address refusal for a lasting one', async () => {
    const missing = await resolveTarget('https://gone.example.com/', false, resolver({})).catch((err: unknown) => err);
    expect(missing).toBeInstanceOf(RefusedTarget);
    expect(missing).toMatchObject({ temporary: true, message: expect.stringContaining('could not be resolved (ENOTFOUND)') });
    const inside = await resolveTarget('http://[::1]/', false, resolver({})).catch((err: unknown) => err);
    expect(inside).toMatchObject({ temporary: false, message: expect.stringContaining('::1 is a loopback address') });
  });
});

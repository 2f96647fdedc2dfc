import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { type TestApp, useTestApp } from '../helpers/app.js';
import { createAgent, expectError } from '../admin/support.js';

/**
 * Behind a reverse proxy every request comes from the proxy's address. Login was limited per address
 * only, so all agents shared one bucket and one attacker could lock everyone out. TRUST_PROXY lets the
 * client address come from X-Forwarded-For, and login is limited per address and per account.
 */

describe('TRUST_PROXY', () => {
  const trustProxy = (value: string) => loadConfig({ TRUST_PROXY: value }).trustProxy;
  const refused = (value: string) => {
    try {
      loadConfig({ TRUST_PROXY: value });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as ConfigError).problems.filter((p) => p.startsWith('TRUST_PROXY'));
    }
    return [];
  };

  it('takes true, false, a hop count, or addresses and CIDRs; unset trusts no proxy', () => {
    expect(loadConfig({}).trustProxy ?? false).toBe(false);
    expect(trustProxy('false')).toBe(false);
    expect(trustProxy('true')).toBe(true);
    expect(trustProxy('1')).toBe(1);
    expect(trustProxy('2')).toBe(2);
    expect(trustProxy('127.0.0.1')).toEqual(['127.0.0.1']);
    expect(trustProxy(' 10.0.0.0/8, 192.168.1.5 ,::1,fd00::/8')).toEqual(['10.0.0.0/8', '192.168.1.5', '::1', 'fd00::/8']);
  });

  it('refuses anything else with a message that says what it takes', () => {
    for (const bad of ['yes', '0', '101', 'proxy.example.com', '10.0.0.0/33', '::1/129', '10.0.0.1/8/2', '300.1.1.1', ',', '1.2.3.4,nope']) {
      const found = refused(bad);
      expect({ bad, found }).toEqual({ bad, found: [expect.stringContaining('TRUST_PROXY must be true, false, a hop count')] });
    }
  });
});

type Attempt = { from?: string; email: string; password: string };

async function attempt(t: TestApp, { from, email, password }: Attempt) {
  const response = await fetch(`${t.url}/api/admin/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(from ? { 'x-forwarded-for': from } : {}) },
    body: JSON.stringify({ email, password }),
  });
  return { status: response.status, json: await response.json(), headers: Object.fromEntries(response.headers) };
}

const PASSWORD = 'the right password';

describe('login limits behind a trusted proxy (TRUST_PROXY=127.0.0.1; 3 a minute per address, 4 per account)', () => {
  const t = useTestApp({ config: { trustProxy: ['127.0.0.1'] }, loginAttemptsPerMinute: 3, loginAttemptsPerAccountPerMinute: 4 });
  beforeAll(async () => {
    for (const name of ['ada', 'bola', 'chidi', 'dayo']) await createAgent(t, { name, email: `${name}@proxy.example`, password: PASSWORD });
  });

  it('limits an attacker by its own address: the agents behind the same proxy still log in', async () => {
    const attacker = '203.0.113.7';
    for (const email of ['ada@proxy.example', 'bola@proxy.example', 'ada@proxy.example']) {
      expectError(await attempt(t, { from: attacker, email, password: 'a guess' }), 401, 'INVALID_CREDENTIALS');
    }
    const limited = await attempt(t, { from: attacker, email: 'bola@proxy.example', password: PASSWORD });
    expectError(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    // Before the fix they all shared the proxy's bucket and got 429 here.
    expect((await attempt(t, { from: '198.51.100.2', email: 'ada@proxy.example', password: PASSWORD })).status).toBe(200);
    expect((await attempt(t, { from: '198.51.100.3', email: 'bola@proxy.example', password: PASSWORD })).status).toBe(200);
    // The client is the address the trusted proxy appended last, not what the client wrote before it.
    expect((await attempt(t, { from: `198.51.100.9, ${attacker}`, email: 'chidi@proxy.example', password: PASSWORD })).status).toBe(429);
  });

  it('limits guesses at one account spread over many addresses, without locking other accounts', async () => {
    for (let i = 1; i <= 4; i++) {
      expectError(await attempt(t, { from: `192.0.2.${i}`, email: 'Chidi@Proxy.Example', password: `guess ${i}` }), 401, 'INVALID_CREDENTIALS');
    }
    expectError(await attempt(t, { from: '192.0.2.50', email: 'chidi@proxy.example', password: PASSWORD }), 429, 'RATE_LIMITED');
    expect((await attempt(t, { from: '192.0.2.50', email: 'dayo@proxy.example', password: PASSWORD })).status).toBe(200);
  });
});

describe('login limits without TRUST_PROXY', () => {
  const t = useTestApp({ loginAttemptsPerMinute: 3 });
  beforeAll(async () => {
    await createAgent(t, { name: 'Ebere', email: 'ebere@direct.example', password: PASSWORD });
  });

  it('ignores X-Forwarded-For: a made-up address per attempt buys no extra guesses', async () => {
    for (let i = 1; i <= 3; i++) {
      expectError(await attempt(t, { from: `203.0.113.${i}`, email: 'ebere@direct.example', password: 'a guess' }), 401, 'INVALID_CREDENTIALS');
    }
    expectError(await attempt(t, { from: '203.0.113.99', email: 'ebere@direct.example', password: PASSWORD }), 429, 'RATE_LIMITED');
  });
});

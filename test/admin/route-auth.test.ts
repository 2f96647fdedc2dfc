import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';

/** Routes that answer without credentials, on purpose. */
const PUBLIC = new Set(['POST /api/admin/auth/login', 'POST /api/admin/auth/logout']);

describe('admin API authentication', () => {
  const t = useTestApp();

  const adminRoutes = () =>
    t.app.wadesk.routes.filter((r) => r.url.startsWith('/api/admin') && r.method !== 'HEAD' && !PUBLIC.has(`${r.method} ${r.url}`));

  it('walks a route table that has the seed endpoints in it', () => {
    const names = adminRoutes().map((r) => `${r.method} ${r.url}`);
    expect(names).toEqual(expect.arrayContaining([
      'GET /api/admin/conversations',
      'GET /api/admin/conversations/:phone_number/messages',
      'POST /api/admin/conversations/:phone_number/chat-support/send',
      'POST /api/admin/conversations/:phone_number/chat-support/end',
      'GET /api/admin/events',
    ]));
  });

  it.each([
    ['no credentials', {}],
    ['a wrong bearer token', { authorization: 'Bearer not-the-token-at-all' }],
    ['a malformed authorization header', { authorization: 'Basic YWRtaW46YWRtaW4=' }],
    ['an unknown session cookie', { cookie: 'wadesk_session=forged' }],
  ])('refuses every protected route with %s', async (_, headers) => {
    for (const route of adminRoutes()) {
      const url = route.url
        .replace(':phone_number', '%2B2348012345678')
        .replace(':id', '00000000-0000-4000-8000-000000000000');
      const response = await t.app.inject({ method: route.method as 'GET', url, headers: { ...headers, 'content-type': 'application/json' }, payload: route.method === 'GET' ? undefined : '{}' });
      expect({ route: `${route.method} ${route.url}`, status: response.statusCode }).toEqual({ route: `${route.method} ${route.url}`, status: 401 });
      expect(response.json()).toMatchObject({ status: 'error', error: { code: expect.stringMatching(/UNAUTHORIZED/) } });
    }
  });
});

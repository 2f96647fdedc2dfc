import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OneAgent } from '../contract/agents.js';
import { LoginBody, WhoAmI } from '../contract/auth.js';
import { errorResponses, Success, success } from '../contract/common.js';
import { AppError } from '../errors.js';
import { agentView } from './agents.js';
import { SESSION_COOKIE, SESSION_TTL_MS, type AdminAuth } from './auth.js';

export interface AuthRoutesOptions {
  auth: AdminAuth;
  secureCookies: boolean;
  /** Login attempts per client address per minute (default 10); the tests lower it. */
  loginAttemptsPerMinute?: number;
  /** Login attempts per account (email) per minute, from any address (default 5). */
  loginAttemptsPerAccountPerMinute?: number;
}

/**
 * Login is limited twice: per client address (`request.ip`, which with TRUST_PROXY is the address the
 * reverse proxy reports in X-Forwarded-For, not the proxy's own) so that one attacker cannot lock
 * everyone out; and per account, so that guesses spread over many addresses still meet a ceiling.
 */
export const LOGIN_LIMITS = { perAddress: 10, perAccount: 5 } as const;

const tags = ['auth'];

/** The web inbox's login: a session cookie (HttpOnly, SameSite=Lax). */
export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (app, options) => {
  const { auth, secureCookies } = options;
  const window = { timeWindow: 60_000 };
  const perAddress = app.createRateLimit({ ...window, max: options.loginAttemptsPerMinute ?? LOGIN_LIMITS.perAddress, keyGenerator: (request) => `login-address:${request.ip}` });
  const perAccount = app.createRateLimit({
    ...window,
    max: options.loginAttemptsPerAccountPerMinute ?? LOGIN_LIMITS.perAccount,
    // Runs after the body is validated; the same normalisation as the agents' emails.
    keyGenerator: (request) => `login-account:${(request.body as { email: string }).email.trim().toLowerCase()}`,
  });
  // Address first: an attempt refused for its address does not count against the account.
  const limitLogin = async (request: FastifyRequest, reply: FastifyReply) => {
    for (const limiter of [perAddress, perAccount]) {
      const verdict = await limiter(request);
      if (!verdict.isAllowed && verdict.isExceeded) {
        reply.header('retry-after', verdict.ttlInSeconds);
        throw rateLimitError(request, { after: `${verdict.ttlInSeconds} seconds` });
      }
    }
  };
  app.post('/auth/login', {
    // Fix: keyed on the client address and the account only. The admin API's limit is keyed on the
    // Authorization header or session cookie when there is one, and login checks neither, so a made-up
    // header per attempt bought unlimited guesses.
    config: { rateLimit: false },
    preHandler: limitLogin,
    schema: {
      // Fix: no credentials needed; without this the document's global security claimed they were.
      tags, summary: 'Log in to the web inbox (sets the session cookie)', security: [],
      body: LoginBody,
      response: { 200: Success(OneAgent), ...errorResponses },
    },
  }, async (request, reply) => {
    const { token, agent } = await auth.login(request.body.email, request.body.password);
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies, maxAge: Math.floor(SESSION_TTL_MS / 1000),
    });
    return success({ agent: agentView(agent) });
  });

  app.post('/auth/logout', {
    schema: { tags, summary: 'End the session', security: [], response: { 200: Success(Type.Object({})), ...errorResponses } },
  }, async (request, reply) => {
    await auth.logout(request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return success({});
  });

  app.get('/auth/me', {
    onRequest: auth.authenticate,
    schema: { tags, summary: 'Who is calling (the bootstrap token has no agent id)', response: { 200: Success(WhoAmI), ...errorResponses } },
  }, async (request) => {
    const principal = request.principal!;
    if (!principal.agentId) return success({ agent: { id: null, name: principal.name, email: null, role: principal.role, disabled: false } });
    return success({ agent: agentView(await auth.agents.get(principal.agentId)) });
  });
};

export function rateLimitError(_request: unknown, context: { after: string }): AppError {
  return new AppError(429, 'RATE_LIMITED', `Too many requests; try again in ${context.after}.`);
}

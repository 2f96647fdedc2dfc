import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../errors.js';
import { agentView } from './agents.js';
import { SESSION_COOKIE, SESSION_TTL_MS, type AdminAuth } from './auth.js';
import { AgentItem, errorResponses, success } from './schemas.js';

export interface AuthRoutesOptions {
  auth: AdminAuth;
  secureCookies: boolean;
  /** Attempts per IP per minute; the tests lower it. */
  loginAttemptsPerMinute?: number;
}

const tags = ['auth'];
const NullableString = Type.Union([Type.String(), Type.Null()]);
const Me = Type.Object({
  id: NullableString, name: Type.String(), email: NullableString, role: Type.String(), disabled: Type.Boolean(),
  last_login_at: Type.Optional(NullableString), created_at: Type.Optional(Type.String()),
});

/** The web inbox's login: a session cookie (HttpOnly, SameSite=Lax). */
export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (app, { auth, secureCookies, loginAttemptsPerMinute }) => {
  app.post('/auth/login', {
    // Fix: per IP only. The admin API's limit is keyed on the Authorization header or session cookie when
    // there is one, and login checks neither, so a made-up header per attempt bought unlimited guesses.
    config: { rateLimit: { max: loginAttemptsPerMinute ?? 10, timeWindow: 60_000, keyGenerator: (request) => request.ip } },
    schema: {
      // Fix: no credentials needed; without this the document's global security claimed they were.
      tags, summary: 'Log in to the web inbox (sets the session cookie)', security: [],
      body: Type.Object({ email: Type.String({ minLength: 3, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 1024 }) }),
      response: { 200: success(Type.Object({ agent: AgentItem })), ...errorResponses },
    },
  }, async (request, reply) => {
    const { token, agent } = await auth.login(request.body.email, request.body.password);
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies, maxAge: Math.floor(SESSION_TTL_MS / 1000),
    });
    return { status: 'success' as const, data: { agent: agentView(agent) } };
  });

  app.post('/auth/logout', {
    schema: { tags, summary: 'End the session', security: [], response: { 200: success(Type.Object({})), ...errorResponses } },
  }, async (request, reply) => {
    await auth.logout(request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { status: 'success' as const, data: {} };
  });

  app.get('/auth/me', {
    onRequest: auth.authenticate,
    schema: { tags, summary: 'Who is calling (the bootstrap token has no agent id)', response: { 200: success(Type.Object({ agent: Me })), ...errorResponses } },
  }, async (request) => {
    const principal = request.principal!;
    if (!principal.agentId) return { status: 'success' as const, data: { agent: { id: null, name: principal.name, email: null, role: principal.role, disabled: false } } };
    return { status: 'success' as const, data: { agent: agentView(await auth.agents.get(principal.agentId)) } };
  });
};

export function rateLimitError(_request: unknown, context: { after: string }): AppError {
  return new AppError(429, 'RATE_LIMITED', `Too many requests; try again in ${context.after}.`);
}

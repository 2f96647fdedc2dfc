import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AgentChangeBody, AgentList, CreatedToken, IdParams, NewAgentBody, NewTokenBody, OneAgent, OwnProfileBody, TokenList } from '../contract/agents.js';
import { errorResponses, Success, success } from '../contract/common.js';
import { DomainError } from '../domain-error.js';
import { AppError, nothingToChange } from '../errors.js';
import { agentView } from './agents.js';
import { SESSION_COOKIE, type AdminAuth } from './auth.js';

const tags = ['agents'];

/** Agents and their API tokens. Managing agents needs the admin role; agents may manage their own tokens. */
export const agentRoutes: FastifyPluginAsyncTypebox<{ auth: AdminAuth }> = async (app, { auth }) => {
  const { agents } = auth;
  const adminOnly = { onRequest: auth.requireAdmin };
  const selfOrAdmin = async (request: { principal?: { role: string; agentId: string | null }; params: { id: string } }) => {
    if (request.principal?.role !== 'admin' && request.principal?.agentId !== request.params.id) {
      throw new AppError(403, 'FORBIDDEN', 'Agents can only manage their own tokens.');
    }
  };

  app.get('/agents', { ...adminOnly, schema: { tags, summary: 'List agents', response: { 200: Success(AgentList), ...errorResponses } } },
    async () => success({ agents: (await agents.list()).map(agentView) }));

  app.post('/agents', {
    ...adminOnly,
    schema: {
      tags, summary: 'Create an agent',
      body: NewAgentBody,
      response: { 201: Success(OneAgent), ...errorResponses },
    },
  }, async (request, reply) => {
    const agent = await agents.create({ ...request.body, role: request.body.role ?? 'agent' });
    reply.status(201);
    return success({ agent: agentView(agent) });
  });

  app.patch('/agents/me', {
    // It checks a password: a stolen session must not get 600 guesses a minute.
    config: { rateLimit: { max: 10, timeWindow: 60_000 } },
    schema: {
      tags, summary: 'Change your own availability, name or password (a new password needs current_password and ends your other sessions)',
      body: OwnProfileBody,
      response: { 200: Success(OneAgent), ...errorResponses },
    },
  }, async (request) => {
    const principal = request.principal!;
    if (!principal.agentId) throw new DomainError('NOT_ALLOWED', 'The bootstrap token is no agent: it has no profile to change.');
    // Field by field: what else a body carries (a role…) is dropped by validation, and must never get through.
    const { availability, name, password, current_password: currentPassword } = request.body;
    if (availability === undefined && name === undefined && password === undefined) throw nothingToChange('availability, name or password');
    const keepSession = principal.kind === 'session' ? request.cookies[SESSION_COOKIE] ?? null : null;
    return success({ agent: agentView(await agents.updateOwn(principal.agentId, { availability, name, password, currentPassword }, keepSession)) });
  });

  app.patch('/agents/:id', {
    ...adminOnly,
    schema: {
      tags, summary: 'Change, disable or re-enable an agent, or set a new password for them',
      params: IdParams,
      body: AgentChangeBody,
      response: { 200: Success(OneAgent), ...errorResponses },
    },
  }, async (request) => {
    // An admin who disables or demotes themselves locks themselves out of this very screen.
    if (request.principal?.agentId === request.params.id && (request.body.disabled === true || request.body.role === 'agent')) {
      throw new DomainError('NOT_ALLOWED', 'You cannot disable yourself or give up your own admin role; another admin can.');
    }
    return success({ agent: agentView(await agents.update(request.params.id, request.body)) });
  });

  app.get('/agents/:id/tokens', {
    onRequest: selfOrAdmin,
    schema: { tags, summary: "An agent's API tokens (never the tokens themselves)", params: IdParams, response: { 200: Success(TokenList), ...errorResponses } },
  }, async (request) => success({ tokens: await agents.listTokens(request.params.id) }));

  app.post('/agents/:id/tokens', {
    onRequest: selfOrAdmin,
    schema: {
      tags, summary: 'Create an API token (shown once)', params: IdParams, body: NewTokenBody,
      response: { 201: Success(CreatedToken), ...errorResponses },
    },
  }, async (request, reply) => {
    const created = await agents.createToken(request.params.id, request.body.name);
    reply.status(201);
    return success(created);
  });

  app.delete('/tokens/:id', {
    schema: { tags, summary: 'Revoke an API token', params: IdParams, response: { 200: Success(Type.Object({})), ...errorResponses } },
  }, async (request) => {
    const principal = request.principal!;
    await agents.revokeToken(request.params.id, principal.role === 'admin' ? null : principal.agentId);
    return success({});
  });
};

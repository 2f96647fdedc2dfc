import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AgentChangeBody, AgentList, CreatedToken, IdParams, NewAgentBody, NewTokenBody, OneAgent, TokenList } from '../contract/agents.js';
import { errorResponses, Success, success } from '../contract/common.js';
import { AppError } from '../errors.js';
import { agentView } from './agents.js';
import type { AdminAuth } from './auth.js';

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

  app.patch('/agents/:id', {
    ...adminOnly,
    schema: {
      tags, summary: 'Change, disable or re-enable an agent',
      params: IdParams,
      body: AgentChangeBody,
      response: { 200: Success(OneAgent), ...errorResponses },
    },
  }, async (request) => success({ agent: agentView(await agents.update(request.params.id, request.body)) }));

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

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../errors.js';
import { agentView } from './agents.js';
import type { AdminAuth } from './auth.js';
import { AgentItem, errorResponses, success } from './schemas.js';

const tags = ['agents'];
const Role = Type.Union([Type.Literal('admin'), Type.Literal('agent')]);
const Password = Type.String({ minLength: 10, maxLength: 1024, description: 'at least 10 characters' });
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const TokenItem = Type.Object({
  id: Type.String(), name: Type.String(), prefix: Type.String(), created_at: Type.String(),
  last_used_at: Type.Union([Type.String(), Type.Null()]), revoked: Type.Boolean(),
});

/** Agents and their API tokens. Managing agents needs the admin role; agents may manage their own tokens. */
export const agentRoutes: FastifyPluginAsyncTypebox<{ auth: AdminAuth }> = async (app, { auth }) => {
  const { agents } = auth;
  const adminOnly = { onRequest: auth.requireAdmin };
  const selfOrAdmin = async (request: { principal?: { role: string; agentId: string | null }; params: { id: string } }) => {
    if (request.principal?.role !== 'admin' && request.principal?.agentId !== request.params.id) {
      throw new AppError(403, 'FORBIDDEN', 'Agents can only manage their own tokens.');
    }
  };

  app.get('/agents', { ...adminOnly, schema: { tags, summary: 'List agents', response: { 200: success(Type.Object({ agents: Type.Array(AgentItem) })), ...errorResponses } } },
    async () => ({ status: 'success' as const, data: { agents: (await agents.list()).map(agentView) } }));

  app.post('/agents', {
    ...adminOnly,
    schema: {
      tags, summary: 'Create an agent',
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 100 }),
        email: Type.String({ format: 'email', maxLength: 254 }),
        password: Type.Optional(Password),
        role: Type.Optional(Role),
      }),
      response: { 201: success(Type.Object({ agent: AgentItem })), ...errorResponses },
    },
  }, async (request, reply) => {
    const agent = await agents.create({ ...request.body, role: request.body.role ?? 'agent' });
    reply.status(201);
    return { status: 'success' as const, data: { agent: agentView(agent) } };
  });

  app.patch('/agents/:id', {
    ...adminOnly,
    schema: {
      tags, summary: 'Change, disable or re-enable an agent',
      params: IdParams,
      body: Type.Object({
        name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        role: Type.Optional(Role),
        disabled: Type.Optional(Type.Boolean()),
        password: Type.Optional(Password),
      }, { minProperties: 1 }),
      response: { 200: success(Type.Object({ agent: AgentItem })), ...errorResponses },
    },
  }, async (request) => ({ status: 'success' as const, data: { agent: agentView(await agents.update(request.params.id, request.body)) } }));

  app.get('/agents/:id/tokens', {
    onRequest: selfOrAdmin,
    schema: { tags, summary: "An agent's API tokens (never the tokens themselves)", params: IdParams, response: { 200: success(Type.Object({ tokens: Type.Array(TokenItem) })), ...errorResponses } },
  }, async (request) => ({ status: 'success' as const, data: { tokens: await agents.listTokens(request.params.id) } }));

  app.post('/agents/:id/tokens', {
    onRequest: selfOrAdmin,
    schema: {
      tags, summary: 'Create an API token (shown once)', params: IdParams, body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }),
      response: { 201: success(Type.Object({ id: Type.String(), token: Type.String(), prefix: Type.String() })), ...errorResponses },
    },
  }, async (request, reply) => {
    const created = await agents.createToken(request.params.id, request.body.name);
    reply.status(201);
    return { status: 'success' as const, data: created };
  });

  app.delete('/tokens/:id', {
    schema: { tags, summary: 'Revoke an API token', params: IdParams, response: { 200: success(Type.Object({})), ...errorResponses } },
  }, async (request) => {
    const principal = request.principal!;
    await agents.revokeToken(request.params.id, principal.role === 'admin' ? null : principal.agentId);
    return { status: 'success' as const, data: {} };
  });
};

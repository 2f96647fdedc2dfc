import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import type { GraphAnswer, GraphRequest } from './types.js';

const MessagesParams = Type.Object({ version: Type.String(), phoneNumberId: Type.String() });

/** The fake Graph API's HTTP face: `POST /:version/:phoneNumberId/messages`; `handle` decides everything. */
export function graphApiPlugin(handle: (request: GraphRequest) => GraphAnswer): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.setValidatorCompiler(TypeBoxValidatorCompiler);
    // Meta answers a body it cannot read with its own (#100) error, so every body reaches the checks as is.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string' }, (_request, raw, done) => done(null, parseJson(String(raw))));

    app.post('/:version/:phoneNumberId/messages', { schema: { params: MessagesParams } }, async (request, reply) => {
      const { authorization } = request.headers;
      const answer = handle({ authorization, phoneNumberId: request.params.phoneNumberId, body: request.body });
      return reply.code(answer.status).send(answer.body);
    });
  };
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

import fastJsonStringify from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify';

/**
 * Fastify's own response serialiser (fast-json-stringify, one function per route and status), built when
 * the route first answers with that status instead of at start: building them all was a sixth of a
 * restart's time. The schemas have no `$ref`s to shared schemas, so nothing else is needed.
 */
export function serializerCompiler(): FastifySerializerCompiler<unknown> {
  return ({ schema }) => {
    let serialize: ((data: unknown) => string) | undefined;
    return (data: unknown) => (serialize ??= fastJsonStringify(schema as Parameters<typeof fastJsonStringify>[0]))(data);
  };
}

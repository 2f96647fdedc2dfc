import Ajv, { type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

const base: Options = { removeAdditional: true, useDefaults: true, allErrors: false, strict: false };

/**
 * Query strings and path parameters arrive as text, so they are coerced ("20" → 20). JSON bodies are
 * not: `{"message": 42}` is a 400, not a WhatsApp message saying "42".
 */
export function validatorCompiler(): FastifySchemaCompiler<FastifySchema> {
  const coercing = addFormats.default(new Ajv.default({ ...base, coerceTypes: 'array' }));
  const strict = addFormats.default(new Ajv.default({ ...base, coerceTypes: false }));
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema as object);
}

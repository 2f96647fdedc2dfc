import Ajv, { type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

const base: Options = { removeAdditional: true, useDefaults: true, allErrors: false, strict: false };

/**
 * Query strings and path parameters arrive as text, so they are coerced ("20" → 20). JSON bodies are
 * not: `{"message": 42}` is a 400, not a WhatsApp message saying "42".
 *
 * Each schema is compiled when its route is first called, not when the route is registered: compiling
 * every route's schemas was a sixth of a restart's time, and most routes are not called in the first minute.
 */
export function validatorCompiler(): FastifySchemaCompiler<FastifySchema> {
  const coercing = addFormats.default(new Ajv.default({ ...base, coerceTypes: 'array' }));
  const strict = addFormats.default(new Ajv.default({ ...base, coerceTypes: false }));
  return ({ schema, httpPart }) => {
    let compiled: ValidateFunction | undefined;
    // Fastify reads the errors from the function it was given.
    const validate = (data: unknown) => {
      compiled ??= (httpPart === 'body' ? strict : coercing).compile(schema as object);
      const valid = compiled(data);
      validate.errors = compiled.errors;
      return valid;
    };
    validate.errors = null as ValidateFunction['errors'];
    return validate;
  };
}

import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import { isDatabaseUnavailable } from '../db/connection-errors.js';

/** Every error leaves as `{ status: "error", error: { code, message } }`; never a stack trace. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.statusCode).send({ status: 'error', error: { code: err.code, message: err.message } });
    }
    if (err.validation) {
      const where = err.validationContext ?? 'request';
      return reply.status(400).send({ status: 'error', error: { code: 'VALIDATION_ERROR', message: `Invalid ${where}: ${err.message}` } });
    }
    const statusCode = err.statusCode ?? 500;
    if (statusCode === 413) {
      return reply.status(413).send({ status: 'error', error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' } });
    }
    if (statusCode >= 400 && statusCode < 500) {
      return reply.status(statusCode).send({ status: 'error', error: { code: err.code ?? 'BAD_REQUEST', message: err.message } });
    }
    if (isDatabaseUnavailable(err)) {
      // Temporary: Meta retries a webhook that did not get 200, and nothing was half-written (one transaction).
      // Only the code is logged: a failed query's text carries user data.
      request.log.warn({ code: (err as { code?: string }).code ?? (err.cause as { code?: string } | undefined)?.code }, 'database unavailable');
      return reply.status(503).header('retry-after', '5').send({ status: 'error', error: { code: 'DATABASE_UNAVAILABLE', message: 'The database cannot be reached right now; try again shortly.' } });
    }
    request.log.error({ err }, 'request failed');
    return reply.status(500).send({ status: 'error', error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side; it has been logged.' } });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ status: 'error', error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}.` } });
  });
}

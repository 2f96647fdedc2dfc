import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

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
    request.log.error({ err }, 'request failed');
    return reply.status(500).send({ status: 'error', error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side; it has been logged.' } });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ status: 'error', error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}.` } });
  });
}

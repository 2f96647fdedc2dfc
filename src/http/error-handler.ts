import type { FastifyError, FastifyInstance } from 'fastify';
import { isDatabaseUnavailable } from '../db/connection-errors.js';
import { DomainError, type DomainErrorCode } from '../domain-error.js';
import { AppError } from '../errors.js';

/**
 * How the API shows each domain refusal: the status, and the code in the body when it is not the domain's
 * own (the "not found" family answers NOT_FOUND, as it always has, so that clients keep working).
 */
const HTTP_OF: Record<DomainErrorCode, { status: number; code?: string }> = {
  CONVERSATION_NOT_FOUND: { status: 404, code: 'NOT_FOUND' },
  AGENT_NOT_FOUND: { status: 404, code: 'NOT_FOUND' },
  TOKEN_NOT_FOUND: { status: 404, code: 'NOT_FOUND' },
  DEAD_LETTER_NOT_FOUND: { status: 404, code: 'NOT_FOUND' },
  MEDIA_NOT_FOUND: { status: 404, code: 'NOT_FOUND' },
  WEBHOOK_NOT_FOUND: { status: 404, code: 'NOT_FOUND' },
  WEBHOOK_URL_REFUSED: { status: 400 },
  WEBHOOK_DISABLED: { status: 409 },
  WRONG_PASSWORD: { status: 400 },
  CURRENT_PASSWORD_REQUIRED: { status: 400 },
  MESSAGE_NOT_FOUND: { status: 404 },
  NOT_REACTABLE: { status: 409 },
  INVALID_EMOJI: { status: 400 },
  MEDIA_TYPE_NOT_ALLOWED: { status: 400 },
  MEDIA_TOO_LARGE: { status: 413 },
  TEMPLATE_NOT_FOUND: { status: 404 },
  TEMPLATE_NOT_APPROVED: { status: 409 },
  TEMPLATE_NOT_SUITABLE: { status: 400 },
  TEMPLATE_PARAMETERS: { status: 400 },
  NOT_ALLOWED: { status: 403, code: 'FORBIDDEN' },
  EMPTY_MESSAGE: { status: 400 },
  MESSAGE_TOO_LONG: { status: 400 },
  INVALID_CURSOR: { status: 400 },
  CHAT_NOT_ACTIVE: { status: 409 },
  CHAT_ALREADY_ACTIVE: { status: 409 },
  WINDOW_CLOSED: { status: 409 },
  AGENT_EXISTS: { status: 409 },
  AGENT_DISABLED: { status: 409 },
  ALREADY_REPLAYED: { status: 409 },
  USE_PG_DUMP: { status: 409 },
  MEDIA_NOT_STORED: { status: 409 },
  MEDIA_NOT_FAILED: { status: 409 },
  REPLAY_FAILED: { status: 422 },
  INVALID_STATUS: { status: 400, code: 'VALIDATION_ERROR' },
  INVALID_BUSINESS_HOURS: { status: 400, code: 'VALIDATION_ERROR' },
  LABEL_NOT_FOUND: { status: 404, code: 'NOT_FOUND' },
  LABEL_EXISTS: { status: 409 },
  CANNED_NOT_FOUND: { status: 404, code: 'NOT_FOUND' },
  CANNED_EXISTS: { status: 409 },
};

/** Every error leaves as `{ status: "error", error: { code, message } }`; never a stack trace. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | DomainError, request, reply) => {
    if (err instanceof DomainError) {
      const { status, code = err.code } = HTTP_OF[err.code];
      return reply.status(status).send({ status: 'error', error: { code, message: err.message } });
    }
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

/**
 * An error of the HTTP layer (authentication, a malformed request, a bad signature): status, a stable
 * machine code and a sentence for people. Rendered as `{ status: "error", error: { code, message } }` by
 * the app's error handler. What the use cases refuse is a `DomainError` (domain-error.ts) instead, mapped to
 * HTTP in the same handler.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/**
 * A change request with none of the fields it may carry: validation drops unknown fields (`{"role": …}`
 * where no role may be set arrives as `{}`), so the route says what it takes instead.
 */
export const nothingToChange = (fields: string) => new AppError(400, 'VALIDATION_ERROR', `Nothing to change: give ${fields}.`);

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

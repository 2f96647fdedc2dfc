/**
 * What code below the HTTP layer needs from a logger. Fastify's and pino's loggers fit it as they are;
 * tests can pass a recording one. The first argument is structured context (never text a user wrote,
 * never a phone number: see docs/security-and-logs.md), the second the message.
 */
export interface LogFn {
  (msg: string): void;
  (context: object, msg?: string): void;
}

export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

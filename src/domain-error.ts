/**
 * What a use case refuses, in the domain's words. The codes are a closed set: the HTTP layer maps each one
 * to a status and the code the API answers with, in one table (`http/error-handler.ts`), so a new code
 * cannot be added without deciding how the API shows it. The CLI and tests read the same codes.
 */
export type DomainErrorCode =
  | 'CONVERSATION_NOT_FOUND'
  | 'CHAT_NOT_ACTIVE'
  | 'CHAT_ALREADY_ACTIVE'
  | 'WINDOW_CLOSED'
  | 'EMPTY_MESSAGE'
  | 'MESSAGE_TOO_LONG'
  | 'NOT_ALLOWED'
  | 'AGENT_NOT_FOUND'
  | 'AGENT_EXISTS'
  | 'AGENT_DISABLED'
  | 'TOKEN_NOT_FOUND'
  | 'DEAD_LETTER_NOT_FOUND'
  | 'ALREADY_REPLAYED'
  | 'REPLAY_FAILED'
  | 'INVALID_CURSOR'
  | 'USE_PG_DUMP'
  | 'MEDIA_NOT_FOUND'
  | 'MEDIA_NOT_STORED'
  | 'MEDIA_NOT_FAILED'
  | 'MESSAGE_NOT_FOUND'
  | 'NOT_REACTABLE'
  | 'INVALID_EMOJI'
  | 'MEDIA_TYPE_NOT_ALLOWED'
  | 'MEDIA_TOO_LARGE'
  | 'TEMPLATE_NOT_FOUND'
  | 'TEMPLATE_NOT_APPROVED'
  | 'TEMPLATE_NOT_SUITABLE'
  | 'INVALID_BUSINESS_HOURS'
  | 'TEMPLATE_PARAMETERS'
  | 'INVALID_STATUS'
  | 'LABEL_NOT_FOUND'
  | 'LABEL_EXISTS'
  | 'WRONG_PASSWORD'
  | 'CURRENT_PASSWORD_REQUIRED'
  | 'WEBHOOK_NOT_FOUND'
  | 'WEBHOOK_URL_REFUSED'
  | 'WEBHOOK_DISABLED'
  | 'CANNED_NOT_FOUND'
  | 'CANNED_EXISTS';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

import Type, { type Static, type TLiteral, type TObject, type TSchema, type TString } from 'typebox';

/**
 * The API's shapes, shared by the server (route schemas: validation, serialisation, the OpenAPI page)
 * and the web pages (type-only imports). Files here import TypeBox and each other, nothing else, so
 * that the browser build can read them.
 */

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const NullableString = Nullable(Type.String());

/** The error body every route can answer with. */
export const ErrorBody = Type.Object({
  status: Type.Literal('error'),
  error: Type.Object({ code: Type.String(), message: Type.String() }),
});
export type ErrorBody = Static<typeof ErrorBody>;

export const errorResponses = {
  400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody,
};

type SuccessSchema<T extends TSchema> = TObject<{ status: TLiteral<'success'>; data: T }>;
type SuccessWithMessageSchema<T extends TSchema> = TObject<{ status: TLiteral<'success'>; message: TString; data: T }>;

/**
 * The success envelope's schema: `{status: 'success', data}`, or with `{message: true}` the seed's
 * `{status: 'success', message, data}` (the chat-support actions answer with a sentence for people).
 */
export function Success<T extends TSchema>(data: T): SuccessSchema<T>;
export function Success<T extends TSchema>(data: T, options: { message: true }): SuccessWithMessageSchema<T>;
export function Success<T extends TSchema>(data: T, options?: { message: true }): SuccessSchema<T> | SuccessWithMessageSchema<T> {
  return options?.message
    ? Type.Object({ status: Type.Literal('success'), message: Type.String(), data })
    : Type.Object({ status: Type.Literal('success'), data });
}

/** The success envelope's body, to go with `Success(…)`. */
export function success<T>(data: T): { status: 'success'; data: T };
export function success<T>(data: T, message: string): { status: 'success'; message: string; data: T };
export function success<T>(data: T, message?: string) {
  return message === undefined ? { status: 'success' as const, data } : { status: 'success' as const, message, data };
}

export const PhoneParams = Type.Object({
  phone_number: Type.String({
    minLength: 1, maxLength: 140,
    description: 'the contact: a number (E.164 +2348012345678, digits only, or URL-encoded %2B…), the user id of a contact known only by username (US.1349…), or the conversation id',
  }),
});

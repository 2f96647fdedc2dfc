import { metaError } from './payloads.js';
import type { GraphAnswer } from './types.js';

/** The Graph API's answers to requests it will not serve, worded as Meta words them. */

export const INVALID_TOKEN = 'Invalid OAuth access token - Cannot parse access token';

/** null when the request carries the simulator's access token; otherwise Meta's 401. */
export function authorizationProblem(authorization: string | undefined, accessToken: string): GraphAnswer | null {
  return authorization === `Bearer ${accessToken}` ? null : { status: 401, body: metaError(190, INVALID_TOKEN) };
}

/** What Graph answers for an id it does not know (or may not show): code 100, GraphMethodException. */
export function unknownObject(id: string, method: 'get' | 'post' | 'delete'): GraphAnswer {
  const message = `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`;
  return { status: 400, body: metaError(100, message, undefined, 'GraphMethodException') };
}

export function invalidParameter(details: string, message = '(#100) Invalid parameter'): GraphAnswer {
  return { status: 400, body: metaError(100, message, details) };
}

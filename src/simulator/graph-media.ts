import { mediaUploadProblem } from '../whatsapp/payload-rules.js';
import { authorizationProblem, invalidParameter, unknownObject } from './graph-errors.js';
import { isAnimatedWebp, MEDIA_LIFETIME_MS, type MediaStore } from './media-store.js';
import { metaError } from './payloads.js';
import type { GraphAnswer } from './types.js';

/** Where the fake's media download route lives, below the Graph API's base (as Meta's lookaside host). */
export const DOWNLOAD_PATH = '/whatsapp_business/attachments/';

export interface MediaDownload {
  status: 200;
  bytes: Buffer;
  mimeType: string;
  filename?: string;
}

const SERVER_ERROR: GraphAnswer = { status: 500, body: metaError(2, 'Service temporarily unavailable', 'injected by the simulator') };

/** The fake Graph API's media endpoints: upload, look up (a short-lived URL), download, delete. */
export class GraphMedia {
  constructor(
    private readonly deps: {
      accessToken: string;
      phoneNumberId: string;
      media: MediaStore;
    },
  ) {}

  /** `GET /{media-id}`: the file's facts and a URL that works, with the same token, for a few minutes. */
  info(request: { authorization: string | undefined; mediaId: string; phoneNumberId?: string; baseUrl: string }): GraphAnswer {
    const unauthorized = authorizationProblem(request.authorization, this.deps.accessToken);
    if (unauthorized !== null) return unauthorized;
    const { mediaId } = request;
    if (this.deps.media.takeFault(mediaId)) return SERVER_ERROR;
    const media = this.deps.media.get(mediaId);
    if (media === undefined) return unknownObject(mediaId, 'get');
    // With `phone_number_id`, Meta serves the media only to the number it belongs to.
    if (request.phoneNumberId !== undefined && request.phoneNumberId !== this.deps.phoneNumberId) return unknownObject(mediaId, 'get');
    const { token, expiresAt } = this.deps.media.issueUrl(mediaId);
    const query = new URLSearchParams({ mid: mediaId, ext: String(Math.floor(expiresAt / 1000)), hash: token });
    const url = `${request.baseUrl}${DOWNLOAD_PATH}?${query}`;
    return {
      status: 200,
      body: { messaging_product: 'whatsapp', url, mime_type: media.mimeType, sha256: media.sha256, file_size: media.size, id: mediaId },
    };
  }

  /** `GET url`: the bytes, while the URL lives and with the token; 404 once it has expired. */
  download(request: { authorization: string | undefined; mediaId: string; token: string }): GraphAnswer | MediaDownload {
    const unauthorized = authorizationProblem(request.authorization, this.deps.accessToken);
    if (unauthorized !== null) return unauthorized;
    if (this.deps.media.takeFault(request.mediaId)) return SERVER_ERROR;
    const found = this.deps.media.resolveUrl(request.mediaId, request.token);
    if ('problem' in found) return { status: 404, body: found.problem === 'expired' ? 'URL signature expired' : 'Not Found' };
    const { bytes, mimeType, filename } = found.media;
    return { status: 200, bytes, mimeType, ...(filename === undefined ? {} : { filename }) };
  }

  /** `POST /{phone-number-id}/media` (multipart: messaging_product, type, file) → `{id}`. */
  async upload(request: { authorization: string | undefined; phoneNumberId: string; form: FormData | null }): Promise<GraphAnswer> {
    const unauthorized = authorizationProblem(request.authorization, this.deps.accessToken);
    if (unauthorized !== null) return unauthorized;
    if (request.phoneNumberId !== this.deps.phoneNumberId) return unknownObject(request.phoneNumberId, 'post');
    const { form } = request;
    if (form === null) return invalidParameter('the request must be multipart/form-data with messaging_product, type and file');
    if (form.get('messaging_product') !== 'whatsapp') return invalidParameter('messaging_product must be "whatsapp"');
    const file = form.get('file');
    if (file === null || typeof file === 'string') return invalidParameter('file is missing', '(#100) The parameter file is required');
    const type = form.get('type');
    const mimeType = typeof type === 'string' && type !== '' ? type : file.type;
    const bytes = Buffer.from(await file.arrayBuffer());
    const problem = mediaUploadProblem({ mimeType, size: bytes.length, animated: isAnimatedWebp(bytes) });
    if (problem?.reason === 'type') return invalidParameter(problem.message, `(#100) Param file must be a file with one of the supported types`);
    if (problem !== null) return { status: 400, body: metaError(131053, '(#131053) Media upload error', problem.message) };
    const filename = file.name === '' || file.name === 'blob' ? undefined : file.name;
    const stored = this.deps.media.add({ bytes, mimeType, filename }, MEDIA_LIFETIME_MS.uploaded);
    return { status: 200, body: { id: stored.id } };
  }

  /** `DELETE /{media-id}`. */
  delete(request: { authorization: string | undefined; mediaId: string }): GraphAnswer {
    const unauthorized = authorizationProblem(request.authorization, this.deps.accessToken);
    if (unauthorized !== null) return unauthorized;
    return this.deps.media.delete(request.mediaId) ? { status: 200, body: { success: true } } : unknownObject(request.mediaId, 'delete');
  }
}

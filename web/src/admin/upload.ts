import type { SentMedia } from '@contract/conversations';
import { ApiError } from '../shared/api';

export interface Upload {
  file: File;
  caption: string;
  replyTo: number | null;
}

/**
 * Posts a file as multipart (`file`, optional `caption` and `reply_to`) and reports how much has gone:
 * fetch cannot tell upload progress, XMLHttpRequest can. Answers like `api()`: the `data`, or an ApiError
 * with the server's code and message.
 */
export function uploadMedia(url: string, upload: Upload, onProgress: (fraction: number) => void): Promise<SentMedia> {
  const form = new FormData();
  // The text fields first: a server that reads the stream in order knows them before the bytes.
  if (upload.caption.trim() !== '') form.set('caption', upload.caption.trim());
  if (upload.replyTo !== null) form.set('reply_to', String(upload.replyTo));
  form.set('file', upload.file, upload.file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'The server cannot be reached. Check the connection and try again.'));
    xhr.onload = () => {
      let json: { status?: string; data?: SentMedia; error?: { code?: string; message?: string } } | null;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        json = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && json?.status === 'success' && json.data) return resolve(json.data);
      const status = xhr.status;
      reject(new ApiError(status, json?.error?.code ?? `HTTP_${status}`, json?.error?.message ?? (status === 413 ? 'The file is too large for the server.' : `The server answered ${status}.`)));
    };
    xhr.send(form);
  });
}

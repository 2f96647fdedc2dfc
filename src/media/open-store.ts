import path from 'node:path';
import type { Config } from '../config.js';
import { FileMediaStore } from './file-store.js';
import { S3MediaStore } from './s3-store.js';
import type { MediaStore } from './store.js';

/** The configured store: the S3 bucket when MEDIA_S3_BUCKET is set, files under DATA_DIR/media otherwise. */
export function openMediaStore(config: Config): MediaStore {
  const s3 = config.media?.s3;
  return s3 ? new S3MediaStore(s3) : new FileMediaStore(path.resolve(config.dataDir, 'media'));
}

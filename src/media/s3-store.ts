import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Config } from '../config.js';
import type { ByteRange, MediaStore } from './store.js';

/** Attachments in an S3-compatible bucket (AWS S3, MinIO, R2, …): every instance serves every file. */
export class S3MediaStore implements MediaStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly config: S3Config) {
    this.client = new S3Client({
      region: config.region,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      forcePathStyle: config.forcePathStyle,
      ...(config.accessKeyId && config.secretAccessKey
        ? { credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } }
        : {}),
      // Checksums only where S3 requires them: several S3-compatible servers reject the SDK's default
      // trailing checksums (aws-chunked uploads).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, file: string, info: { contentType: string; size: number }): Promise<void> {
    try {
      await this.client.send(new PutObjectCommand({
        Bucket: this.config.bucket,
        Key: this.config.prefix + key,
        Body: createReadStream(file),
        ContentLength: info.size,
        ContentType: info.contentType,
      }));
    } finally {
      await rm(file, { force: true });
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const answer = await this.client.send(new GetObjectCommand({
      Bucket: this.config.bucket,
      Key: this.config.prefix + key,
      ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
    }));
    if (!(answer.Body instanceof Readable)) throw new Error('the S3 answer has no body');
    return answer.Body;
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.config.prefix + key }));
  }

  close(): void {
    this.client.destroy();
  }
}

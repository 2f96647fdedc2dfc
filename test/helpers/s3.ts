import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import type { S3Config } from '../../src/config.js';

export interface LocalS3 {
  config: S3Config;
  close(): Promise<void>;
}

/** A real S3-compatible server (s3rver) on a free port, with an empty bucket. */
export async function startLocalS3(bucket = 'wadesk-media'): Promise<LocalS3> {
  const directory = await mkdtemp(path.join(tmpdir(), 'wadesk-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
  const { port } = await server.run();
  const config: S3Config = {
    bucket, endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true, prefix: 'test/',
  };
  const client = new S3Client({
    endpoint: config.endpoint!, region: config.region, forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  return {
    config,
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

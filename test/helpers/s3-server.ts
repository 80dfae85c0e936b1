import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const S3rver = require('s3rver');

/** A real S3-compatible server (s3rver) on 127.0.0.1, a free port and a temporary folder. */
export interface TestS3Server {
  endpoint: string;
  bucket: string;
  directory: string;
  close(): Promise<void>;
}

export async function startS3Server(bucket = 'mgw-attachments'): Promise<TestS3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'mgw-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    directory,
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** s3rver accepts any credentials of this form. */
export const S3_TEST_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttachmentStore } from '../libs/messaging-gateway/src/storage/attachment-store.types';
import { LocalDiskDriver } from '../libs/messaging-gateway/src/storage/local-disk.driver';
import { S3Driver } from '../libs/messaging-gateway/src/storage/s3.driver';
import { sha256Of, storageKeyOf } from '../libs/messaging-gateway/src/storage/storage-key';
import { S3_TEST_CREDENTIALS, startS3Server, type TestS3Server } from './helpers/s3-server';

/**
 * The contract every attachment driver keeps, run against the real thing: a folder on disk, and
 * an S3-compatible server (s3rver) on 127.0.0.1.
 */
function contract(name: string, open: () => Promise<{ store: AttachmentStore; close(): Promise<void> }>): void {
  describe(`${name} driver`, () => {
    let store: AttachmentStore;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ store, close } = await open());
    });
    afterAll(() => close());

    const fileOf = (size: number): { bytes: Buffer; key: string } => {
      const bytes = randomBytes(size);
      return { bytes, key: storageKeyOf(sha256Of(bytes)) };
    };

    it('gives back exactly the bytes it was given, binary and empty alike', async () => {
      for (const size of [0, 1, 70_000, 3 * 1024 * 1024]) {
        const { bytes, key } = fileOf(size);
        await store.put(key, bytes);
        expect(await store.has(key)).toBe(true);
        expect((await store.get(key))?.equals(bytes)).toBe(true);
      }
    });

    it('answers null and false for a key that holds nothing', async () => {
      const { key } = fileOf(10);
      expect(await store.get(key)).toBeNull();
      expect(await store.has(key)).toBe(false);
    });

    it('accepts the same content twice (content-addressed: a second put is harmless)', async () => {
      const { bytes, key } = fileOf(1000);
      await store.put(key, bytes);
      await store.put(key, bytes);
      expect((await store.get(key))?.equals(bytes)).toBe(true);
    });

    it('deletes, and deleting what is gone is not an error', async () => {
      const { bytes, key } = fileOf(100);
      await store.put(key, bytes);
      await store.delete(key);
      expect(await store.get(key)).toBeNull();
      await expect(store.delete(key)).resolves.toBeUndefined();
    });

    it('refuses keys that are not content hashes (no path escapes)', async () => {
      for (const key of ['../../etc/passwd', '/etc/passwd', 'ab/../../x', 'AB/' + 'A'.repeat(64), '']) {
        await expect(store.put(key, Buffer.from('x'))).rejects.toThrow(/not an attachment storage key/);
        await expect(store.get(key)).rejects.toThrow(/not an attachment storage key/);
      }
    });
  });
}

contract('local disk', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'mgw-local-'));
  return {
    store: new LocalDiskDriver(join(folder, 'not-yet-created')),
    close: async () => {
      // Every put renamed its temporary file: nothing half-written is left behind.
      const leftovers = (await readdir(folder, { recursive: true })).filter((f) => String(f).endsWith('.tmp'));
      expect(leftovers).toEqual([]);
      await rm(folder, { recursive: true, force: true });
    },
  };
});

contract('S3', async () => {
  const server: TestS3Server = await startS3Server();
  const driver = new S3Driver({
    bucket: server.bucket,
    region: 'us-east-1',
    endpoint: server.endpoint,
    forcePathStyle: true,
    ...S3_TEST_CREDENTIALS,
  });
  return {
    store: driver,
    close: async () => {
      driver.close();
      await server.close();
    },
  };
});

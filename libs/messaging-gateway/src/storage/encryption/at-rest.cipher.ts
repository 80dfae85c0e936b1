import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayConfigError } from '../../core/errors/messaging-gateway-config.error';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';
import { InjectGatewayOptions } from '../../core/options/gateway-options.providers';
import type { GatewaySettings } from '../../core/options/gateway-options.schema';
import { DataKeysRepository } from './data-keys.repository';
import { isSealed, open, seal } from './envelope-cipher';

/** The variable that lists the wrapping keys, named in every key error. */
export const KEYS_VARIABLE = 'EMAIL_ENCRYPTION_KEYS';
export const wrapContext = (dataKeyId: string, kid: string): string => `mgw-data-key|${dataKeyId}|${kid}`;
const dataContext = (dataKeyId: string): string => `mgw-data|${dataKeyId}`;

/** A data key not stored yet: its id, the wrapping key's id and its wrapped bytes. */
export interface UnsavedDataKey {
  id: string;
  kid: string;
  wrapped: Buffer;
}

/**
 * Encryption at rest (envelope encryption): every email, and every answer's files, get a random
 * 256-bit data key, stored wrapped by the first of `EMAIL_ENCRYPTION_KEYS`; raw MIME and
 * attachment bytes are sealed with AES-256-GCM under it. Rotation: add a new key first, the old
 * ones keep unwrapping. Erasure destroys a data key, which makes everything under it unreadable,
 * in backups too. With `encryption.atRest` off nothing is sealed, and what was sealed still opens.
 */
@Injectable()
export class AtRestCipher {
  constructor(
    @InjectGatewayOptions('encryption') private readonly encryption: GatewaySettings<'encryption'>,
    private readonly dataKeys: DataKeysRepository,
  ) {}

  get enabled(): boolean {
    return this.encryption.atRest;
  }

  /** A new data key (its id), or null when encryption at rest is off: store plaintext. */
  async newDataKey(threadId: string | null = null): Promise<string | null> {
    const key = this.unsavedDataKey();
    if (!key) return null;
    await this.dataKeys.insert({ id: key.id, kid: key.kid, wrapped: key.wrapped, threadId });
    return key.id;
  }

  /**
   * Raw MIME as it is stored: sealed under a new data key of its own, which is not stored yet. The
   * caller stores `key` in the statement that stores the sealed bytes
   * (`DataKeysRepository.keysOfInsertedRowsCte`), so a row that is not stored (a duplicate delivery)
   * leaves no key behind. Null key with encryption off: the bytes as they are.
   */
  sealUnderUnsavedKey(bytes: Buffer): { bytes: Buffer; key: UnsavedDataKey | null } {
    const key = this.unsavedDataKey();
    if (!key) return { bytes, key: null };
    return {
      bytes: seal(key.plain, bytes, dataContext(key.id)),
      key: { id: key.id, kid: key.kid, wrapped: key.wrapped },
    };
  }

  /** A fresh data key, wrapped by the first configured key, and its plain bytes (kept in memory only). */
  private unsavedDataKey(): (UnsavedDataKey & { plain: Buffer }) | null {
    if (!this.enabled) return null;
    const [master] = this.encryption.keys!;
    const id = randomUUID();
    const plain = randomBytes(32);
    return { id, kid: master.kid, wrapped: seal(master.key, plain, wrapContext(id, master.kid)), plain };
  }

  /** Seals bytes under a data key (null: as they are). */
  async seal(dataKeyId: string | null, bytes: Buffer): Promise<Buffer> {
    if (dataKeyId === null) return bytes;
    return seal(await this.dataKey(dataKeyId), bytes, dataContext(dataKeyId));
  }

  /** Opens bytes sealed under a data key (null: plaintext). Throws `EGW_DATA_ERASED` for a destroyed key. */
  async open(dataKeyId: string | null, bytes: Buffer): Promise<Buffer> {
    if (dataKeyId === null) return bytes;
    if (!isSealed(bytes)) throw new MessagingGatewayError(ErrorCode.DATA_ERASED, 'stored bytes are not sealed');
    return open(await this.dataKey(dataKeyId), bytes, dataContext(dataKeyId));
  }

  private async dataKey(id: string): Promise<Buffer> {
    const stored = await this.dataKeys.find(id);
    if (!stored || !stored.wrapped) {
      throw new MessagingGatewayError(ErrorCode.DATA_ERASED, `data key ${id} was destroyed (its thread was forgotten)`);
    }
    const master = this.encryption.keys?.find((k) => k.kid === stored.kid);
    if (!master) {
      throw new MessagingGatewayConfigError(
        KEYS_VARIABLE,
        `data key ${id} is wrapped by key "${stored.kid}", which is not configured`,
        `add ${stored.kid}:<its base64 key> to ${KEYS_VARIABLE}`,
      );
    }
    return open(master.key, stored.wrapped, wrapContext(id, stored.kid));
  }
}

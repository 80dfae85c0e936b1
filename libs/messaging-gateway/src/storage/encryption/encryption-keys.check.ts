import type { Provider } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { MessagingGatewayConfigError } from '../../core/errors/messaging-gateway-config.error';
import {
  GATEWAY_DATA_SOURCE,
  GATEWAY_ENCRYPTION_KEYS_READY,
  GATEWAY_SCHEMA_READY,
} from '../../core/host-prerequisites.providers';
import { gatewayOptionsToken } from '../../core/options/gateway-options.providers';
import type { GatewaySettings } from '../../core/options/gateway-options.schema';
import { KEYS_VARIABLE, wrapContext } from './at-rest.cipher';
import { DataKeysRepository } from './data-keys.repository';
import { open } from './envelope-cipher';

/**
 * A wrong key must stop the boot, not surface as unreadable emails later: one data key per
 * wrapping key id is unwrapped now. Sealing only with a key no stored data needs is fine.
 *
 * A provider that every Redis connection and queue waits for (`AFTER_HOST_PREREQUISITES`), after
 * the schema check: a boot it stops has opened no socket.
 */
export const encryptionKeysCheckProvider: Provider = {
  provide: GATEWAY_ENCRYPTION_KEYS_READY,
  useFactory: async (dataSource: DataSource, encryption: GatewaySettings<'encryption'>): Promise<true> => {
    const samples = await new DataKeysRepository(dataSource).oneLivePerKid();
    for (const sample of samples) {
      const master = encryption.keys?.find((k) => k.kid === sample.kid);
      if (!master) {
        throw new MessagingGatewayConfigError(
          KEYS_VARIABLE,
          `stored data is encrypted under key "${sample.kid}", which is not configured`,
          `add ${sample.kid}:<its base64 key> to ${KEYS_VARIABLE} (keep old keys listed after the new one)`,
        );
      }
      try {
        open(master.key, sample.wrapped!, wrapContext(sample.id, sample.kid));
      } catch {
        throw new MessagingGatewayConfigError(
          KEYS_VARIABLE,
          `key "${sample.kid}" does not decrypt the data stored under that id`,
          `restore the original key for "${sample.kid}"`,
        );
      }
    }
    return true;
  },
  // After the schema check: the data keys table exists (or a host that synchronizes made it).
  inject: [GATEWAY_DATA_SOURCE, gatewayOptionsToken('encryption'), GATEWAY_SCHEMA_READY],
};

import type { Provider, Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ATTACHMENT_STORE, MESSAGING_GATEWAY_OPTIONS } from '../core/gateway.constants';
import type { ResolvedGatewayOptions } from '../core/options/gateway-options.schema';
import type { AttachmentStore } from './attachment-store.types';
import { LocalDiskDriver } from './local-disk.driver';
import { S3Driver } from './s3.driver';

/**
 * `ATTACHMENT_STORE`: the host's `attachmentStore` class when given (an instance it registered is
 * reused), else the driver `attachments.driver` names.
 */
export const attachmentStoreProvider: Provider = {
  provide: ATTACHMENT_STORE,
  useFactory: async (options: ResolvedGatewayOptions, moduleRef: ModuleRef): Promise<AttachmentStore> => {
    const hostClass = options.attachmentStore as Type<AttachmentStore> | undefined;
    if (hostClass) {
      try {
        return moduleRef.get(hostClass, { strict: false });
      } catch {
        return moduleRef.create(hostClass);
      }
    }
    const settings = options.attachments;
    if (settings.driver === 's3') {
      return new S3Driver({
        bucket: settings.s3Bucket!,
        region: settings.s3Region,
        endpoint: settings.s3Endpoint,
        accessKeyId: settings.s3AccessKeyId,
        secretAccessKey: settings.s3SecretAccessKey,
        forcePathStyle: settings.s3ForcePathStyle,
      });
    }
    return new LocalDiskDriver(settings.localDir);
  },
  inject: [MESSAGING_GATEWAY_OPTIONS, ModuleRef],
};

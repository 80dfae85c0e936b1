import type { Type } from '@nestjs/common';
import type { GivenGatewayOptions, ResolvedGatewayOptions } from './core/options/gateway-options.schema';
import type { MessagesApiClient } from './messages-api/messages-api-client.types';
import type { EmailQueueService } from './outbound/email-queue-service.types';
import type { AttachmentStore } from './storage/attachment-store.types';

/** The host classes the options accept, with the interfaces their stages call. */
export interface HostClasses {
  /** A host class that replaces the gateway's outbound queue: it receives each composed email. */
  emailQueueService?: Type<EmailQueueService>;
  /** A host class that replaces the HTTP Messages API client. */
  messagesApiClient?: Type<MessagesApiClient>;
  /** A host class that keeps attachment bytes in its own store (replaces the local and S3 drivers). */
  attachmentStore?: Type<AttachmentStore>;
}

/**
 * Options of `MessagingGatewayModule.forRoot()`. Every field is optional here: what is not given
 * is read from the environment (each option names its variable), then defaults apply, then the
 * whole is validated once at boot. INTEGRATION.md lists every option.
 * @publicApi
 */
export type MessagingGatewayOptions = Omit<GivenGatewayOptions, keyof HostClasses> & HostClasses;

/** The options after environment, defaults and validation (`@InjectGatewayOptions()`). @publicApi */
export type ResolvedMessagingGatewayOptions = Omit<ResolvedGatewayOptions, keyof HostClasses> & HostClasses;

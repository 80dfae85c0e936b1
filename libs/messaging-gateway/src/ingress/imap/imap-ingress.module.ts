import { Module } from '@nestjs/common';
import { StorageModule } from '../../storage/storage.module';
import { InboundModule } from '../../inbound/inbound.module';
import { ImapConnectionFactory } from './imap-connection.factory';
import { ImapCursor } from './imap-cursor.entity';
import { ImapCursorStore } from './imap-cursor.store';
import { ImapFailureRecorder } from './imap-failure.recorder';
import { ImapFetchLoop } from './imap-fetch.loop';
import { ImapLeaseService } from './imap-lease.service';
import { ImapOauthTokenProvider } from './imap-oauth-token.provider';
import { ImapReceiverService } from './imap-receiver.service';
import { registerGatewayEntities } from '../../core/database/register-gateway-entities';

registerGatewayEntities([ImapCursor]);

/** The IMAP ingress, built only in `imap` and `both` modes. Hosts inject `ImapReceiverService` for its status. */
@Module({
  imports: [InboundModule, StorageModule],
  providers: [
    ImapConnectionFactory,
    ImapCursorStore,
    ImapFailureRecorder,
    ImapFetchLoop,
    ImapLeaseService,
    ImapOauthTokenProvider,
    ImapReceiverService,
  ],
  exports: [ImapReceiverService],
})
export class ImapIngressModule {}

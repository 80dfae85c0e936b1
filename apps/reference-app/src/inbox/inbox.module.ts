import { Module } from '@nestjs/common';
import { MessagesApiModule } from '../messages-api/messages-api.module';
import { EmailLogController } from './email-log.controller';
import { GatewayRecordsService } from './gateway-records.service';
import { InboundReplayService } from './inbound-replay.service';
import { InboxController } from './inbox.controller';
import { OutboundResendService } from './outbound-resend.service';

/** The web inbox: threads, the reply box, the email log and the outbox (with replay and resend). */
@Module({
  imports: [MessagesApiModule],
  controllers: [InboxController, EmailLogController],
  providers: [GatewayRecordsService, InboundReplayService, OutboundResendService],
  exports: [OutboundResendService],
})
export class InboxModule {}

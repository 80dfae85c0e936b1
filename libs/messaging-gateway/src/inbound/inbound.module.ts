import { Module } from '@nestjs/common';
import { INBOUND_QUEUE } from '../core/gateway.constants';
import { registerGatewayQueue } from '../core/redis/gateway-queue.registration';
import { AutomaticMailModule } from '../automatic-mail/automatic-mail.module';
import { MessagesApiModule } from '../messages-api/messages-api.module';
import { ThreadingModule } from '../threading/threading.module';
import { InboundEmail } from './inbound-email.entity';
import { InboundEmailsService } from './inbound-emails.service';
import { InboundInlineRunner } from './inbound-inline.runner';
import { InboundStatusService } from './inbound-status.service';
import { InboundProcessor } from './inbound.processor';
import { INBOUND_JOB_OPTIONS, InboundQueue } from './inbound.queue';
import { InboundStore } from './inbound.store';
import { InboundSweeper } from './inbound.sweeper';
import { InboundWorker } from './inbound.worker';
import { SenderAuthVerifier } from './sender-auth/sender-auth.verifier';
import { registerGatewayEntities } from '../core/database/register-gateway-entities';
import { StorageModule } from '../storage/storage.module';

registerGatewayEntities([InboundEmail]);

/**
 * The durable inbox and the pipeline behind it: store, queue, worker, sweeper, processing.
 * Every ingress accepts through `InboundStore`; operators list and replay through
 * `InboundEmailsService`. Those two, and the queue, are what hosts inject.
 */
const inboundQueue = registerGatewayQueue(INBOUND_QUEUE, INBOUND_JOB_OPTIONS);

@Module({
  imports: [inboundQueue, ThreadingModule, MessagesApiModule, AutomaticMailModule, StorageModule],
  providers: [
    InboundStore,
    InboundQueue,
    InboundStatusService,
    InboundProcessor,
    InboundInlineRunner,
    InboundWorker,
    InboundSweeper,
    InboundEmailsService,
    SenderAuthVerifier,
  ],
  // The queue is exported so that a host's bull-board and metrics can inject it (`getQueueToken`).
  exports: [InboundStore, InboundEmailsService, inboundQueue],
})
export class InboundModule {}

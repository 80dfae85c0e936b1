import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AutomaticMailModule } from '../automatic-mail/automatic-mail.module';
import { MessagesApiModule } from '../messages-api/messages-api.module';
import { ThreadingModule } from '../threading/threading.module';
import { InboundEmail } from './inbound-email.entity';
import { InboundEmailsService } from './inbound-emails.service';
import { InboundInlineRunner } from './inbound-inline.runner';
import { InboundStatusService } from './inbound-status.service';
import { InboundProcessor } from './inbound.processor';
import { InboundQueue } from './inbound.queue';
import { InboundStore } from './inbound.store';
import { InboundSweeper } from './inbound.sweeper';
import { InboundWorker } from './inbound.worker';

/**
 * The durable inbox and the pipeline behind it: store, queue, worker, sweeper, processing.
 * Every ingress accepts through `InboundStore`; operators list and replay through
 * `InboundEmailsService`. Those two are what hosts inject.
 */
@Module({
  imports: [TypeOrmModule.forFeature([InboundEmail]), ThreadingModule, MessagesApiModule, AutomaticMailModule],
  providers: [
    InboundStore,
    InboundQueue,
    InboundStatusService,
    InboundProcessor,
    InboundInlineRunner,
    InboundWorker,
    InboundSweeper,
    InboundEmailsService,
  ],
  exports: [InboundStore, InboundEmailsService],
})
export class InboundModule {}

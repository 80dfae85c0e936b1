import type { Provider, Type } from '@nestjs/common';
import { matchingProviders } from '../threading/matching.providers';
import { MessageCreatorService } from '../messages-api/message-creator.service';
import { messagesApiProviders } from '../messages-api/messages-api.module';
import { InboundEmailsService } from './inbound-emails.service';
import { InboundInlineRunner } from './inbound-inline.runner';
import { InboundProcessor } from './inbound.processor';
import { InboundQueue } from './inbound.queue';
import { InboundStatusService } from './inbound-status.service';
import { InboundStore } from './inbound.store';
import { InboundSweeper } from './inbound.sweeper';
import { InboundWorker } from './inbound.worker';

/** Providers of the inbound pipeline (store, queue, worker, processing, matching, Messages API). */
export const inboundProviders: Provider[] = [
  InboundStore,
  InboundQueue,
  InboundStatusService,
  InboundProcessor,
  InboundInlineRunner,
  InboundWorker,
  InboundSweeper,
  InboundEmailsService,
  MessageCreatorService,
  ...matchingProviders,
  ...messagesApiProviders,
];
export const inboundControllers: Type[] = [];

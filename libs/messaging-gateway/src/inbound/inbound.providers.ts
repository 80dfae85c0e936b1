import type { Provider, Type } from '@nestjs/common';
import { matchingProviders } from '../matching/matching.providers';
import { MessageCreatorService } from '../messages/message-creator.service';
import { messagesApiProviders } from '../messages-api/messages-api.providers';
import { InboundEmailsService } from './inbound-emails.service';
import { InboundInlineRunner } from './inbound-inline.runner';
import { InboundProcessor } from './inbound-processor.service';
import { InboundQueueService } from './inbound-queue.service';
import { InboundStatusService } from './inbound-status.service';
import { InboundStore } from './inbound-store.service';
import { InboundSweeperService } from './inbound-sweeper.service';
import { InboundWorkerService } from './inbound-worker.service';

/** Providers of the inbound pipeline (store, queue, worker, processing, matching, Messages API). */
export const inboundProviders: Provider[] = [
  InboundStore,
  InboundQueueService,
  InboundStatusService,
  InboundProcessor,
  InboundInlineRunner,
  InboundWorkerService,
  InboundSweeperService,
  InboundEmailsService,
  MessageCreatorService,
  ...matchingProviders,
  ...messagesApiProviders,
];
export const inboundControllers: Type[] = [];

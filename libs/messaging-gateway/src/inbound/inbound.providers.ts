import type { Provider, Type } from '@nestjs/common';
import { InboundQueueService } from './inbound-queue.service';
import { InboundStore } from './inbound-store.service';

/** Providers of the inbound pipeline (store, queue, worker, processing). */
export const inboundProviders: Provider[] = [InboundStore, InboundQueueService];
export const inboundControllers: Type[] = [];

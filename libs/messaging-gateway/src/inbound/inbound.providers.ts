import type { Provider, Type } from '@nestjs/common';

/** Providers of the inbound pipeline (store, worker, processing). */
export const inboundProviders: Provider[] = [];
export const inboundControllers: Type[] = [];

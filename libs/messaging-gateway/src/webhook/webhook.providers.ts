import type { Provider, Type } from '@nestjs/common';

/** Providers and the controller of `POST /gateway/inbound`. */
export const webhookProviders: Provider[] = [];
export const webhookControllers: Type[] = [];

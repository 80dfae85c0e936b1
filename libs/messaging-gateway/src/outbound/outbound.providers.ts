import type { Provider } from '@nestjs/common';

/** Providers of the outbound path (listener, outbox, queue, composer, sender). */
export const outboundProviders: Provider[] = [];

import type { Provider } from '@nestjs/common';

/** Providers of the IMAP ingress. */
export const imapProviders: Provider[] = [];

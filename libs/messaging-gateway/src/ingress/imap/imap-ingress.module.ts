import type { Provider } from '@nestjs/common';
import { ImapConnectionFactory } from './imap-connection.factory';
import { ImapCursorStore } from './imap-cursor.store';
import { ImapFailureRecorder } from './imap-failure.recorder';
import { ImapFetchLoop } from './imap-fetch.loop';
import { ImapLeaseService } from './imap-lease.service';
import { ImapReceiverService } from './imap-receiver.service';

/** Providers of the IMAP ingress. */
export const imapProviders: Provider[] = [
  ImapConnectionFactory,
  ImapCursorStore,
  ImapFailureRecorder,
  ImapFetchLoop,
  ImapLeaseService,
  ImapReceiverService,
];

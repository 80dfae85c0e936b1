import type { Logger } from '@nestjs/common';
import type { ImapFlow } from 'imapflow';
import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';

/** Where stored mail is acknowledged: the mailbox read, and the folder it moves to, if any. */
export interface ImapAckTarget {
  client: ImapFlow;
  mailbox: string;
  processedMailbox?: string;
}

/**
 * The IMAP "250": `\Seen` (and the move to the processed mailbox) for messages whose rows are
 * committed, never before. A refusal on a live connection (a read-only mailbox) is logged and
 * the cursor still advances: the mail is safely stored, and the cursor, not the flag, says what
 * was read. A dead connection throws, so the cursor stays and the batch is fetched again after
 * reconnecting (the dedupe key absorbs the repeat).
 */
export async function acknowledgeStored(target: ImapAckTarget, uids: number[], logger: Logger): Promise<void> {
  if (uids.length === 0) return;
  const { client } = target;
  const flagged = await client.messageFlagsAdd(uids, ['\\Seen'], { uid: true });
  if (!flagged && !client.usable) throw imapCommandFailed(client, 'STORE \\Seen failed');
  if (!flagged) logger.warn(`mailbox=${target.mailbox} refused \\Seen for ${uids.length} stored message(s)`);
  if (!target.processedMailbox) return;
  const moved = await client.messageMove(uids, target.processedMailbox, { uid: true });
  if (!moved && !client.usable) throw imapCommandFailed(client, 'MOVE failed');
  if (!moved) logger.warn(`mailbox=${target.mailbox} refused the move of ${uids.length} stored message(s)`);
}

/** A command imapflow answered with `false`: transient, and says when the connection is gone. */
export function imapCommandFailed(client: ImapFlow, what: string): MessagingGatewayError {
  return new MessagingGatewayError(
    ErrorCode.IMAP_CONNECTION,
    `${what}${client.usable ? '' : ': the connection is closed'}`,
    true,
  );
}

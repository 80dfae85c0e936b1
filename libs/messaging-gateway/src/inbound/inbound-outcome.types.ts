import type { EntityManager } from 'typeorm';
import type { SenderAuth } from '../threading/sender-auth.types';
import type { NewThreadMapping } from '../threading/thread-mappings.repository';
import type { InboundEnvelope } from './inbound-accept.types';

/** A row this worker now owns (status `processing`). */
export interface ClaimedInbound {
  /** The claim's lease: `attempts` after the claim. Later writes only apply while it is unchanged. */
  lease: number;
  raw: Buffer | null;
  envelope: InboundEnvelope;
  attempts: number;
  /** Where it came in (generic, ses, imap …): the sender check reads its evidence by ingress. */
  provider: string;
  /** An operator released a sender hold by replaying the email: the sender checks are skipped. */
  senderReleased: boolean;
}

export type FinalInboundStatus = 'delivered' | 'ignored' | 'rejected' | 'failed';

/** What a final status records besides the status itself. */
export interface InboundOutcome {
  status: FinalInboundStatus;
  reasonCode?: string | null;
  reasonDetail?: string | null;
  threadId?: string | null;
  messageId?: string | null;
  matchStrategy?: string | null;
  /** The thread mapping of a delivered email, written by the statement that records the status. */
  mapping?: NewThreadMapping;
  /** Runs in the same transaction as the status change (which then costs a transaction's round trips). */
  alsoInTransaction?: (manager: EntityManager) => Promise<void>;
  /** The sender check's verdicts, stored with the status. */
  senderAuth?: SenderAuth | null;
  /** What parsing learnt (never bodies), stored with the status. */
  parsed?: { senderEmail: string | null; subject: string; kind: string };
  /** Runs once the status is committed (events that must follow the commit). */
  afterCommit?: () => void;
}

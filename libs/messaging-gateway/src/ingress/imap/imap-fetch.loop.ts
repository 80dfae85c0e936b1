import { Injectable, Logger } from '@nestjs/common';
import type { ImapFlow } from 'imapflow';
import { InjectGatewayOptions } from '../../core/options/gateway-options.providers';
import type { GatewaySettings } from '../../core/options/gateway-options.schema';
import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';
import { InboundStore } from '../../inbound/inbound.store';
import { acknowledgeStored, imapCommandFailed } from './imap-acknowledge';
import {
  chunk,
  groupBySize,
  IMAP_BATCH_SIZE,
  IMAP_STORE_CONCURRENCY,
  mapWithConcurrency,
  newUidsAbove,
} from './imap-batch';
import { type ImapCursorPosition, ImapCursorStore } from './imap-cursor.store';
import { ImapFailureRecorder } from './imap-failure.recorder';

/**
 * A message the database refuses this many times in a row (not a gateway error: a constraint,
 * a driver bug) is recorded as failed and skipped, so it cannot block the mailbox. An outage
 * never gets that far: recording the failure needs the database too, and fails the same way.
 */
const MAX_STORE_ATTEMPTS = 5;

/** The connection and mailbox one sync works on. */
export interface ImapSyncTarget {
  client: ImapFlow;
  mailbox: string;
  processedMailbox?: string;
  mailboxKey: string;
  /** False once the lease is lost or shutdown began: the sync stops between batches. */
  shouldContinue(): boolean;
}

export interface ImapSyncReport {
  uidValidity: string;
  lastUid: number;
  stored: number;
  duplicates: number;
  failed: number;
}

/**
 * One catch-up pass over a mailbox, in the order that makes it lossless:
 * read UIDVALIDITY, find UIDs above the cursor, then per batch of 50: sizes, sources (PEEK, so
 * nothing is marked read by fetching), `InboundStore.accept` for each (committed), then `\Seen`
 * or the move to the processed mailbox, then the cursor. A crash anywhere repeats work the
 * inbox's unique dedupe key absorbs, or leaves mail unflagged for the next pass.
 */
@Injectable()
export class ImapFetchLoop {
  private readonly logger = new Logger('ImapReceiver');
  private readonly storeAttempts = new Map<string, number>();

  constructor(
    private readonly store: InboundStore,
    private readonly cursors: ImapCursorStore,
    private readonly failures: ImapFailureRecorder,
    @InjectGatewayOptions('inbound') private readonly inbound: GatewaySettings<'inbound'>,
  ) {}

  async sync(target: ImapSyncTarget): Promise<ImapSyncReport> {
    const { client } = target;
    const wasSelected = !!client.mailbox;
    const lock = await client.getMailboxLock(target.mailbox);
    try {
      // imapflow keeps a selected mailbox as it is, so its UIDVALIDITY could be stale (the
      // mailbox deleted and recreated meanwhile): SELECT again for an authoritative value.
      if (wasSelected) await client.mailboxOpen(target.mailbox);
      if (!client.mailbox) {
        throw new MessagingGatewayError(ErrorCode.IMAP_MAILBOX, `mailbox "${target.mailbox}" is not selected`, true);
      }
      const uidValidity = client.mailbox.uidValidity.toString();
      const cursor = await this.position(target, uidValidity);
      const report: ImapSyncReport = { uidValidity, lastUid: cursor.lastUid, stored: 0, duplicates: 0, failed: 0 };
      while (target.shouldContinue()) {
        // Only a number goes into the search criteria.
        const found = await client.search({ uid: `${report.lastUid + 1}:*` }, { uid: true });
        if (!Array.isArray(found)) throw imapCommandFailed(client, 'UID SEARCH failed');
        const uids = newUidsAbove(found, report.lastUid);
        if (uids.length === 0) break;
        for (const batch of chunk(uids, IMAP_BATCH_SIZE)) {
          if (!target.shouldContinue()) return report;
          await this.ingestBatch(target, uidValidity, batch, report);
          report.lastUid = batch[batch.length - 1];
          await this.cursors.save(target.mailboxKey, { uidValidity, lastUid: report.lastUid });
        }
      }
      return report;
    } finally {
      lock.release();
    }
  }

  /** The saved cursor, or a fresh one when the mailbox is new to us or its UIDVALIDITY changed. */
  private async position(target: ImapSyncTarget, uidValidity: string): Promise<ImapCursorPosition> {
    const saved = await this.cursors.load(target.mailboxKey);
    if (saved?.uidValidity === uidValidity) return saved;
    if (saved) {
      this.logger.warn(
        `mailbox=${target.mailbox} UIDVALIDITY changed from ${saved.uidValidity} to ${uidValidity} (RFC 3501 2.3.1.1): ` +
          `rescanning every message; those already stored are recognised by Message-ID and content hash`,
      );
    }
    const fresh = { uidValidity, lastUid: 0 };
    await this.cursors.save(target.mailboxKey, fresh);
    return fresh;
  }

  private async ingestBatch(target: ImapSyncTarget, uidValidity: string, batch: number[], report: ImapSyncReport) {
    const { client } = target;
    const maxBytes = this.inbound.maxMessageBytes;
    // Each fetchAll resolves before anything else runs: no IMAP command inside a FETCH iteration.
    const sized = (await client.fetchAll(batch, { uid: true, size: true }, { uid: true }))
      .map((message) => ({ uid: message.uid, size: message.size ?? 0 }))
      .sort((a, b) => a.uid - b.uid);
    const fetchable: { uid: number; size: number }[] = [];
    for (const message of sized) {
      if (message.size <= maxBytes) {
        fetchable.push(message);
        continue;
      }
      await this.failures.record({
        mailboxKey: target.mailboxKey,
        imap: { mailbox: target.mailbox, uidValidity, uid: message.uid },
        code: ErrorCode.MESSAGE_TOO_LARGE,
        detail: `RFC822.SIZE is ${message.size} bytes, over the ${maxBytes}-byte limit (inbound.maxMessageBytes); not downloaded`,
        size: message.size,
      });
      report.failed += 1;
    }
    const stored: number[] = [];
    try {
      for (const group of groupBySize(fetchable)) {
        const messages = (await client.fetchAll(group, { uid: true, source: true }, { uid: true }))
          .filter((message) => message.source) // a message without one was expunged since the search
          .sort((a, b) => a.uid - b.uid);
        if (await this.storeAll(target, uidValidity, messages, report)) {
          stored.push(...messages.map((message) => message.uid));
          continue;
        }
        // One by one, to learn which message the batch stumbled on: commits overlap (one Postgres
        // round trip each); a transient error rejects once every started store has settled, so
        // what did commit is still acknowledged below.
        await mapWithConcurrency(messages, IMAP_STORE_CONCURRENCY, async (message) => {
          const imap = { mailbox: target.mailbox, uidValidity, uid: message.uid };
          if (await this.storeOne(target.mailboxKey, imap, message.source!, report)) stored.push(message.uid);
        });
      }
    } finally {
      // What was committed is acknowledged even when a later message failed, so it is not
      // fetched again; an error from here only stops the cursor, never loses mail.
      await acknowledgeStored(
        target,
        stored.sort((a, b) => a - b),
        this.logger,
      );
    }
  }

  /**
   * The fetched group in one statement and one bulk enqueue (`InboundStore.acceptMany`): true
   * when every message is committed. False when the batch failed as a whole (one message too large
   * or empty, a database error): nothing of it is committed, and the caller stores them one by one.
   */
  private async storeAll(
    target: ImapSyncTarget,
    uidValidity: string,
    messages: { uid: number; source?: Buffer }[],
    report: ImapSyncReport,
  ): Promise<boolean> {
    try {
      const results = await this.store.acceptMany(
        messages.map((message) => ({
          raw: message.source!,
          source: 'imap' as const,
          provider: 'imap',
          envelope: { imap: { mailbox: target.mailbox, uidValidity, uid: message.uid } },
        })),
      );
      for (const [index, result] of results.entries()) {
        this.storeAttempts.delete(`${target.mailboxKey}|${uidValidity}|${messages[index].uid}`);
        if (result.duplicate) report.duplicates += 1;
        else report.stored += 1;
      }
      return true;
    } catch (error) {
      this.logger.debug(`batch of ${messages.length} not stored at once (${(error as Error).message}); one by one`);
      return false;
    }
  }

  /** True when the message is committed (new or duplicate); false when recorded as failed. */
  private async storeOne(
    mailboxKey: string,
    imap: { mailbox: string; uidValidity: string; uid: number },
    raw: Buffer,
    report: ImapSyncReport,
  ): Promise<boolean> {
    const attemptKey = `${mailboxKey}|${imap.uidValidity}|${imap.uid}`;
    try {
      const result = await this.store.accept({ raw, source: 'imap', provider: 'imap', envelope: { imap } });
      this.storeAttempts.delete(attemptKey);
      if (result.duplicate) report.duplicates += 1;
      else report.stored += 1;
      return true;
    } catch (error) {
      const permanent = error instanceof MessagingGatewayError && !error.transient;
      const attempts = (this.storeAttempts.get(attemptKey) ?? 0) + 1;
      if (!permanent && attempts < MAX_STORE_ATTEMPTS) {
        this.storeAttempts.set(attemptKey, attempts);
        throw error;
      }
      const code = permanent ? (error as MessagingGatewayError).code : ErrorCode.IMAP_STORE_FAILED;
      const detail = permanent
        ? (error as Error).message
        : `not stored after ${attempts} attempts: ${(error as Error).message}`;
      await this.failures.record({ mailboxKey, imap, code, detail, raw, size: raw.length });
      this.storeAttempts.delete(attemptKey);
      report.failed += 1;
      return false;
    }
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InboundEmail, type InboundEmailStatus, OutboundEmail, OutboundEmailService } from 'nestjs-messaging-gateway';
import { type DataSource, In } from 'typeorm';
import { type DeliveryState, deliveryState } from './delivery-state';

const PAGE_SIZE = 50;

/** An outbox row with what a person is shown of it. */
export type Delivery = OutboundEmail & { delivery: DeliveryState };

/**
 * Read-only views of the gateway's own tables for the inbox: what was received (and why it was
 * not delivered), what was sent, and the delivery state of each answer in a thread.
 */
@Injectable()
export class GatewayRecordsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbound: OutboundEmailService,
  ) {}

  inboundEmails(status?: InboundEmailStatus): Promise<InboundEmail[]> {
    return this.dataSource.getRepository(InboundEmail).find({
      where: status ? { status } : {},
      order: { receivedAt: 'DESC' },
      take: PAGE_SIZE,
    });
  }

  async outboundEmails(): Promise<Delivery[]> {
    const rows = await this.dataSource
      .getRepository(OutboundEmail)
      .find({ order: { queuedAt: 'DESC' }, take: PAGE_SIZE });
    return rows.map((row) => this.withState(row));
  }

  /** The outbox rows of a thread, by the host message they carry. */
  async deliveriesByMessage(threadId: string): Promise<Map<string, Delivery[]>> {
    const rows = await this.dataSource
      .getRepository(OutboundEmail)
      .find({ where: { threadId }, order: { queuedAt: 'ASC' } });
    const byMessage = new Map<string, Delivery[]>();
    for (const row of rows) {
      if (!row.hostMessageId) continue;
      byMessage.set(row.hostMessageId, [...(byMessage.get(row.hostMessageId) ?? []), this.withState(row)]);
    }
    return byMessage;
  }

  private withState(row: OutboundEmail): Delivery {
    return Object.assign(row, { delivery: deliveryState(row, this.outbound.canResend(row)) });
  }

  /** Inbound rows that became the given messages, for their match strategy and status. */
  async inboundByMessage(messageIds: string[]): Promise<Map<string, InboundEmail>> {
    if (messageIds.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(InboundEmail)
      .find({ where: { createdMessageId: In(messageIds) } });
    return new Map(rows.map((row) => [row.createdMessageId as string, row]));
  }

  async mailboxes(): Promise<string[]> {
    const rows: { mailbox: string }[] = await this.dataSource.query(
      `SELECT DISTINCT mailbox FROM app_threads ORDER BY mailbox LIMIT 100`,
    );
    return rows.map((row) => row.mailbox);
  }
}

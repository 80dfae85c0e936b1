import { Injectable } from '@nestjs/common';
import type { SendMailOptions } from 'nodemailer';
import { InjectGatewayOptions } from '../../core/options/gateway-options.providers';
import type { GatewaySettings } from '../../core/options/gateway-options.schema';
import type { QueuedEmail } from '../email-queue-service.types';
import type { OutboundEmail } from '../outbox/outbound-email.entity';
import { wrapMessageId } from '../../threading/message-id/gateway-message-id';
import { EmailTemplates } from './email-templates';
import { toHeaderText } from './header-safety';
import { storedThreading } from './thread-references';
import type { OutboundPayload } from '../outbound.types';
import { parseRecipient } from '../outbox/recipient-address';

/** A composed email: the host-queue shape and the nodemailer message built from the same values. */
export interface ComposedEmail {
  queued: QueuedEmail;
  mail: SendMailOptions;
}

/** RFC 5322 display names stay short; 78 keeps "Name <address>" on one line in most clients. */
const MAX_NAME = 78;

/**
 * Builds the email of an outbox row: From "<agent> via <product>" <SMTP_FROM>, Reply-To
 * reply+TOKEN, the stored Message-ID / In-Reply-To / References, the templates' text and HTML,
 * and Auto-Submitted only on automatic mail (RFC 3834 5: a person's answer is not automatic).
 * Everything comes from the row, so each retry sends the very same message.
 */
@Injectable()
export class EmailComposer {
  constructor(
    @InjectGatewayOptions('outbound') private readonly outbound: GatewaySettings<'outbound'>,
    @InjectGatewayOptions('replyTokens') private readonly replyTokens: GatewaySettings<'replyTokens'>,
    private readonly templates: EmailTemplates,
  ) {}

  compose(row: OutboundEmail): ComposedEmail {
    const outbound = this.outbound;
    const replyTokens = this.replyTokens;
    const payload = row.payload as unknown as OutboundPayload;
    const to = parseRecipient(row.recipient);
    const fromAddress = this.fromAddress(payload.fromLocalPart);
    const senderName = this.agentName(payload.senderName);
    const fromName = this.fromName(senderName);
    const replyTo = row.replyToken ? `reply+${row.replyToken}@${replyTokens.domain.toLowerCase()}` : undefined;
    const subject = toHeaderText(row.subject, 900);
    const body = this.templates.render({
      subject,
      text: payload.text,
      html: payload.html,
      senderName,
      productName: outbound.fromName,
    });
    const headers: Record<string, string> = { ...payload.headers };
    if (row.automatic) {
      // RFC 3834 5.1 and Microsoft's header: no out-of-office answers to machine mail.
      headers['Auto-Submitted'] = 'auto-generated';
      headers['X-Auto-Response-Suppress'] = 'All';
      if (outbound.listUnsubscribe) {
        headers['List-Unsubscribe'] = `<${outbound.listUnsubscribe}>`;
        // RFC 8058 one-click applies to https URLs only.
        if (outbound.listUnsubscribe.startsWith('https:'))
          headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
      }
    }
    const messageId = row.emailMessageId!;
    const threading = storedThreading(payload);
    const queued: QueuedEmail = {
      id: row.dedupeKey,
      outboundEmailId: row.id,
      threadId: row.threadId,
      from: `"${fromName.replace(/["\\]/g, '\\$&')}" <${fromAddress}>`,
      to,
      replyTo: replyTo ?? fromAddress,
      subject,
      text: body.text,
      html: body.html,
      messageId: wrapMessageId(messageId),
      inReplyTo: threading.inReplyTo ? wrapMessageId(threading.inReplyTo) : undefined,
      references: threading.references?.map(wrapMessageId),
      headers,
    };
    const mail: SendMailOptions = {
      from: { name: fromName, address: fromAddress },
      to: { name: '', address: to },
      replyTo,
      subject,
      text: body.text,
      html: body.html,
      messageId: queued.messageId,
      inReplyTo: queued.inReplyTo,
      references: queued.references,
      headers,
      // The envelope is ours alone: nothing user-supplied reaches MAIL FROM / RCPT TO unchecked.
      envelope: { from: outbound.from!, to: [to] },
      disableFileAccess: true,
      disableUrlAccess: true,
    };
    return { queued, mail };
  }

  private fromAddress(localPart: string | undefined): string {
    const from = this.outbound.from!;
    return localPart ? `${localPart}@${from.slice(from.lastIndexOf('@') + 1)}` : from;
  }

  /**
   * The agent's name for From and the signature, or undefined when there is none, or when it is
   * just the product's name (no "Support via Support", no signature that repeats itself).
   */
  private agentName(senderName: string | undefined): string | undefined {
    const sender = toHeaderText(senderName, MAX_NAME);
    const product = toHeaderText(this.outbound.fromName, MAX_NAME);
    return sender && sender.toLowerCase() !== product.toLowerCase() ? sender : undefined;
  }

  private fromName(sender: string | undefined): string {
    const { fromName, fromFormat } = this.outbound;
    const product = toHeaderText(fromName, MAX_NAME);
    if (!sender) return product;
    return toHeaderText(
      fromFormat.replace('{sender}', () => sender).replace('{product}', () => product),
      MAX_NAME * 2,
    );
  }
}

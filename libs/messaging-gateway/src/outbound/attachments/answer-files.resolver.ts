import { Injectable } from '@nestjs/common';
import type { Attachment } from 'nodemailer/lib/mailer';
import { ErrorCode } from '../../core/errors/error-codes';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';
import { AttachmentsService } from '../../storage/attachments.service';
import type { MessageCreatedEvent } from '../message-created.event';

/** A file of an answer as the outbox row keeps it: the stored attachment's id (never the bytes). */
export interface AnswerFileRef {
  id: string;
}

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}\s*$/;

/**
 * The files of an agent's answer: `message.created`'s `attachments` (stored ids, or inline
 * `{name, type, contentBase64}` kept now) become ids on the outbox row, and ids become MIME
 * parts when the email is composed, read from the store on every attempt.
 */
@Injectable()
export class AnswerFilesResolver {
  constructor(private readonly attachments: AttachmentsService) {}

  /** Ids to keep on the row; throws `EGW_ATTACHMENT_INVALID` or `EGW_ATTACHMENTS_TOO_LARGE`. */
  async refsFor(event: MessageCreatedEvent): Promise<AnswerFileRef[] | undefined> {
    const given = event.attachments;
    if (given === undefined || given === null) return undefined;
    if (!Array.isArray(given)) throw invalid('"attachments" must be an array');
    const refs: AnswerFileRef[] = [];
    const inline: { name: string; type: string; content: Buffer }[] = [];
    for (const [index, item] of given.entries()) {
      if (item && typeof item === 'object' && 'id' in item && typeof item.id === 'string') {
        await this.attachments.open(item.id); // exists and is readable, or throws now rather than at send time
        refs.push({ id: item.id });
      } else if (item && typeof item === 'object' && 'contentBase64' in item) {
        const { name, type, contentBase64 } = item;
        if (typeof contentBase64 !== 'string' || !BASE64.test(contentBase64)) {
          throw invalid(`attachments[${index}].contentBase64 must be base64`);
        }
        inline.push({
          name: String(name ?? ''),
          type: String(type ?? ''),
          content: Buffer.from(contentBase64, 'base64'),
        });
      } else {
        throw invalid(`attachments[${index}] needs an "id", or "name", "type" and "contentBase64"`);
      }
    }
    const kept = await this.attachments.keepOutbound(event.threadId, inline);
    return [...refs, ...kept.map((file) => ({ id: file.id! }))];
  }

  /** The MIME parts of the files on a row (plain attachments, by their sanitised name and type). */
  async partsFor(refs: AnswerFileRef[] | undefined): Promise<Attachment[] | undefined> {
    if (!refs?.length) return undefined;
    const parts: Attachment[] = [];
    for (const ref of refs) {
      const file = await this.attachments.open(ref.id);
      parts.push({ filename: file.name, contentType: file.type, content: file.content });
    }
    return parts;
  }
}

const invalid = (message: string): MessagingGatewayError =>
  new MessagingGatewayError(ErrorCode.ATTACHMENT_INVALID, `${message} (message.created)`);

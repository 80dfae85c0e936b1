import { Injectable } from '@nestjs/common';
import { AttachmentsService, ErrorCode, MessagingGatewayError } from 'nestjs-messaging-gateway';
import { AppError, AppErrorCode, validationError } from '../common/app-error';
import type { CreateMessageDto } from './messages-api.dto';

/**
 * The files of an agent's answer go to the gateway's attachment store before the message is
 * saved: the message keeps their metadata (ids, names, sizes, never bytes), and its
 * `message.created` names them by id, so the email carries exactly what was stored.
 */
@Injectable()
export class AnswerFilesService {
  constructor(private readonly attachments: AttachmentsService) {}

  /** The message to save: `attachments` replaced by the stored files' metadata. */
  async keep(threadId: string, input: CreateMessageDto): Promise<CreateMessageDto> {
    if (!input.attachments?.length) return input;
    const files = input.attachments.map((file) => ({
      name: file.name,
      type: file.type,
      content: Buffer.from(file.contentBase64, 'base64'),
    }));
    try {
      const kept = await this.attachments.keepOutbound(threadId, files);
      const { attachments: _given, ...rest } = input;
      return { ...rest, metadata: { ...input.metadata, attachments: kept } };
    } catch (error) {
      if (error instanceof MessagingGatewayError && error.code === ErrorCode.ATTACHMENTS_TOO_LARGE) {
        throw new AppError(AppErrorCode.ATTACHMENTS_TOO_LARGE, error.message);
      }
      if (error instanceof MessagingGatewayError && error.code === ErrorCode.ATTACHMENT_INVALID) {
        throw validationError(error.message);
      }
      throw error;
    }
  }
}

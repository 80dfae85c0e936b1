import { type AttachmentsService, ErrorCode, MessagingGatewayError } from 'nestjs-messaging-gateway';
import type { AttachmentContent } from './attachment-response';
import { AppError, AppErrorCode } from '../common/app-error';

/** The gateway's answer as the app's errors: unknown → 404, erased with its thread → 410. */
export async function openAttachment(attachments: AttachmentsService, id: string): Promise<AttachmentContent> {
  try {
    return await attachments.open(id);
  } catch (error) {
    if (error instanceof MessagingGatewayError && error.code === ErrorCode.ATTACHMENT_NOT_FOUND) {
      throw new AppError(AppErrorCode.NOT_FOUND, `no attachment ${id}`);
    }
    if (error instanceof MessagingGatewayError && error.code === ErrorCode.DATA_ERASED) {
      throw new AppError(AppErrorCode.GONE, `attachment ${id} was erased with its thread`);
    }
    throw error;
  }
}

import type { ParsedMail } from 'mailparser';
import type { IncomingFile } from '../../storage/attachment-meta.types';

/** mailparser's attachments as files to keep (bytes decoded from their transfer encoding). */
export function incomingFilesOf(mail: ParsedMail): IncomingFile[] {
  return mail.attachments.map((attachment) => ({
    name: attachment.filename,
    type: attachment.contentType,
    content: attachment.content,
    contentId: attachment.contentId,
    inline: attachment.contentDisposition === 'inline',
  }));
}

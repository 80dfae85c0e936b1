import { Logger } from '@nestjs/common';
import { SMTPServer } from 'smtp-server';
import type { DevMailbox } from './dev-mailbox';

/** Same cap as the gateway's inbound default: the largest message a common provider accepts. */
const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
/**
 * The gateway's pooled SMTP connection may still be open when the app closes, and smtp-server
 * waits 30 s for open connections by default; captured mail is disposable, so 1 s is enough.
 */
const CLOSE_TIMEOUT_MS = 1000;

export interface RunningCapture {
  port: number;
  close(): Promise<void>;
}

/**
 * An in-process SMTP server on loopback that accepts every message into the Dev mailbox, so the
 * whole loop runs with no mail provider. No TLS and no auth: it listens on 127.0.0.1 only and is
 * never started in production.
 */
export async function startDevMailCapture(port: number, mailbox: DevMailbox): Promise<RunningCapture> {
  const logger = new Logger('DevMailCapture');
  const server = new SMTPServer({
    name: 'dev-mail-capture.localhost',
    banner: 'nestjs-messaging-gateway dev mail capture',
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: MAX_MESSAGE_BYTES,
    closeTimeout: CLOSE_TIMEOUT_MS,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(Object.assign(new Error('552 message exceeds the 25 MB limit'), { responseCode: 552 }));
          return;
        }
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        };
        mailbox.add(Buffer.concat(chunks), envelope).then(
          (email) => {
            logger.log(`captured email ${email.id} (${email.raw.length} bytes)`);
            callback();
          },
          (error: Error) => callback(Object.assign(error, { responseCode: 451 })),
        );
      });
    },
  });
  server.on('error', (error) => logger.warn(`capture server error: ${error.message}`));
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `the dev mail capture port ${port} is in use; set DEV_MAIL_CAPTURE_PORT to a free port, or SMTP_HOST to a real server`
            : `the dev mail capture could not listen on 127.0.0.1:${port} (${error.code ?? error.message})`,
        ),
      );
    server.server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const address = server.server.address() as { port: number };
  return { port: address.port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

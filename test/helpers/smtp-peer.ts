import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { freePort, selfSignedCert } from './self-signed-cert';

export { freePort };

/** One message as the peer received it: the DATA bytes and the SMTP envelope. */
export interface ReceivedMessage {
  raw: Buffer;
  mailFrom: string;
  rcptTo: string[];
  /** True when the session was TLS (implicit or after STARTTLS). */
  secure: boolean;
  user?: string;
  at: number;
}

/** One DATA command and the reply code the peer gave. */
export interface DataAttempt {
  at: number;
  code: number;
}

export interface SmtpPeerOptions {
  /** `implicit`: TLS from the first byte (like 465); `starttls`: offers STARTTLS (587); `none`: plain only. */
  tls?: 'implicit' | 'starttls' | 'none';
  /** Reply codes for successive DATA commands, e.g. [451, 451]; 250 once the list is used up. */
  dataReplies?: number[];
  /** Require this login (over TLS or not). */
  auth?: { user: string; pass: string };
  /** Listen on this port (to come back where a stopped peer was); default a free one. */
  port?: number;
}

/** A scriptable smtp-server on a random local port, recording every message with its envelope. */
export interface SmtpPeer {
  host: string;
  port: number;
  messages: ReceivedMessage[];
  attempts: DataAttempt[];
  /** Replaces the scripted replies for the next DATA commands. */
  script(replies: number[]): void;
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMessage[]>;
  close(): Promise<void>;
}

const TEXT: Record<number, string> = {
  421: 'Service not available, closing channel',
  451: 'Requested action aborted: try again later (greylisted)',
  452: 'Insufficient system storage',
  550: 'Mailbox unavailable: no such user here',
  552: 'Message size exceeds fixed maximum',
  554: 'Transaction failed: message refused as spam',
};

export async function startSmtpPeer(options: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  const tls = options.tls ?? 'none';
  let replies = [...(options.dataReplies ?? [])];
  const messages: ReceivedMessage[] = [];
  const attempts: DataAttempt[] = [];
  const waiters: (() => void)[] = [];
  const serverOptions: SMTPServerOptions = {
    secure: tls === 'implicit',
    ...(tls === 'none' ? { disabledCommands: ['STARTTLS'] } : selfSignedCert()),
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const ok = options.auth && auth.username === options.auth.user && auth.password === options.auth.pass;
      callback(ok ? null : Object.assign(new Error('Invalid credentials'), { responseCode: 535 }), {
        user: auth.username,
      });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const code = replies.shift() ?? 250;
        attempts.push({ at: Date.now(), code });
        if (code >= 400) {
          return callback(Object.assign(new Error(TEXT[code] ?? 'Refused'), { responseCode: code }));
        }
        messages.push({
          raw: Buffer.concat(chunks),
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          secure: session.secure,
          user: typeof session.user === 'string' ? session.user : undefined,
          at: Date.now(),
        });
        waiters.splice(0).forEach((wake) => wake());
        callback(null, 'Ok: queued as TEST');
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  server.on('error', () => undefined);
  const port = options.port ?? (await freePort());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    host: '127.0.0.1',
    port,
    messages,
    attempts,
    script: (next) => {
      replies = [...next];
    },
    waitForMessages: async (count, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline)
          throw new Error(`SMTP peer got ${messages.length} of ${count} messages in ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

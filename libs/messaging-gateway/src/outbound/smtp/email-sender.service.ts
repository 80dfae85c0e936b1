import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type SendMailOptions, type Transporter } from 'nodemailer';
import { InjectGatewayOptions } from '../../core/options/gateway-options.providers';
import type { GatewaySettings } from '../../core/options/gateway-options.schema';
import { ErrorCode } from '../../core/errors/error-codes';
import { classifySmtpError, redactAddresses } from './smtp-failure';
import type { SmtpServerRole, SmtpTestResult } from '../outbound.types';
import { SmtpSendError } from './smtp-send.error';
import { smtpPoolOptions } from './smtp-transport-options';

/** The server accepted the message (250 to DATA). */
export interface SmtpAcceptance {
  server: SmtpServerRole;
  /** The final reply, e.g. "250 2.0.0 Ok: queued as 4Bc…". */
  response: string;
}

/**
 * Pooled SMTP delivery (nodemailer). Connection-level failures on the primary (refused, timeout,
 * no or bad greeting, TLS, login) move the attempt to SMTP_BACKUP_HOST; a reply to the message
 * itself (4xx/5xx to MAIL, RCPT, DATA) never does. Pools open lazily and close on shutdown.
 * Everything sent through them is DKIM-signed when `outbound.dkim` is set (SMTP_DKIM_*).
 */
@Injectable()
export class EmailSenderService implements OnApplicationShutdown {
  private readonly logger = new Logger(EmailSenderService.name);
  private readonly pools = new Map<SmtpServerRole, Transporter>();

  constructor(@InjectGatewayOptions('outbound') private readonly outbound: GatewaySettings<'outbound'>) {}

  async send(mail: SendMailOptions, context = ''): Promise<SmtpAcceptance> {
    try {
      return await this.sendVia('primary', mail);
    } catch (error) {
      const failure = classifySmtpError(error, this.server('primary'));
      if (!failure.connectionFailure || !this.server('backup')) throw new SmtpSendError(failure);
      this.logger.warn(`${context} primary SMTP unusable (${redactAddresses(failure.response)}); trying the backup`);
      try {
        return await this.sendVia('backup', mail);
      } catch (backupError) {
        throw new SmtpSendError(classifySmtpError(backupError, this.server('backup')));
      }
    }
  }

  /** Connects, greets, upgrades TLS and logs in without sending: the "Test SMTP" action. */
  async testConnection(server: SmtpServerRole = 'primary'): Promise<SmtpTestResult> {
    const target = this.server(server);
    if (!target) return { ok: false, server, host: '', port: 0, code: ErrorCode.CONFIG, response: 'not configured' };
    const { pool: _pool, ...single } = smtpPoolOptions(this.outbound.smtp, target, 1);
    const transport = createTransport(single);
    try {
      await transport.verify();
      return { ok: true, server, ...target };
    } catch (error) {
      const failure = classifySmtpError(error, target);
      const code = failure.permanent ? ErrorCode.SMTP_PERMANENT : ErrorCode.SMTP_TRANSIENT;
      return { ok: false, server, ...target, code, response: failure.response };
    } finally {
      transport.close();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    for (const pool of this.pools.values()) pool.close();
    this.pools.clear();
  }

  private async sendVia(server: SmtpServerRole, mail: SendMailOptions): Promise<SmtpAcceptance> {
    const info = await this.pool(server).sendMail(mail);
    return { server, response: String(info.response ?? '') };
  }

  private pool(server: SmtpServerRole): Transporter {
    let pool = this.pools.get(server);
    if (!pool) {
      const target = this.server(server)!;
      const connections = Math.min(this.outbound.concurrency, 5);
      pool = createTransport(smtpPoolOptions(this.outbound.smtp, target, connections, this.outbound.dkim));
      pool.on('error', (error) => this.logger.warn(`${server} SMTP pool: ${error.message}`));
      this.pools.set(server, pool);
    }
    return pool;
  }

  private server(server: SmtpServerRole): { host: string; port: number } | undefined {
    const { smtp } = this.outbound;
    if (server === 'backup') return smtp.backup && { host: smtp.backup.host, port: smtp.backup.port! };
    return smtp.host ? { host: smtp.host, port: smtp.port } : undefined;
  }
}

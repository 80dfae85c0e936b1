import type { SMTPPoolOptions } from 'nodemailer';
import type { GatewaySettings } from '../../core/options/gateway-options.schema';

type SmtpSettings = GatewaySettings<'outbound'>['smtp'];
type DkimSettings = GatewaySettings<'outbound'>['dkim'];

/**
 * nodemailer pool options for one server. `tls` is implicit TLS (465, `secure`); `starttls`
 * must upgrade (587, `requireTLS`: a server that does not offer STARTTLS is an error, never a
 * silent plain-text fallback); `plain` still upgrades opportunistically when offered (25).
 * With `outbound.dkim`, every message is DKIM-signed (rsa-sha256, relaxed/relaxed) as it leaves.
 */
export function smtpPoolOptions(
  smtp: SmtpSettings,
  server: { host: string; port: number },
  maxConnections: number,
  dkim?: DkimSettings,
): SMTPPoolOptions & { pool: true } {
  return {
    ...(dkim ? { dkim: { domainName: dkim.domain, keySelector: dkim.selector, privateKey: dkim.privateKey } } : {}),
    pool: true,
    host: server.host,
    port: server.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: false,
    auth: smtp.user ? { user: smtp.user, pass: smtp.pass } : undefined,
    connectionTimeout: smtp.timeoutMs,
    greetingTimeout: smtp.timeoutMs,
    socketTimeout: smtp.timeoutMs,
    tls: { rejectUnauthorized: smtp.tlsRejectUnauthorized, servername: server.host },
    maxConnections,
    // Reconnect now and then so a long-lived pool does not pin one server of a cluster.
    maxMessages: 100,
    // Nothing of the message reaches the logs (bodies, addresses, credentials).
    logger: false,
    debug: false,
  };
}

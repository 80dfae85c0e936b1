import type { AppConfig } from './app-config';

/** First line of the copy-paste command; a test runs the command block that follows it with bash. */
export const FIRST_EMAIL_HINT =
  'Send a first email: open the Dev mailbox and use "Send a new email as a customer", or run:';

/**
 * What `npm start` prints once listening: where to click, how to log in and how to send a first
 * email. A secret is printed only when this machine generated it (development defaults); one the
 * operator set is never echoed to a terminal or a log. Production prints no secret at all.
 */
export function startupBanner(config: AppConfig, url: string): string {
  const lines = [``, `Reference app listening on ${url}`, `  Inbox:        ${url}/inbox`];
  if (config.production) return [...lines, ''].join('\n');
  const secret = (name: string, value: string | undefined): string => {
    if (!value) return `(set ${name})`;
    return config.generatedSecrets.has(name) ? value : `<your ${name}>`;
  };
  const { email, password } = config.admin;
  lines.push(`  Login:        ${email ?? '(set ADMIN_EMAIL)'} / ${secret('ADMIN_PASSWORD', password)}`);
  lines.push(
    `  Messages API: ${url}/api/v1/messages  (Authorization: Bearer ${secret('MESSAGES_API_KEY', config.messagesApiKey)})`,
  );
  if (config.devMailCapture.enabled) {
    lines.push(`  Dev mailbox:  ${url}/dev-mail  (SMTP capture on 127.0.0.1:${config.env.SMTP_PORT})`);
  }
  lines.push(`  Queues:       ${url}/admin/queues`);
  lines.push(
    `  Health:       ${url}/health/detailed   Metrics: ${url}/metrics   (log in, or Authorization: Bearer <your OPERATIONS_TOKEN>)`,
  );
  lines.push(``, FIRST_EMAIL_HINT, ...firstEmailCommand(config, url), ``);
  return lines.join('\n');
}

/**
 * A signed generic webhook with a real body. The message is written by printf (which turns \r\n
 * into CRLF in any POSIX shell) into a file that is both signed and posted, so the bytes signed
 * are the bytes sent; `$'…'` quoting ended at the first `$RANDOM` and sent a literal "\r\n".
 * Timestamps are unix milliseconds built from `date +%s` (BSD date has no %N).
 */
function firstEmailCommand(config: AppConfig, url: string): string[] {
  const secret = config.generatedSecrets.has('EMAIL_WEBHOOK_SECRET') && config.webhookSecret;
  return [
    `  SECRET='${secret || '<your EMAIL_WEBHOOK_SECRET>'}'`,
    `  TS=$(($(date +%s) * 1000)); EML=$(mktemp)`,
    `  printf 'From: customer@example.com\\r\\nTo: %s\\r\\nSubject: Hello\\r\\nMessage-ID: <%s@example.com>\\r\\n\\r\\nHi, can you help me?\\r\\n' '${config.supportAddress}' "$TS.$$" > "$EML"`,
    `  SIG=$( (printf '%s.' "$TS"; cat "$EML") | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.*= //')`,
    `  curl -X POST ${url}/gateway/inbound -H 'Content-Type: message/rfc822' \\`,
    `    -H "X-Webhook-Timestamp: $TS" -H "X-Webhook-Signature: $SIG" --data-binary @"$EML"`,
  ];
}

import type { AppConfig } from './app-config';

/**
 * What `npm start` prints once listening: where to click, how to log in and how to send a first
 * email. Secrets appear only outside production, where they were generated for this machine.
 */
export function startupBanner(config: AppConfig, url: string): string {
  const lines = [``, `Reference app listening on ${url}`, `  Inbox:        ${url}/inbox`];
  if (config.production) return [...lines, ''].join('\n');
  const { email, password } = config.admin;
  lines.push(`  Login:        ${email ?? '(set ADMIN_EMAIL)'} / ${password ?? '(set ADMIN_PASSWORD)'}`);
  lines.push(`  Messages API: ${url}/api/v1/messages  (Authorization: Bearer ${config.messagesApiKey})`);
  if (config.devMailCapture.enabled) {
    lines.push(`  Dev mailbox:  ${url}/dev-mail  (SMTP capture on 127.0.0.1:${config.env.SMTP_PORT})`);
  }
  lines.push(`  Health:       ${url}/health/detailed   Metrics: ${url}/metrics   Queues: ${url}/admin/queues`);
  lines.push(``, `Send a first email: open ${url}/dev-mail and use "Send a new email as a customer", or run:`);
  lines.push(
    `  SECRET='${config.webhookSecret ?? '<EMAIL_WEBHOOK_SECRET>'}'`,
    `  BODY=$'From: customer@example.com\\r\\nTo: ${config.supportAddress}\\r\\nSubject: Hello\\r\\nMessage-ID: <'$RANDOM'@example.com>\\r\\n\\r\\nHi, can you help me?\\r\\n'`,
    `  TS=$(date +%s%3N); SIG=$(printf '%s.%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.*= //')`,
    `  curl -X POST ${url}/gateway/inbound -H 'Content-Type: message/rfc822' \\`,
    `    -H "X-Webhook-Timestamp: $TS" -H "X-Webhook-Signature: $SIG" --data-binary "$BODY"`,
    ``,
  );
  return lines.join('\n');
}

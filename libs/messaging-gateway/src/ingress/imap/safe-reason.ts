/** Provider descriptions are a sentence or two (Microsoft appends trace and correlation ids). */
const MAX_REASON_CHARS = 400;

/**
 * A reason from outside (a token endpoint's error_description, an IMAP server's text, a host
 * provider's error) as it may go into a log line and `getStatus()`: one line, bounded, and
 * without any of the given secrets, in case a provider echoes one back.
 */
export function safeReason(text: string, secrets: (string | undefined)[] = []): string {
  let line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  for (const secret of secrets) if (secret) line = line.split(secret).join('***');
  return line.length > MAX_REASON_CHARS ? `${line.slice(0, MAX_REASON_CHARS)}…` : line;
}

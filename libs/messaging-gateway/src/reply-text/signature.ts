/**
 * Signatures that are safe to remove without guessing: the "-- " delimiter (RFC 3676 section
 * 4.3, and the "--" that clients which trim trailing spaces leave) and the one-line footers mobile
 * clients append ("Sent from my iPhone", "Get Outlook for Android" …). A sign-off such as
 * "Thanks,\nAlex" is the writer's own words and stays.
 */

/** A delimited signature longer than this is more likely text after a rule; keep it. */
const MAX_SIGNATURE_LINES = 15;
/** "--" or "__" without the RFC's trailing space may be a rule in prose: only short blocks. */
const MAX_LOOSE_SIGNATURE_LINES = 8;
const MAX_SIGNATURE_LINE_LENGTH = 200;

const STRICT_DELIMITER = /^-- $/;
const LOOSE_DELIMITER = /^(?:--|--\u00a0|__)\s*$/;

/** Mobile and webmail footers, each a whole line. Case-sensitive on purpose: they start capitalised. */
const MOBILE_FOOTER = new RegExp(
  '^\\s*(?:' +
    [
      'Sent (?:wirelessly )?from my [^\\n]{1,60}',
      'Sent from (?:Yahoo Mail|Mail|Outlook|Samsung|Gmail|AOL|Proton ?Mail|my|the)\\b[^\\n]{0,60}',
      'Sent from [A-Z][\\w.-]{1,30}(?: [\\w.-]{1,20}){0,4}(?:\\s*<[^<>\\s]{1,200}>)?',
      'Sent (?:with|via|using) [^\\n]{1,60}',
      'Sent on the go[^\\n]{0,60}',
      'Get (?:Outlook|BlueMail|Newton) for [^\\n]{1,40}',
      'Envoyé (?:de|depuis) (?:mon|ma|l|Yahoo|Outlook|Mail)[^\\n]{0,60}',
      'Envoyé à partir de [^\\n]{1,80}',
      'Von meinem [^\\n]{1,60} gesendet',
      'Gesendet (?:von|mit) [^\\n]{1,60}',
      'Enviado (?:desde|do|de) (?:mi|meu|o|Yahoo|Outlook|Correo|Mail)[^\\n]{0,60}',
      'Inviato (?:da|dal|con) [^\\n]{1,60}',
      'Verzonden (?:met|vanaf|van) [^\\n]{1,60}',
      'Verstuurd (?:vanaf|met) [^\\n]{1,60}',
      'Wysłane z [^\\n]{1,60}',
      'Wysłano z [^\\n]{1,60}',
      'Отправлено (?:с|из) [^\\n]{1,60}',
      'Надіслано з [^\\n]{1,60}',
      'Skickat från [^\\n]{1,60}',
      'Sendt fra [^\\n]{1,60}',
      'Lähetetty [^\\n]{1,60}(?:laitteesta|sta|stä)',
      '[^\\n]{1,30}から送信',
      '从我的[^\\n]{1,30}发送',
      '發自我的[^\\n]{1,30}',
      '发自我的[^\\n]{1,30}',
    ].join('|') +
    ')\\s*$',
);

/** "-- " (RFC 3676), or the "--" / "__" clients that trim trailing spaces leave. */
export function isSignatureDelimiter(line: string): boolean {
  return STRICT_DELIMITER.test(line) || LOOSE_DELIMITER.test(line);
}

export function isMobileFooter(line: string): boolean {
  return line.length <= 120 && MOBILE_FOOTER.test(line);
}

/**
 * Index where a trailing signature starts in `lines[0 .. end)`, or `end` when there is none.
 * Scans backwards over a bounded tail, so the cost is constant per message.
 */
export function signatureStart(lines: readonly string[], end: number): number {
  let last = end - 1;
  while (last >= 0 && !lines[last].trim()) last--;
  if (last < 0) return end;
  // A mobile footer is the last non-blank line (or the one before a lone name).
  for (let i = last; i >= 0 && i >= last - 1; i--) {
    if (isMobileFooter(lines[i])) return i;
  }
  for (let i = last; i >= 0 && i >= last - MAX_SIGNATURE_LINES; i--) {
    if (lines[i].length > MAX_SIGNATURE_LINE_LENGTH) return end;
    if (STRICT_DELIMITER.test(lines[i])) return i;
    if (LOOSE_DELIMITER.test(lines[i])) return last - i <= MAX_LOOSE_SIGNATURE_LINES ? i : end;
  }
  return end;
}

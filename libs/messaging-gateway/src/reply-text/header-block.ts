/**
 * Outlook (desktop, web, mobile), Windows Mail, Yahoo and forwarded-message header blocks:
 * "From: … / Sent: … / To: … / Subject: …" in the sender's language, sometimes bold (`*From:*`).
 */

/** Field names of the sender line. */
// prettier-ignore
const FROM_FIELDS = [
  'from', 'von', 'de', 'da', 'van', 'od', 'от', 'від', 'från', 'fra', 'lähettäjä', 'feladó',
  'expéditeur', 'remitente', 'afzender', 'avsändare', 'nadawca', '差出人', '发件人', '發件人', '寄件者', '보낸 사람',
];

/** Date-like field names ("Sent:", "Date:" …). */
// prettier-ignore
const DATE_FIELDS = [
  'sent', 'date', 'envoyé le', "date d'envoi", 'message du', 'gesendet', 'datum', 'envoyé', 'envoye',
  'enviado', 'enviada', 'fecha', 'data', 'inviato', 'verzonden', 'verstuurd', 'wysłano', 'wyslano',
  'отправлено', 'дата', 'надіслано', 'skickat', 'sendt', 'dato', 'lähetetty', 'päivämäärä', 'päiväys',
  '送信日時', '日時', '日付', '发送时间', '發送時間', '日期', '寄件日期', '时间',
];

/** Recipient and subject field names. */
// prettier-ignore
const OTHER_FIELDS = [
  'to', 'cc', 'subject', 'copie à', 'sujet', 'an', 'betreff', 'à', 'a', 'objet', 'para', 'asunto',
  'assunto', 'oggetto', 'aan', 'onderwerp', 'do', 'temat', 'dw', 'кому', 'тема', 'копия', 'till',
  'ämne', 'kopia', 'til', 'emne', 'kopi', 'vastaanottaja', 'aihe', 'kopio', 'címzett', 'tárgy', '宛先',
  '件名', '收件人', '主题', '抄送', '收件者', '主旨', '副本', 'reply-to',
];

const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const field = (names: string[]): RegExp =>
  new RegExp(`^\\s*[*_]{0,2}(?:${names.map(escape).join('|')})[*_]{0,2}\\s?[:：]`, 'i');

const FROM_LINE = field(FROM_FIELDS);
const DATE_LINE = field(DATE_FIELDS);
const OTHER_LINE = field(OTHER_FIELDS);
const SUBJECT_LINE = field([
  'subject',
  'betreff',
  'objet',
  'sujet',
  'asunto',
  'assunto',
  'oggetto',
  'onderwerp',
  'temat',
  'тема',
  'ämne',
  'emne',
  'aihe',
  'tárgy',
  '件名',
  '主题',
  '主旨',
]);
const ADDRESS_HINT = /@|mailto:/i;
/** "Sent:" and its translations only appear in mail headers, unlike "Date:". */
const SENT_LINE = field([
  'sent',
  'gesendet',
  'envoyé',
  'envoye',
  'envoyé le',
  'enviado',
  'enviada',
  'inviato',
  'verzonden',
  'verstuurd',
  'wysłano',
  'wyslano',
  'отправлено',
  'надіслано',
  'skickat',
  'sendt',
  'lähetetty',
  '送信日時',
  '发送时间',
  '發送時間',
  '寄件日期',
]);

/** True for one field line of a header block ("From: …", "Betreff: …", "*Sent:* …"). */
export function isHeaderFieldLine(line: string): boolean {
  return line.length <= 500 && (FROM_LINE.test(line) || DATE_LINE.test(line) || OTHER_LINE.test(line));
}

/** Header blocks span at most this many lines, wrapped addresses included. */
const BLOCK_WINDOW = 8;

/**
 * True when a header block starts at `index`: a sender or date line followed, within a few
 * lines, by at least two other header fields, one of them a subject or an address. A lone
 * "from: x" in a sentence never qualifies.
 */
export function isHeaderBlockAt(lines: readonly string[], index: number): boolean {
  const first = lines[index];
  if (first.length > 500) return false;
  const startsWithFrom = FROM_LINE.test(first);
  if (!startsWithFrom && !DATE_LINE.test(first)) return false;
  let hasFrom = startsWithFrom;
  let hasDate = !startsWithFrom;
  let others = 0;
  let hasSubject = false;
  let hasAddress = ADDRESS_HINT.test(first);
  let hasSent = SENT_LINE.test(first);
  for (let i = index + 1; i < lines.length && i <= index + BLOCK_WINDOW; i++) {
    const line = lines[i];
    if (!line.trim()) {
      if (others + Number(hasDate) + Number(hasFrom) >= 3) break;
      continue;
    }
    if (line.length > 500) break;
    if (ADDRESS_HINT.test(line)) hasAddress = true;
    if (SUBJECT_LINE.test(line)) hasSubject = true;
    if (SENT_LINE.test(line)) hasSent = true;
    if (FROM_LINE.test(line)) hasFrom = true;
    else if (DATE_LINE.test(line)) hasDate = true;
    else if (OTHER_LINE.test(line)) others++;
  }
  // "From: Berlin / To: Munich / Date: 12 May" in a travel plan has no subject, address or "Sent:".
  return hasFrom && (hasDate ? others >= 1 : others >= 2) && (hasSubject || hasAddress || hasSent);
}

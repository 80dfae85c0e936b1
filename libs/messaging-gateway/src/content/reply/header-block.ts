/**
 * Outlook (desktop, web, mobile), Windows Mail, Yahoo and forwarded-message header blocks:
 * "From: … / Sent: … / To: … / Subject: …" in the sender's language, sometimes bold (`*From:*`).
 */

/** Field names of the sender line. */
const FROM_FIELDS = [
  'from',
  'von',
  'de',
  'da',
  'van',
  'od',
  'от',
  'від',
  'från',
  'fra',
  'lähettäjä',
  'feladó',
  'expéditeur',
  'remitente',
  'afzender',
  'avsändare',
  'nadawca',
  '差出人',
  '发件人',
  '發件人',
  '寄件者',
  '보낸 사람',
];

/** Date-like field names ("Sent:", "Date:" …). */
const DATE_FIELDS = [
  'sent',
  'date',
  'envoyé le',
  "date d'envoi",
  'message du',
  'gesendet',
  'datum',
  'envoyé',
  'envoye',
  'enviado',
  'enviada',
  'fecha',
  'data',
  'inviato',
  'verzonden',
  'verstuurd',
  'wysłano',
  'wyslano',
  'отправлено',
  'дата',
  'надіслано',
  'skickat',
  'sendt',
  'dato',
  'lähetetty',
  'päivämäärä',
  'päiväys',
  '送信日時',
  '日時',
  '日付',
  '发送时间',
  '發送時間',
  '日期',
  '寄件日期',
  '时间',
];

/** Recipient and subject field names. */
const OTHER_FIELDS = [
  'to',
  'cc',
  'subject',
  'copie à',
  'sujet',
  'an',
  'betreff',
  'à',
  'a',
  'objet',
  'para',
  'asunto',
  'assunto',
  'oggetto',
  'aan',
  'onderwerp',
  'do',
  'temat',
  'dw',
  'кому',
  'тема',
  'копия',
  'till',
  'ämne',
  'kopia',
  'til',
  'emne',
  'kopi',
  'vastaanottaja',
  'aihe',
  'kopio',
  'címzett',
  'tárgy',
  '宛先',
  '件名',
  '收件人',
  '主题',
  '抄送',
  '收件者',
  '主旨',
  '副本',
  'reply-to',
];

const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const field = (names: string[]): RegExp =>
  new RegExp(`^\\s*[*_]{0,2}(?:${names.map(escape).join('|')})[*_]{0,2}\\s?[:：]`, 'i');

const FROM_LINE = field(FROM_FIELDS);
const DATE_LINE = field(DATE_FIELDS);
const OTHER_LINE = field(OTHER_FIELDS);

/** Header blocks span at most this many lines, wrapped addresses included. */
const BLOCK_WINDOW = 8;

export function isFromLine(line: string): boolean {
  return line.length < 500 && FROM_LINE.test(line);
}

/**
 * True when a header block starts at `index`: a sender or date line followed, within a few
 * lines and before any blank line, by at least two other header fields. A lone "from: x" in a
 * sentence never qualifies.
 */
export function isHeaderBlockAt(lines: readonly string[], index: number): boolean {
  const first = lines[index];
  if (first.length > 500) return false;
  const startsWithFrom = FROM_LINE.test(first);
  if (!startsWithFrom && !DATE_LINE.test(first)) return false;
  let hasFrom = startsWithFrom;
  let hasDate = !startsWithFrom;
  let others = 0;
  for (let i = index + 1; i < lines.length && i <= index + BLOCK_WINDOW; i++) {
    const line = lines[i];
    if (!line.trim()) {
      if (others + Number(hasDate) + Number(hasFrom) >= 3) break;
      continue;
    }
    if (line.length > 500) break;
    if (FROM_LINE.test(line)) hasFrom = true;
    else if (DATE_LINE.test(line)) hasDate = true;
    else if (OTHER_LINE.test(line)) others++;
  }
  return hasFrom && (hasDate ? others >= 1 : others >= 2);
}

/**
 * Helpdesk and forum notifications mark where an answer has to end ("##- Please type your reply
 * above this line -##", "-- Reply above this line --"). A client that pastes the notification
 * under the answer without quoting it leaves that line as the boundary of the new text.
 */
const REPLY_ABOVE_THIS_LINE = new RegExp(
  [
    '(?:reply|write|type|respond|answer)\\b[^\\n]{0,40}\\babove this line',
    'above this line\\b[^\\n]{0,30}\\b(?:reply|respond|answer)',
    'oberhalb dieser (?:Zeile|Linie)',
    'au-dessus de cette ligne',
    'por encima de esta l[ií]nea',
    'acima desta linha',
    'sopra questa (?:riga|linea)',
    'boven deze (?:regel|lijn)',
    'powyżej tej linii',
    'выше этой (?:строки|линии)',
    'вище цього рядка',
    'ovanför denna rad',
    'over denne linje',
    'tämän rivin yläpuolelle',
    'この行より上',
    '在此行上方',
    '在这一?行(?:以)?上',
  ].join('|'),
  'i',
);

/** Longer lines are prose that happens to mention the phrase, not a marker. */
const MAX_MARKER_LENGTH = 160;

export function isReplyAboveMarker(line: string): boolean {
  return line.length <= MAX_MARKER_LENGTH && REPLY_ABOVE_THIS_LINE.test(line);
}

/**
 * Quote headers without a verb, the date first and then the sender, as older Gmail and some
 * mobile clients write them: "2013/7/20 sam via Meta <info@example.org>", "2016-03-03 17:21
 * GMT+01:00 Some One", "20 juil. 2013 à 10:14, Sam <sam@example.org>", "2013年7月20日 10:14 Sam
 * <sam@example.org>". Without a verb the line proves little on its own, so it counts only with
 * the sender's address and either a time or the quote it introduces, or with a time, a name and
 * that quote. Each test is one bounded pattern on one (joined) line.
 */

const MAX_HEADER_LENGTH = 200;
/** "2013/7/20", "2016-03-03", "20.07.2013", "7/20/13". */
const NUMERIC_DATE = /^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}(?=[\s,]|$)/;
/** "20 juil. 2013", "20. Juli 2013", "20 de julio de 2013", "2013年7月20日", "2013. 7. 20.". */
const WORDED_DATE =
  /^(?:\d{1,2}\.? (?:de )?\p{L}{3,10}\.?,? (?:de )?\d{4}(?=[\s,]|$)|\d{4}\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日|\d{4}\. \d{1,2}\. \d{1,2}\.)/u;
const TIME = /\d{1,2}[:h]\d{2}\b/;
/** The sender's address closes the line: "<info@example.org>", "(info@example.org)" or bare. */
const ENDS_WITH_ADDRESS = /(?:^|[\s<(])[^\s<>()@]{1,64}@[^\s<>()@]{1,255}\.[^\s<>()@.]{2,63}[>)]?\s*[:：]?\s*$/;
/** A display name closes the line: "Some One", "Jean-Luc O'Neil". */
const ENDS_WITH_NAME = /\p{L}\s*[:：]?\s*$/u;
const ENDS_SENTENCE = /[.!?。！？]\s*$/;

/** True when `text` (one line, or a wrapped header joined) is a date-first quote header. */
export function isDateFirstHeader(text: string, nextLineIsQuoted: boolean): boolean {
  if (text.length > MAX_HEADER_LENGTH || ENDS_SENTENCE.test(text)) return false;
  if (!NUMERIC_DATE.test(text) && !WORDED_DATE.test(text)) return false;
  const hasTime = TIME.test(text);
  if (ENDS_WITH_ADDRESS.test(text)) return hasTime || nextLineIsQuoted;
  return hasTime && nextLineIsQuoted && ENDS_WITH_NAME.test(text);
}

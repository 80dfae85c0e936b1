import type { HeaderValues } from './auto-reply';
import type { ClassificationResult } from './classification-result';
import { toBouncedRecipient } from './dsn';

/**
 * A mailing-list manager returning a post instead of distributing it, as fml does: "You are not
 * a member of this mailing list <list@…>", a mail loop, a duplicated Message-ID. Sisimai counts
 * these as bounces (the list address did not take the mail). Ordinary list traffic is told apart
 * by the administrative sender ("list-admin@", "owner-list@"), a list manager's header, and the
 * refusal wording.
 */

const LIST_ADMIN_SENDER = /(?:^|[\s<"(])(?:owner-[^\s@<>"()]+|[^\s@<>"()]+-(?:admin|owner))@/i;
const LIST_MANAGER_HEADERS = ['x-mlserver', 'x-ml-server', 'x-ml-name', 'list-id', 'mailing-list'];
const REFUSAL =
  /\bnot (?:a )?member\b|\breject(?:ed)? (?:mail|your (?:post|message)|since)|spam mail from a spammer is rejected|duplicated message-id|loop (?:alert|back warning)|detected a loop condition|security alert/i;
/** The refused list address ends the sentence: "… mailing list <list@example.org>." */
const ADDRESS_AT_END = /<([^\s<>@]{1,64}@[^\s<>@]{1,255})>[.:]?\s*$/;
const ANY_ADDRESS = /<?([^\s<>@"'(),;:]{1,64}@[^\s<>@"'(),;:]{1,255}\.[a-z]{2,63})\b/i;
const HEAD_LENGTH = 4000;

export function classifyMailingListRefusal(
  from: string,
  subject: string,
  text: string,
  headers: HeaderValues,
): ClassificationResult | null {
  if (!LIST_ADMIN_SENDER.test(from)) return null;
  if (!LIST_MANAGER_HEADERS.some((name) => headers.get(name) !== undefined)) return null;
  const head = text.slice(0, HEAD_LENGTH);
  if (!REFUSAL.test(subject.slice(0, 300)) && !REFUSAL.test(head)) return null;
  const lines = head.split(/\r?\n/);
  const refusal = lines.find((line) => REFUSAL.test(line) && ADDRESS_AT_END.test(line));
  const address = (refusal ? ADDRESS_AT_END.exec(refusal)?.[1] : ANY_ADDRESS.exec(head)?.[1])?.toLowerCase();
  const diagnostic = `${subject} ${refusal ?? head}`.trim();
  const recipients = address ? [toBouncedRecipient(address, 'failed', '', diagnostic)] : [];
  return { kind: 'bounce', bounce: { recipients }, reasons: ['mailing-list manager refused the post'] };
}

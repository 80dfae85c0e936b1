/**
 * Delivery receipts without an RFC 3464 report (or with one that names no recipient), such as
 * older Sendmail's "Return receipt" ("The following addresses had successful deliveries") or a
 * "Delivery Status Notification (Success)". They share a bounce's sender and some of its
 * words ("the following addresses had …"), so they are recognised before a bounce is assumed:
 * success wording and no failure wording, within the text above the returned message.
 */

const SUCCESS_WORDING =
  /had successful deliver(?:y|ies)|successfully (?:delivered|relayed)|\(success\)|deliver(?:y|ed) (?:was |has been )?successful(?:ly)?|delivery (?:to [^\n]{1,80} )?(?:is |was |has been )?complete\b|(?:was|has been) delivered (?:successfully )?to the following|your message (?:was|has been) delivered/i;
const FAILURE_WORDING =
  /fatal|permanent|fail(?:ed|ure)|undeliver|could ?n[o']t be delivered|unable to deliver|not (?:be(?:en)? )?delivered|rejected|(?:user|host|recipient) unknown|deferred|delayed|will be retried|warning/i;
const TEXT_LENGTH = 4000;

/** True for a receipt that says the message was delivered and nothing failed. */
export function isDeliveryReceipt(subject: string, head: string): boolean {
  const text = `${subject.slice(0, 300)}\n${head.slice(0, TEXT_LENGTH)}`;
  return SUCCESS_WORDING.test(text) && !FAILURE_WORDING.test(text);
}

import { STATUS_RULES } from './bounce-status';
import type { BounceReason } from './classification-result';

/**
 * Why a delivery failed, from the remote server's words first and the DSN status code second,
 * in Sisimai's vocabulary. Order matters: the more specific phrases come first.
 */
const TEXT_RULES: Array<[BounceReason, RegExp]> = [
  [
    'norelaying',
    /relay(?:ing)? (?:access )?(?:denied|not permitted|prohibited)|not permitted to relay|unable to relay|we do not relay|relay not allowed/i,
  ],
  ['virusdetected', /\bvirus|malware|infected/i],
  [
    'requireptr',
    /reverse (?:dns|lookup|hostname)|\bptr\b|\brdns\b|cannot find your hostname|no dns (?:entry|record) for your/i,
  ],
  ['authfailure', /\bspf\b|\bdkim\b|\bdmarc\b|sender policy framework|not authenticated by the sending domain/i],
  ['toomanyconn', /too many (?:connections|simultaneous|concurrent)|connection (?:rate )?limit/i],
  [
    'mesgtoobig',
    /message (?:is )?too (?:large|big)|message size exceeds|size exceeds the (?:maximum|fixed)|message length exceeds|exceeds (?:the )?(?:maximum )?(?:allowed )?message size|mail size limit/i,
  ],
  [
    'mailboxfull',
    /mailbox (?:is )?full|mailbox size limit|over (?:the )?quota|quota (?:exceeded|exceed|full)|exceeded (?:the |storage |their )?(?:quota|storage)|(?:inbox|mail ?box|mailfolder) (?:is )?(?:full|over)|insufficient (?:disk|storage) space|not enough (?:disk|storage) space|out of storage|storage (?:limit|quota)|user(?:'s)? (?:mailbox|storage) is (?:full|over)/i,
  ],
  ['hasmoved', /has moved|address has changed|mailbox has been moved|no longer (?:at|with) this address/i],
  ['networkerror', /host not found, try again|temporary (?:dns|lookup) failure/i],
  [
    'rejected',
    /sender address rejected|domain of sender|sender (?:address )?(?:denied|verify failed|not allowed)|\[MAIL_FROM\]|envelope sender|from address (?:rejected|not allowed)/i,
  ],
  [
    'notaccept',
    /does not accept (?:any )?mail|not accepting (?:any )?mail|null mx|no mx records?|does not receive mail|accepts no mail|indicated no smtp service/i,
  ],
  [
    'expired',
    /message will be retried|did not accept our requests to connect|delayed for more than|could not deliver for the last/i,
  ],
  [
    'hostunknown',
    /domain (?:is )?not reachable|host (?:or domain name )?(?:not found|unknown)|unknown host|domain (?:name )?(?:not found|does not exist|doesn'?t exist)|no such domain|unrouteable (?:mail )?domain|name or service not known|nxdomain|illegal host\/domain|unknown domain|dns error: (?:domain|dns type)|could not be resolved|domain (?:is )?(?:not (?:valid|registered))/i,
  ],
  [
    'suspend',
    /(?:account|mailbox|user) (?:has been |is |was )?(?:disabled|suspended|deactivated|inactive|locked|frozen|closed|expired)|(?:disabled|suspended|inactive|deactivated) (?:account|mailbox|user)|not an active|temporarily (?:disabled|unavailable)/i,
  ],
  [
    'userunknown',
    /doesn't have an? .{1,60}? account|address could ?n[o']t be found|recipient address rejected|user(?:name)? (?:unknown|not found|does ?n[o']t exist|doesn't exist|invalid)|unknown (?:user|recipient|local[- ]part|mailbox|address|account)|no such (?:user|mailbox|recipient|person|account|address)|(?:mailbox|recipient|address|account|addressee) (?:does ?n[o']t|doesn't|did not|does not) exist|(?:mailbox|recipient|addressee|address) (?:is )?(?:not found|unknown|invalid|unavailable)|invalid (?:recipient|mailbox|address|user)|bad destination mailbox|recipient not found|no mailbox (?:here|by that name)|not a valid (?:mailbox|user|recipient)|unrouteable address|undeliverable address|recipientnotfound|account that you tried to reach does not exist|is not a known user|no longer (?:valid|exists|in use)|not listed in|user not exist|mailbox unavailable|address rejected|no valid recipients?|not our customer|unknown or illegal alias/i,
  ],
  [
    'notaccept',
    /does not accept (?:any )?mail|not accepting (?:any )?mail|null mx|no mx records?|does not receive mail|accepts no mail/i,
  ],
  [
    'spamdetected',
    /\bspam(?!haus|cop|rats)|junk mail|bulk mail|message content rejected|content (?:rejected|filter)|unsolicited/i,
  ],
  ['badreputation', /reputation|poor sender score/i],
  [
    'blocked',
    /block(?:ed|list|ing)|black ?list|\brbl\b|spamhaus|dnsbl|listed (?:in|at|on)|banned|client host rejected|access denied|connection refused|refused to talk to me|not allowed to send|your ip/i,
  ],
  [
    'rejected',
    /sender (?:address )?(?:rejected|denied|verify failed|unknown|not allowed)|envelope sender|from address (?:rejected|not allowed)|domain of sender|your address has been rejected|sender .{0,60}? rejected|rejected your message|refused by recipient|recipient has refused/i,
  ],
  [
    'filtered',
    /filtered|mail rejected by (?:user|recipient)|rejected by (?:the )?recipient|not authorized to receive/i,
  ],
  [
    'expired',
    /expired|retry (?:timeout|time) (?:exceeded|not reached)|could not be delivered (?:within|for)|giving up|unable to deliver (?:for|after)|too many retries|delivery time|has been delayed|delayed for more than|timeout exceeded|undeliverable for \d+/i,
  ],
  [
    'securityerror',
    /authentication required|starttls|tls (?:is )?required|encryption (?:is )?required|must (?:use|issue) (?:a )?starttls|certificate/i,
  ],
  [
    'networkerror',
    /network (?:error|is unreachable)|connection (?:timed out|reset|lost)|lost connection|no route to host|host unreachable|mail (?:forwarding )?loop|loops back to myself|too many hops|timed out|could not connect/i,
  ],
  ['systemfull', /system (?:is )?full|insufficient system storage/i],
  ['mailererror', /mailer error|x-unix|command (?:died|failed)|procmail|exited with/i],
  ['syntaxerror', /syntax error|command unrecognized|bad sequence of commands/i],
  ['policyviolation', /\bpolicy|violat|prohibited|not permitted/i],
  [
    'systemerror',
    /system error|internal (?:server )?error|server error|local (?:error|problem)|configuration error|temporary failure|try again later/i,
  ],
];

/** The SMTP command a diagnostic says the failure followed ("after RCPT TO", ">>> DATA" …). */
export function smtpCommandOf(text: string): 'RCPT' | 'MAIL' | 'DATA' | 'CONN' | '' {
  const match =
    /(?:after|in reply to|in response to|to|during|>>>)\s*(RCPT|MAIL|DATA|end of data|HELO|EHLO|initial connection|connect|greeting)/i.exec(
      text,
    ) ??
    /\b(RCPT TO|MAIL FROM)\s*:/i.exec(text) ??
    // Yahoo's "[RCPT_TO]", qmail's "most progress was RCPT TO response" / "does not like recipient".
    /\[(RCPT)_TO\]|(RCPT) TO response|does not like (recipient)/i.exec(text);
  if (!match) return '';
  const word = (match[1] ?? match[2] ?? match[3] ?? 'RCPT').toUpperCase().replace('RECIPIENT', 'RCPT');
  if (word.startsWith('RCPT')) return 'RCPT';
  if (word.startsWith('MAIL')) return 'MAIL';
  if (word === 'DATA' || word === 'END OF DATA') return 'DATA';
  return 'CONN';
}

export interface ReasonContext {
  /** The status came from a DSN field or the text, not inferred. */
  statusGiven: boolean;
  temporary: boolean;
  /** Other text about the recipient (the human-readable part) where the SMTP command may be named. */
  context?: string;
}

export function reasonOf(status: string, diagnostic: string, context: ReasonContext): BounceReason {
  // Addresses are data, not words: "mailboxfull@example.org" must not read as a full mailbox.
  const text = diagnostic.slice(0, 4000).replace(/[^\s<>()"':;,]+@[^\s<>()"':;,]+/g, 'ADDRESS');
  if (/^\s*x-unix;|procmail|pipe to \|/i.test(text)) return 'mailererror';
  let byText: BounceReason | undefined;
  for (const [reason, pattern] of TEXT_RULES) {
    if (pattern.test(text)) {
      byText = reason;
      break;
    }
  }
  const byStatus = STATUS_RULES.find(([pattern]) => pattern.test(status))?.[1];
  if (byStatus === 'rejected' && /^\d\.1\.[78]$/.test(status)) return 'rejected';
  // A temporary DNS failure is a network problem, not an unknown domain.
  if (byText === 'hostunknown' && context.temporary) return 'networkerror';
  if (byText === 'userunknown') {
    // Sisimai: "user unknown" is only an unknown user when the status says so (x.1.x) or the
    // server refused at RCPT; refused after DATA, or with a mailbox-status code, it was filtered.
    if (/^\d\.1\.\d+$/.test(status)) return 'userunknown';
    const command = smtpCommandOf(diagnostic) || smtpCommandOf(context.context ?? '');
    if (command === 'RCPT') return 'userunknown';
    if (command === 'MAIL') return 'rejected';
    if (command === 'DATA' || (context.statusGiven && byStatus !== 'suspend')) return 'filtered';
    return 'userunknown';
  }
  return byText ?? byStatus ?? 'undefined';
}

/**
 * Sisimai's hard/soft rule: a hard bounce is a permanent address problem (user or domain
 * unknown, address moved) or a domain that accepts no mail with a 5xx answer. A full mailbox,
 * a block or a policy rejection may pass and counts as soft.
 */
export function isHardBounce(reason: BounceReason, status: string, replyCode: string | undefined): boolean {
  if (reason === 'userunknown' || reason === 'hostunknown' || reason === 'hasmoved') return true;
  if (reason !== 'notaccept') return false;
  return status.startsWith('5') || (replyCode ?? '').startsWith('5');
}

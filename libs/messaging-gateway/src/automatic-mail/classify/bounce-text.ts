import type { BounceReason } from './classification-result';

/**
 * What the remote server's words say about why a delivery failed, in Sisimai's vocabulary;
 * `reasonOf` reads them before the status code. Order matters: the more specific phrases come first.
 */
export const TEXT_RULES: Array<[BounceReason, RegExp]> = [
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
    /does not accept (?:any )?mail|not accepting (?:any |network )?(?:mail|messages)|null mx|no mx (?:records?|found)|does not receive mail|accepts no mail|indicated no smtp service/i,
  ],
  [
    'expired',
    /message will be retried|did not accept our requests to connect|delayed for more than|could not deliver for the last/i,
  ],
  [
    'hostunknown',
    /domain (?:is )?not reachable|host (?:or domain name )?(?:not found|unknown)|host [a-z0-9.-]{1,255} not found|unknown host|domain (?:name )?(?:not found|does not exist|doesn'?t exist)|no such domain|unrouteable (?:mail )?domain|name or service not known|nxdomain|illegal host\/domain|unknown domain|dns error: (?:domain|dns type)|could not be resolved|domain (?:is )?(?:not (?:valid|registered))/i,
  ],
  [
    'suspend',
    /(?:account|mailbox|user) (?:has been |is |was )?(?:disabled|suspended|deactivated|inactive|locked|frozen|closed|expired)|(?:disabled|suspended|inactive|deactivated) (?:account|mailbox|user)|not an active|temporarily (?:disabled|unavailable)/i,
  ],
  [
    'userunknown',
    /doesn't have an? .{1,60}? account|address could ?n[o']t be found|recipient address rejected(?:: (?:access denied|invalid|unknown|user ?unknown|no such)|\.)|user(?:name)? (?:unknown|not found|does ?n[o']t exist|doesn't exist|invalid)|unknown (?:user|recipient|local[- ]part|mailbox|address|account)|no such (?:user|mailbox|recipient|person|account|address)|(?:mailbox|recipient|address|account|addressee) (?:does ?n[o']t|doesn't|did not|does not) exist|(?:mailbox|recipient|addressee|address) (?:is )?(?:not found|unknown|invalid|unavailable)|invalid (?:recipient|mailbox|address|user)|bad destination mailbox|recipient not found|no mailbox (?:here|by that name)|not a valid (?:mailbox|user|recipient)|unrouteable address|undeliverable address|recipientnotfound|account that you tried to reach does not exist|check (?:if|whether|that) (?:the )?(?:recipient(?:'s)? )?address is correct|is not a known user|no longer (?:valid|exists|in use)|not listed in|user not exist|mailbox unavailable|no valid recipients?|not our customer|unknown or illegal alias/i,
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
    /sender (?:address )?(?:rejected|denied|verify failed|unknown|not allowed)|not (?:a )?member of|\bNOT MEMBER\b|(?:not have|without) permission to post|not allowed to post|envelope sender|from address (?:rejected|not allowed)|domain of sender|your address has been rejected|sender .{0,60}? rejected|rejected your message|refused by recipient|recipient has refused/i,
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
  // Mailing-list managers (fml) refuse a looping or repeated post: their system's decision.
  ['systemerror', /duplicated message-id|loop (?:alert|back warning)|detected a loop condition/i],
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

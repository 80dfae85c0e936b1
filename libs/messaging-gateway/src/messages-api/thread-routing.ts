import type { GatewaySettings } from '../core/options/gateway-options.schema';

/** Mailbox and priority of a new thread. @publicApi */
export interface ThreadRouting {
  mailbox: string;
  priority: 'vip' | 'priority' | 'standard';
}

export interface RoutingInput {
  /** Lower-cased recipient addresses: To, Cc, Delivered-To / X-Original-To, envelope. */
  recipients: string[];
  sender: string;
  subject: string;
  /** `Importance: high` or `X-Priority: 1|2`. */
  markedImportant: boolean;
}

const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Applies `routing`: the first mailbox rule that matches a recipient's local part (without a
 * `+tag`, RFC 5233) wins; addresses at the reply domain are skipped, they say nothing about the
 * mailbox. Priority: `vip` for listed senders or @domains, `priority` for a keyword in the
 * subject or an Importance/X-Priority header, else `standard`.
 */
export function routeThread(
  input: RoutingInput,
  routing: Required<GatewaySettings<'routing'>>,
  replyDomain: string,
): ThreadRouting {
  const localParts = input.recipients
    .filter((address) => !address.endsWith(`@${replyDomain}`))
    .map((address) => address.slice(0, address.lastIndexOf('@')).split('+')[0]);
  const rule = routing.mailboxRules.find((candidate) => localParts.some((local) => candidate.localPart.test(local)));
  return { mailbox: rule?.mailbox ?? routing.defaultMailbox, priority: priorityOf(input, routing) };
}

function priorityOf(input: RoutingInput, routing: Required<GatewaySettings<'routing'>>): ThreadRouting['priority'] {
  const sender = input.sender.toLowerCase();
  const domain = sender.slice(sender.lastIndexOf('@'));
  const vip = routing.vipSenders.some((entry) => {
    const wanted = entry.trim().toLowerCase();
    return wanted.startsWith('@') ? domain === wanted : sender === wanted;
  });
  if (vip) return 'vip';
  const keywords = routing.priorityKeywords.filter((word) => word.trim() !== '');
  const keywordHit =
    keywords.length > 0 &&
    new RegExp(`(^|[^\\p{L}\\p{N}])(${keywords.map(escape).join('|')})($|[^\\p{L}\\p{N}])`, 'iu').test(input.subject);
  return keywordHit || input.markedImportant ? 'priority' : 'standard';
}

import { imapBench } from './imap.bench';
import { inboundBench } from './inbound.bench';
import { inboundScaleBench } from './inbound-scale.bench';
import { webhookBench } from './webhook.bench';
import { outboundBench } from './outbound.bench';
import { senderAuthBench } from './sender-auth.bench';

/**
 * The bench sections, in the order they run. Each returns the figures of its key in the final
 * JSON line: inbound, inboundScale, senderAuth, webhook, outbound, imap. Add a section by adding a
 * file beside this one and one line here.
 */
export const sections: Record<string, () => Promise<Record<string, number>>> = {
  inbound: inboundBench,
  inboundScale: inboundScaleBench,
  senderAuth: senderAuthBench,
  webhook: webhookBench,
  outbound: outboundBench,
  imap: imapBench,
};

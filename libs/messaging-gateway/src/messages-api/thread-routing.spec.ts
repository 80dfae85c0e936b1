import { resolveMessagingGatewayOptions } from '../core/options/resolve-options';
import { routeThread } from './thread-routing';

const routing = (extra = {}) =>
  resolveMessagingGatewayOptions({
    env: {},
    replyTokens: { domain: 'reply.example.com', secrets: [{ kid: '1', secret: 'a3f1c9e07b5d2468ace13579bdf02468' }] },
    messagesApi: { baseUrl: 'http://localhost/api', apiKey: 'k' },
    outbound: { enabled: false },
    routing: extra,
  }).routing;

const input = (over: Partial<Parameters<typeof routeThread>[0]> = {}) => ({
  recipients: ['support@example.com'],
  sender: 'ann@example.org',
  subject: 'Hello',
  markedImportant: false,
  ...over,
});

describe('routeThread', () => {
  it('applies the default mailbox rules to any recipient, ignoring +tags and the reply domain', () => {
    expect(routeThread(input({ recipients: ['DMCA@example.com'] }), routing(), 'reply.example.com').mailbox).toBe(
      'dmca',
    );
    expect(
      routeThread(input({ recipients: ['partnerships+x@example.com'] }), routing(), 'reply.example.com').mailbox,
    ).toBe('business');
    expect(
      routeThread(input({ recipients: ['hi@example.com', 'fans@example.com'] }), routing(), 'reply.example.com')
        .mailbox,
    ).toBe('fans');
    expect(routeThread(input({ recipients: ['dmca@reply.example.com'] }), routing(), 'reply.example.com').mailbox).toBe(
      'general',
    );
    expect(routeThread(input(), routing(), 'reply.example.com')).toEqual({ mailbox: 'general', priority: 'standard' });
  });

  it('gives vip to listed senders and domains, priority to keywords and Importance headers', () => {
    const r = routing({ vipSenders: ['boss@example.org', '@vip.example'] });
    expect(routeThread(input({ sender: 'boss@example.org' }), r, 'x').priority).toBe('vip');
    expect(routeThread(input({ sender: 'a@vip.example', subject: 'urgent' }), r, 'x').priority).toBe('vip');
    expect(routeThread(input({ sender: 'a@notvip.example' }), r, 'x').priority).toBe('standard');
    expect(routeThread(input({ subject: 'URGENT: site down' }), r, 'x').priority).toBe('priority');
    expect(routeThread(input({ subject: 'insurgent fiction' }), r, 'x').priority).toBe('standard');
    expect(routeThread(input({ markedImportant: true }), r, 'x').priority).toBe('priority');
  });
});

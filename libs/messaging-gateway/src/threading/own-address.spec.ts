import { isOwnAddress } from './own-address';

describe('isOwnAddress (mail-loop guard)', () => {
  const own = { from: 'Support@Shop.example', replyDomain: 'reply.shop.example' };

  it('matches SMTP_FROM in any case and anything at the reply domain or below', () => {
    expect(isOwnAddress('support@shop.example', own)).toBe(true);
    expect(isOwnAddress('<SUPPORT@SHOP.EXAMPLE>', own)).toBe(true);
    expect(isOwnAddress('reply+k1.abc@reply.shop.example', own)).toBe(true);
    expect(isOwnAddress('bounces@mx.reply.shop.example', own)).toBe(true);
  });

  it('does not match customers, look-alike domains or nothing', () => {
    expect(isOwnAddress('jane@customer.example', own)).toBe(false);
    expect(isOwnAddress('x@evilreply.shop.example', own)).toBe(false);
    expect(isOwnAddress('sales@shop.example', own)).toBe(false);
    expect(isOwnAddress(null, own)).toBe(false);
    expect(isOwnAddress('no-at-sign', own)).toBe(false);
    expect(isOwnAddress('a@reply.shop.example', {})).toBe(false);
  });
});

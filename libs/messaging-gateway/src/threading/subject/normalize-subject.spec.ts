import { normalizeSubject, subjectKey } from './normalize-subject';

const STRIPPED: Array<[string, string]> = [
  ['Re: Invoice 42', 'Invoice 42'],
  ['RE: RE: FW: Invoice 42', 'Invoice 42'],
  ['re:fwd:Fw:FWD: Invoice', 'Invoice'],
  ['AW: WG: Angebot', 'Angebot'],
  ['SV: VS: Tilbud', 'Tilbud'],
  ['VB: Sv: Offert', 'Offert'],
  ['Vs: VL: Tarjous', 'Tarjous'],
  ['Rif: R: I: Preventivo', 'Preventivo'],
  ['Réf : TR : Devis', 'Devis'],
  ['RE : Ré: Ref: Devis', 'Devis'],
  ['Re\u0301: decomposed accent', 'decomposed accent'],
  ['RV: RES: ENC: Enc: Orçamento', 'Orçamento'],
  ['Antw: Doorst: Offerte', 'Offerte'],
  ['Odp: PD: Oferta', 'Oferta'],
  ['YNT: İLT: Teklif', 'Teklif'],
  ['ilt: Ynt: Teklif', 'Teklif'],
  ['Vá: Tov: Ajánlat', 'Ajánlat'],
  ['Απ: ΣΧΕΤ: ΠΡΘ: Προσφορά', 'Προσφορά'],
  ['Отв: Пересл: Ответ: Счёт', 'Счёт'],
  ['回复：转发：报价', '报价'],
  ['回覆: 轉寄: 報價', '報價'],
  ['答复: 答覆：报价', '报价'],
  ['返信：転送: 見積もり', '見積もり'],
  ['회신: 전달: 견적', '견적'],
  ['Re[2]: Invoice', 'Invoice'],
  ['Re(3): Invoice', 'Invoice'],
  ['RE^4: Invoice', 'Invoice'],
  ['Re [2]: Invoice', 'Invoice'],
  ['Re：Invoice', 'Invoice'],
  ['[support] Re: Invoice', 'Invoice'],
  ['Re: [support] Re: Invoice', 'Invoice'],
  ['[Ticket #123] RE: [EXTERNAL] Invoice', 'Invoice'],
  ['[Fwd: Invoice 42]', 'Invoice 42'],
  ['Re: [Fwd: Invoice 42]', 'Invoice 42'],
  ['  Re:\r\n\tInvoice \u00a0 42\t', 'Invoice 42'],
  ['Re: Re: ', ''],
  ['[support]', ''],
];

const KEPT: string[] = [
  'Reply needed',
  'Really?',
  'Rfc 5322 question',
  'TRUE or false',
  'Re',
  'Regarding: the invoice',
  'Fwd of the package',
  'Answer: 42',
  'Re2: not a counter we strip',
  'Re[: broken counter',
  'Rer: nope',
  'Invoice Re: 42',
  '[unclosed tag Re: x',
  '[] empty tag',
  `[${'x'.repeat(80)}] too long to be a tag`,
  'Ｒｅ： full-width letters are not a prefix',
  'RE-Invoice',
  '回复邮件：不是前缀',
];

describe('normalizeSubject', () => {
  it.each(STRIPPED)('strips %j', (subject, expected) => {
    expect(normalizeSubject(subject)).toBe(expected);
  });

  it.each(KEPT)('keeps %j', (subject) => {
    expect(normalizeSubject(subject)).toBe(subject);
  });

  it('keeps the case of the remaining text, and subjectKey lowercases it for matching', () => {
    expect(normalizeSubject('RE: Order ABC-12 Shipped')).toBe('Order ABC-12 Shipped');
    expect(subjectKey('RE: Order ABC-12 Shipped')).toBe('order abc-12 shipped');
    expect(subjectKey('Fwd: ＯＲＤＥＲ 12')).toBe('order 12');
    expect(subjectKey('Re: Order abc-12 shipped')).toBe(subjectKey('order ABC-12 SHIPPED'));
  });

  it('returns "" for missing subjects and never leaves CR, LF or other controls', () => {
    expect(normalizeSubject(undefined)).toBe('');
    expect(normalizeSubject(null)).toBe('');
    expect(normalizeSubject(42 as unknown as string)).toBe('');
    expect(normalizeSubject('Re: a\r\nBcc: victim@example.org\u0000\u001b[31m')).toBe('a Bcc: victim@example.org [31m');
  });

  it('is idempotent, trimmed and single-line on every listed case and 20,000 random mixes of prefixes, tags and text', () => {
    const cases = [...STRIPPED.map(([subject]) => subject), ...KEPT];
    for (const subject of cases) expect(normalizeSubject(normalizeSubject(subject))).toBe(normalizeSubject(subject));
    const parts = ['Re', 'RE', 'Fwd', 'AW', 'İLT', '回复', 'Reply', '[2]', '(3)', '^', ':', '：', ' ', '  ', '[', ']',
      '[tag]', '[Fwd:', 'x', 'Invoice', '\r\n', '\t', 'é', 'ΣΧΕΤ', '#1']; // prettier-ignore
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const failures: string[] = [];
    for (let n = 0; n < 20_000; n++) {
      let subject = '';
      const length = 1 + Math.floor(random() * 12);
      for (let k = 0; k < length; k++) subject += parts[Math.floor(random() * parts.length)];
      const once = normalizeSubject(subject);
      const stable = normalizeSubject(once) === once && subjectKey(once) === subjectKey(subject);
      if (!stable || /[\r\n\t]/.test(once) || once !== once.trim()) failures.push(subject);
    }
    expect(failures).toEqual([]);
  });

  it('handles hostile lengths in one pass (1 MB of prefixes, tags and brackets)', () => {
    expect(normalizeSubject(`${'Re: '.repeat(250_000)}Invoice`)).toBe('Invoice');
    expect(normalizeSubject(`${'[a] '.repeat(250_000)}Invoice`)).toBe('Invoice');
    expect(normalizeSubject('['.repeat(1_000_000))).toBe('['.repeat(1_000_000));
    expect(normalizeSubject(`${'[Fwd: '.repeat(100_000)}x${']'.repeat(100_000)}`)).toBe('x');
    expect(normalizeSubject(`Re${'e'.repeat(1_000_000)}: x`)).toHaveLength(1_000_005);
  });
});

import { randomBytes } from 'node:crypto';

/**
 * Realistic inbound mail for the bench: two thirds plain-text replies of 1–4 KB, a fifth
 * multipart/alternative with HTML of 5–20 KB, the rest with a 50–300 KB attachment.
 */
export function benchEmails(count: number, seed = 'bench'): Buffer[] {
  return Array.from({ length: count }, (_, i) => {
    const kind = i % 15;
    const from = `Customer ${i} <customer${i}@example.org>`;
    const id = `${seed}-${i}-${randomBytes(6).toString('hex')}@mail.example.org`;
    const head = `From: ${from}\r\nTo: support@bench.example\r\nSubject: Question ${i} about my order\r\nDate: Sun, 22 Nov 2026 10:00:00 +0000\r\nMessage-ID: <${id}>\r\nMIME-Version: 1.0\r\n`;
    const words = lorem(1000 + ((i * 97) % 3000));
    if (kind < 10) {
      const quoted = words
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\r\n');
      return Buffer.from(
        `${head}Content-Type: text/plain; charset=UTF-8\r\n\r\nThanks, that helps. Grüße!\r\n\r\nOn Sat, Nov 21, 2026 Support wrote:\r\n${quoted}\r\n`,
      );
    }
    const b = `b${i}`;
    const html =
      `<div dir="ltr"><p>${words.replace(/\n/g, '</p><p>')}</p><img src="cid:logo" onerror="x()"></div>`.repeat(
        1 + (i % 4),
      );
    const alternative = `--${b}\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n${words}\r\n--${b}\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n${html}\r\n--${b}--\r\n`;
    if (kind < 13)
      return Buffer.from(`${head}Content-Type: multipart/alternative; boundary="${b}"\r\n\r\n${alternative}`);
    const m = `m${i}`;
    const file = randomBytes(50_000 + ((i * 7919) % 250_000))
      .toString('base64')
      .replace(/(.{76})/g, '$1\r\n');
    return Buffer.from(
      `${head}Content-Type: multipart/mixed; boundary="${m}"\r\n\r\n--${m}\r\nContent-Type: multipart/alternative; boundary="${b}"\r\n\r\n${alternative}\r\n` +
        `--${m}\r\nContent-Type: application/pdf; name="invoice-${i}.pdf"\r\nContent-Disposition: attachment; filename="invoice-${i}.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${file}\r\n--${m}--\r\n`,
    );
  });
}

function lorem(chars: number): string {
  const text = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore. ';
  const lines: string[] = [];
  let total = 0;
  while (total < chars) {
    lines.push(text.slice(0, 60 + (total % 40)));
    total += lines[lines.length - 1].length;
  }
  return lines.join('\n');
}

import { multipartBody } from '../webhook-request.test-support';
import { parseMultipart, parseUrlEncoded } from './form-body';

const limits = { maxBytes: 1024 * 1024 };

describe('form bodies keep bytes', () => {
  it('percent-decodes urlencoded values to the exact bytes, + as space', () => {
    const form = parseUrlEncoded(Buffer.from('a=caf%E9+ok&b=%C3%A9&empty=&flag'), limits);
    expect(form.bytes('a')).toEqual(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b]));
    expect(form.text('b')).toBe('é');
    expect(form.text('empty')).toBe('');
    expect(form.has('flag')).toBe(true);
  });

  it('refuses a repeated field instead of picking one', () => {
    expect(() => parseUrlEncoded(Buffer.from('signature=a&signature=b'), limits).bytes('signature')).toThrow(
      expect.objectContaining({ code: 'EGW_WEBHOOK_MALFORMED' }),
    );
  });

  it('keeps every byte of multipart fields without a charset and of files', async () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const { body, contentType } = multipartBody(
      [['email', all]],
      [{ field: 'attachment1', filename: 'a.bin', contentType: 'application/octet-stream', content: all }],
    );
    const form = await parseMultipart(body, contentType, limits);
    expect(Buffer.compare(form.bytes('email')!, all)).toBe(0);
    expect(Buffer.compare(form.files[0].content, all)).toBe(0);
    expect(form.files[0]).toMatchObject({ field: 'attachment1', filename: 'a.bin' });
  });

  it('refuses broken or oversized multipart bodies as malformed', async () => {
    await expect(parseMultipart(Buffer.from('x'), 'multipart/form-data', limits)).rejects.toMatchObject({
      code: 'EGW_WEBHOOK_MALFORMED',
    });
    const { body, contentType } = multipartBody([['big', Buffer.alloc(2048, 0x61)]]);
    await expect(parseMultipart(body, contentType, { maxBytes: 1024 })).rejects.toMatchObject({
      code: 'EGW_WEBHOOK_MALFORMED',
    });
    const many = multipartBody(Array.from({ length: 20 }, (_, i): [string, string] => [`f${i}`, 'v']));
    await expect(parseMultipart(many.body, many.contentType, { maxBytes: 1024, maxFields: 10 })).rejects.toMatchObject({
      code: 'EGW_WEBHOOK_MALFORMED',
    });
  });
});

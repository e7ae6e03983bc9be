import { describe, expect, it } from 'vitest';
import { attachmentDisposition } from './content-disposition.ts';

describe('attachmentDisposition (RFC 6266)', () => {
  it('gives an ASCII fallback without quotes or backslashes, and the UTF-8 name percent-encoded', () => {
    expect(attachmentDisposition('Identité_42.pdf')).toBe(`attachment; filename="Identite_42.pdf"; filename*=UTF-8''Identit%C3%A9_42.pdf`);
    expect(attachmentDisposition('a"b\\c.pdf')).toBe(`attachment; filename="abc.pdf"; filename*=UTF-8''a%22b%5Cc.pdf`);
  });
});

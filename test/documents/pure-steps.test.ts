import { describe, expect, it } from 'vitest';
import { DocumentError, documentProblem, downloadName, sniff, statementText } from '../../src/documents/index.ts';
import { wrapLines } from '../../src/documents/statement-text.ts';
import { assemblePdf } from '../../src/documents/assemble-pdf.ts';
import { toPgm } from '../../src/documents/detect-codes.ts';
import { A4_150 } from '../../src/documents/a4.ts';
import { DEFAULT_LIMITS } from '../../src/documents/limits.ts';
import { emptyStore, openPdf, renderPdfPage } from '../../src/documents/render-pdf.ts';
import { scannedPdf, textPdf } from '../../scripts/documents/synthetic.ts';
import { openOutput } from './support/inspect.ts';

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (s: string) => new TextEncoder().encode(s);

describe('sniff: the type from magic bytes at offset 0', () => {
  it('recognises PDF, JPEG, PNG and HEIC/HEIF brands', () => {
    expect(sniff(text('%PDF-1.7\n'))).toBe('pdf');
    expect(sniff(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('jpeg');
    expect(sniff(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('png');
    expect(sniff(bytes(0, 0, 0, 24, ...text('ftypheic'), 0, 0, 0, 0, ...text('mif1heic')))).toBe('heif');
    expect(sniff(bytes(0, 0, 0, 24, ...text('ftypavif'), 0, 0, 0, 0, ...text('mif1avif')))).toBe('heif');
  });

  it('refuses what is not one of them, and a PDF header hidden after other bytes', () => {
    expect(sniff(new Uint8Array())).toBeNull();
    expect(sniff(text('PK\x03\x04'))).toBeNull();
    expect(sniff(text('<html>%PDF-1.4'))).toBeNull();
    expect(sniff(bytes(0, 0, 0, 24, ...text('ftypmp42')))).toBeNull();
  });
});

describe('downloadName (§10.1)', () => {
  it('prefixes the label and id with the owner’s normalised name', () => {
    expect(downloadName({ category: 'IDENTIFICATION', subCategory: 'FRENCH_IDENTITY_CARD', documentId: 42, owner: { firstName: 'Élodie', lastName: "d'Arc-Müller" } }))
      .toBe('Elodie_D_ARC_MULLER_Identité_42.pdf');
    expect(downloadName({ category: 'FINANCIAL', subCategory: 'SALARY', documentId: 7, owner: { firstName: 'Jean', lastName: 'Dupont' } }))
      .toBe('Jean_DUPONT_Ressources_revenus_7.pdf');
    expect(downloadName({ category: 'IDENTIFICATION', subCategory: 'FRENCH_PASSPORT', documentId: 3, owner: {} })).toBe('Passeport_3.pdf');
    expect(downloadName({ category: 'UNKNOWN', documentId: '../../x', owner: { firstName: '/' } })).toBe('Document_x.pdf');
  });
});

describe('errors', () => {
  it('read as the partner’s "field: message" problem', () => {
    expect(documentProblem(new DocumentError('PASSWORD_PROTECTED'))).toBe('documents: the PDF is password-protected: upload a copy without a password');
    expect(new DocumentError('TOO_MANY_PAGES', '1000 pages, at most 100').message).toBe('the PDF has too many pages (1000 pages, at most 100)');
  });
});

describe('statements (§4.4)', () => {
  it('swears for TAX, explains for FINANCIAL, with the date and the tenant’s text', () => {
    const date = new Date('2026-03-05T12:00:00Z');
    expect(statementText({ kind: 'TAX_MY_PARENTS', ownerName: 'Jeanne Martin', date }).paragraphs[0]).toBe("Je soussigné·e Jeanne Martin, atteste sur l'honneur que :");
    const financial = statementText({ kind: 'FINANCIAL', ownerName: 'Jeanne Martin', customText: ' Étudiante sans revenus. ', date });
    expect(financial.paragraphs).toContain('Étudiante sans revenus.');
    expect(financial.paragraphs).toContain('Le 05/03/2026.');
  });

  it('wraps lines between words and splits a word longer than a line', () => {
    const measure = (s: string) => s.length;
    expect(wrapLines('aa bb cc dd', 5, measure)).toEqual(['aa bb', 'cc dd']);
    expect(wrapLines('abcdefghijkl', 5, measure)).toEqual(['abcde', 'fghij', 'kl']);
  });
});

describe('assemblePdf', () => {
  it('writes a PDF that mupdf reads without repair, one A4 page per JPEG', async () => {
    const sharp = (await import('sharp')).default;
    const jpeg = new Uint8Array(await sharp({ create: { width: 124, height: 175, channels: 3, background: '#808080' } }).jpeg().toBuffer());
    const pdf = assemblePdf([{ jpeg, width: 124, height: 175 }, { jpeg, width: 124, height: 175 }], { title: 'Identité à vérifier', creationDate: new Date('2026-01-02T03:04:05Z') });
    const doc = openOutput(pdf);
    expect(doc.countPages()).toBe(2);
    expect(doc.wasRepaired()).toBe(false);
    expect(doc.getMetaData('info:Title')).toBe('Identité à vérifier');
    expect(doc.getMetaData('info:CreationDate')).toBe('D:20260102030405Z');
  });
});

describe('toPgm: the page in grey for zxing', () => {
  const greyOf = (r: number, g: number, b: number) => (306 * r + 601 * g + 117 * b + 512) >> 10;
  const page = (width: number, height: number, offset: number) => {
    const data = new Uint8Array(width * height * 3 + offset).map((_, i) => (i * 151 + 7) & 255).subarray(offset);
    return { width, height, data };
  };

  it('writes a PGM header padded to 4 bytes, then zxing-cpp’s luminance of every pixel, on word-aligned and unaligned pixels', () => {
    // 7 × 3: 21 pixels, 5 words of 4 and one pixel left over; offset 1: not on a 32-bit word.
    for (const [width, height, offset] of [[7, 3, 0], [7, 3, 1], [1240, 2, 0]] as const) {
      const input = page(width, height, offset);
      const pgm = toPgm(input);
      const header = `P5\n${width} ${height}\n`;
      const start = pgm.length - width * height;
      expect(start % 4).toBe(0);
      expect(new TextDecoder().decode(pgm.subarray(0, start))).toMatch(new RegExp(`^${header} *255\n$`));
      const expected = Array.from({ length: width * height }, (_, i) => greyOf(input.data[i * 3]!, input.data[i * 3 + 1]!, input.data[i * 3 + 2]!));
      expect(Array.from(pgm.subarray(start))).toEqual(expected);
    }
  });
});

describe('openPdf: whether mupdf’s store must be emptied after every page', () => {
  it('says a file has images when it embeds one, and not for a text-only file, whose pages draw the same with the store kept', async () => {
    const scanned = openPdf(await scannedPdf(2, { distinct: 1 }), DEFAULT_LIMITS);
    const text = openPdf(textPdf(3), DEFAULT_LIMITS);
    try {
      expect(scanned.hasImages).toBe(true);
      expect(text.hasImages).toBe(false);
      const emptied = [0, 1, 2].map((i) => renderPdfPage(text.doc, i).data);
      const kept = [0, 1, 2].map((i) => renderPdfPage(text.doc, i, A4_150, { emptyStore: false }).data);
      for (let i = 0; i < 3; i++) expect(Buffer.compare(kept[i]!, emptied[i]!)).toBe(0);
      expect(Buffer.compare(kept[0]!, kept[1]!)).not.toBe(0);
    } finally {
      scanned.doc.destroy();
      text.doc.destroy();
      emptyStore();
    }
  });
});

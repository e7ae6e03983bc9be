import * as mupdf from 'mupdf';
import { describe, expect, it } from 'vitest';
import { joinChunks } from './assemble-pdf.ts';
import { StreamingPdfWriter } from './pdf-writer.ts';

describe('StreamingPdfWriter', () => {
  it('writes a PDF whose cross-reference points at every object, pages in the order added, the JPEGs copied through', () => {
    const writer = new StreamingPdfWriter();
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
    const chunks = [
      ...writer.textPage(new TextEncoder().encode('BT /F1 12 Tf 56 780 Td (Dossier) Tj ET')),
      ...writer.imagePage({ jpeg, width: 1240, height: 1754 }),
      ...writer.textPage(new TextEncoder().encode('BT /F2 16 Tf 56 780 Td (Titre) Tj ET')),
      ...writer.finish({ title: 'Dossier de location', creationDate: new Date('2026-03-02T10:00:00Z') }),
    ];
    // The image bytes are passed as the same array, not copied.
    expect(chunks).toContain(jpeg);
    const bytes = Buffer.from(joinChunks(chunks));
    const text = bytes.toString('latin1');
    const xrefAt = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
    expect(text.slice(xrefAt, xrefAt + 5)).toBe('xref\n');
    const [, count] = /^xref\n0 (\d+)\n/.exec(text.slice(xrefAt))!;
    const entries = text.slice(xrefAt).split('\n').slice(3, 2 + Number(count));
    expect(entries).toHaveLength(Number(count) - 1);
    entries.forEach((entry, i) => {
      const offset = Number(entry.slice(0, 10));
      expect(text.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
    });
    expect(text).toContain('/Type /Pages /Count 3 /Kids [6 0 R 8 0 R 11 0 R]');
    expect(writer.pageCount).toBe(3);
    const doc = new mupdf.PDFDocument(bytes);
    expect([doc.countPages(), doc.wasRepaired()]).toEqual([3, false]);
    expect(doc.loadPage(0).toStructuredText('preserve-whitespace').asText().trim()).toBe('Dossier');
  });
});

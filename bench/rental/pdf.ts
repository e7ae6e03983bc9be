/** A one-page PDF padded to exactly `size` bytes (a comment block, as scanners' PDFs carry images). */
export function pdfOf(size: number): Buffer {
  const head = Buffer.from(
    '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n',
    'latin1',
  );
  const tail = Buffer.from('\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
  const padding = Buffer.alloc(size - head.length - tail.length, '% scanned image bytes ................................................\n');
  return Buffer.concat([head, padding, tail]);
}

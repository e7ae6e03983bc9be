/**
 * Writes the hostile-input corpus to test/fixtures/hostile/ (run: npx tsx scripts/documents/make-hostile-corpus.ts).
 * Every file is made here from nothing; none is downloaded. The files are small and committed, so
 * the tests do not depend on this script's tools: photo.heic needs `heif-enc` (Debian
 * libheif-examples) and is kept as committed when the tool is missing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import * as mupdf from 'mupdf';
import sharp from 'sharp';
import { exifRotatedJpeg, scanJpeg, textPdf } from './synthetic.ts';

const OUT = path.resolve(import.meta.dirname, '../../test/fixtures/hostile');

/** A PDF from object bodies (object n is bodies[n-1]), with a correct cross-reference table. */
export function rawPdf(bodies: (string | Buffer)[], trailer = '/Root 1 0 R'): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let at = parts[0]!.length;
  bodies.forEach((body, i) => {
    offsets.push(at);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'), Buffer.from('\nendobj\n')]);
    parts.push(chunk);
    at += chunk.length;
  });
  const xref = [`xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${bodies.length + 1} ${trailer} >>\nstartxref\n${at}\n%%EOF\n`));
  return Buffer.concat(parts);
}

function stream(dict: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`), data, Buffer.from('\nendstream')]);
}

const onePage = (mediaBox = '0 0 595 842', extraCatalog = '') => [
  `<< /Type /Catalog /Pages 2 0 R ${extraCatalog} >>`,
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  `<< /Type /Page /Parent 2 0 R /MediaBox [${mediaBox}] /Contents 4 0 R /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>`,
  stream('', Buffer.from('BT /F1 24 Tf 72 720 Td (Hostile but readable) Tj ET')),
];

function crc32(data: Buffer): number {
  let c = ~0;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}

/** A PNG declaring width × height (greyscale, `bits` per pixel) whose rows are all zero. */
function zeroPng(width: number, height: number, bits: number, rowsToWrite = height): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(bits, 8);
  const rowBytes = 1 + Math.ceil((width * bits) / 8);
  const idat = zlib.deflateSync(Buffer.alloc(rowBytes * rowsToWrite), { level: 9 });
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]);
}

function write(name: string, data: Uint8Array) {
  fs.writeFileSync(path.join(OUT, name), data);
  console.log(`${name.padEnd(32)} ${String(data.byteLength).padStart(9)} bytes`);
}

fs.mkdirSync(OUT, { recursive: true });
const text = textPdf(1);

// Encryption: a user password stops reading; an owner password alone (empty user password) does not.
const encrypt = (options: string) => new Uint8Array(new mupdf.PDFDocument(text).saveToBuffer(options).asUint8Array());
write('encrypted-user-password.pdf', encrypt('encrypt=aes-256,user-password=secret,owner-password=owner'));
write('encrypted-owner-only.pdf', encrypt('encrypt=aes-128,owner-password=owner'));

// Active content: JavaScript on open, a form action and an attached executable. Rasterising drops them.
write('javascript-attachment.pdf', rawPdf([
  ...onePage('0 0 595 842', '/OpenAction 5 0 R /Names << /EmbeddedFiles << /Names [(payload.exe) 6 0 R] >> /JavaScript << /Names [(init) 5 0 R] >> >>'),
  '<< /Type /Action /S /JavaScript /JS (app.alert\\("pwned"\\); this.exportDataObject\\({cName: "payload.exe", nLaunch: 2}\\);) >>',
  '<< /Type /Filespec /F (payload.exe) /EF << /F 7 0 R >> >>',
  stream('/Type /EmbeddedFile', Buffer.from('MZ\x90\x00not really an executable', 'latin1')),
]));

write('truncated.pdf', text.subarray(0, Math.floor(text.byteLength / 2)));
write('corrupt.pdf', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 251))]));
write('truncated.jpg', (await scanJpeg(400, 300)).subarray(0, 3000));

// Polyglots: what follows the real content is dropped with it; a PDF hidden behind HTML is refused.
const zip = Buffer.from('PK\x03\x04\x14\x00\x00\x00\x00\x00' + 'evil.html'.padEnd(40, '\0') + 'PK\x05\x06' + '\0'.repeat(18), 'latin1');
write('polyglot-pdf-zip.pdf', Buffer.concat([rawPdf(onePage()), zip]));
write('polyglot-jpeg-html.jpg', Buffer.concat([await scanJpeg(400, 300), Buffer.from('<html><script>alert(document.cookie)</script></html>')]));
write('polyglot-html-pdf.pdf', Buffer.concat([Buffer.from('<html><body>hello</body></html>\n'), rawPdf(onePage())]));

// Pixel flood: a 50 000 × 50 000 header over almost no data. Decompression bomb: 400 Mpx of zeros in 50 kB.
write('pixel-flood.png', zeroPng(50_000, 50_000, 1, 1));
write('decompression-bomb.png', zeroPng(20_000, 20_000, 1));
// The same bomb as an image inside a PDF: 30 000 × 30 000 1-bit pixels of zeros.
const bombImage = zlib.deflateSync(Buffer.alloc((30_000 / 8) * 30_000), { level: 9 });
write('decompression-bomb.pdf', rawPdf([
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im0 5 0 R >> >> >>',
  stream('', Buffer.from('q 595 0 0 842 0 0 cm /Im0 Do Q')),
  stream('/Type /XObject /Subtype /Image /Width 30000 /Height 30000 /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode', bombImage),
]));

write('huge-page.pdf', rawPdf(onePage('0 0 14400 14400')));

// 1000 pages sharing one content stream: small on disk, beyond any category's page limit.
const pages = Array.from({ length: 1000 }, () => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>');
write('thousand-pages.pdf', rawPdf([
  '<< /Type /Catalog /Pages 2 0 R >>',
  `<< /Type /Pages /Count 1000 /Kids [${pages.map((_, i) => `${i + 4} 0 R`).join(' ')}] >>`,
  stream('', Buffer.from('0 0 1 rg 72 72 100 100 re f')),
  ...pages,
]));

write('empty.pdf', new Uint8Array(0));
write('exif-rotated.jpg', await exifRotatedJpeg());

// HEIC (HEVC in HEIF): made with heif-enc from a PNG when the tool is installed.
const heicPath = path.join(OUT, 'photo.heic');
try {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-heic-'));
  const png = path.join(tmp, 'photo.png');
  await sharp({ create: { width: 600, height: 400, channels: 3, background: { r: 30, g: 120, b: 200 } } })
    .composite([{ input: { create: { width: 300, height: 400, channels: 3, background: { r: 240, g: 200, b: 40 } } }, left: 0, top: 0 }])
    .png()
    .toFile(png);
  execFileSync('heif-enc', ['-q', '60', '-o', heicPath, png], { stdio: 'ignore' });
  fs.rmSync(tmp, { recursive: true });
  write('photo.heic', fs.readFileSync(heicPath));
} catch {
  console.log(`photo.heic: heif-enc unavailable, ${fs.existsSync(heicPath) ? 'keeping the committed file' : 'NOT WRITTEN'}`);
}

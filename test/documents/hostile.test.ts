import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DocumentError, DocumentPool, documentProblem, type DocumentErrorCode } from '../../src/documents/index.ts';
import { extractText, openOutput, pagePixels, pageSize, pixel } from './support/inspect.ts';

// The corpus is made by scripts/documents/make-hostile-corpus.ts and committed (it is small).
const DIR = path.resolve(import.meta.dirname, '../fixtures/hostile');
const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(DIR, name)));

const pool = new DocumentPool({ size: 2, timeoutMs: 30_000 });
afterAll(() => pool.close());

async function refused(name: string): Promise<DocumentError> {
  const error = await pool.run({ files: [read(name)], title: 't', seed: 1 }).then(() => null, (e: unknown) => e);
  expect(error, name).toBeInstanceOf(DocumentError);
  return error as DocumentError;
}

describe('hostile input: a specific error, never a crash or a hang', () => {
  const cases: [string, DocumentErrorCode, string][] = [
    ['empty.pdf', 'EMPTY_FILE', 'documents: the file is empty'],
    ['encrypted-user-password.pdf', 'PASSWORD_PROTECTED', 'documents: the PDF is password-protected: upload a copy without a password'],
    ['corrupt.pdf', 'CORRUPT_FILE', 'documents: the file is damaged or truncated and cannot be read'],
    ['truncated.jpg', 'CORRUPT_FILE', 'documents: the file is damaged or truncated and cannot be read'],
    ['polyglot-html-pdf.pdf', 'UNSUPPORTED_TYPE', 'documents: invalid file type: only PDF, JPEG, PNG and HEIC/HEIF files are accepted'],
    ['pixel-flood.png', 'IMAGE_TOO_LARGE', 'documents: the image has too many pixels (50000×50000)'],
    ['decompression-bomb.png', 'IMAGE_TOO_LARGE', 'documents: the image has too many pixels (20000×20000)'],
    ['decompression-bomb.pdf', 'IMAGE_TOO_LARGE', 'documents: the image has too many pixels (an embedded image has 900000000 pixels)'],
    ['huge-page.pdf', 'PAGE_TOO_LARGE', 'documents: a page of the PDF is larger than the accepted page size (page 1 is 200 inches, at most 100)'],
    ['thousand-pages.pdf', 'TOO_MANY_PAGES', 'documents: the PDF has too many pages (1000 pages, at most 100)'],
  ];
  it.each(cases)('%s → %s', async (name, code, problem) => {
    const error = await refused(name);
    expect(error.code).toBe(code);
    expect(documentProblem(error)).toBe(problem);
  });

  it('a bad file among good ones fails the whole document before any page is drawn', async () => {
    const error = await pool.run({ files: [read('exif-rotated.jpg'), read('thousand-pages.pdf')], title: 't' }).then(() => null, (e: unknown) => e);
    expect((error as DocumentError).code).toBe('TOO_MANY_PAGES');
  });
});

describe('hostile input that is still a document: a correct, inert output', () => {
  const inert = async (name: string) => {
    const out = await pool.run({ files: [read(name)], title: 't', seed: 1 });
    const doc = openOutput(out.pdf);
    expect(doc.countPages(), name).toBe(1);
    expect(pageSize(doc, 0).width).toBeCloseTo(595.28, 1);
    expect(extractText(doc).trim(), name).toBe('');
    const raw = Buffer.concat(out.pdf).toString('latin1');
    for (const marker of ['/JavaScript', '/JS', '/EmbeddedFile', '/OpenAction', 'PK\x03\x04', '<script', '/Encrypt']) expect(raw, `${name} ${marker}`).not.toContain(marker);
    return doc;
  };

  it.each([
    'encrypted-owner-only.pdf', // an owner password alone does not stop reading
    'javascript-attachment.pdf', // script, open action and attachment dropped by rasterising
    'polyglot-pdf-zip.pdf', // the trailing ZIP is not carried over
    'polyglot-jpeg-html.jpg', // the trailing HTML is not carried over
    'truncated.pdf', // mupdf repairs the cross-reference table and draws what is there
  ])('%s', async (name) => {
    await inert(name);
  });

  it('HEIC is decoded by the WebAssembly decoder: yellow left half, blue right half, landscape centred', async () => {
    const page = await pagePixels(await inert('photo.heic'), 0);
    const [r1, g1, b1] = pixel(page, 300, 877);
    const [r2, g2, b2] = pixel(page, 930, 877);
    expect(r1).toBeGreaterThan(180);
    expect(g1).toBeGreaterThan(150);
    expect(b1).toBeLessThan(110);
    expect(r2).toBeLessThan(90);
    expect(b2).toBeGreaterThan(150);
    expect(g2).toBeLessThan(170);
    expect(Math.min(...pixel(page, 620, 200))).toBeGreaterThan(200); // white band above the landscape photo
  });

  it('an EXIF-rotated photo is turned upright', async () => {
    const page = await pagePixels(await inert('exif-rotated.jpg'), 0);
    expect(pixel(page, 620, 500)[0]).toBeGreaterThan(150);
    expect(pixel(page, 620, 1250)[2]).toBeGreaterThan(150);
  });
});

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { processDocument } from '../../src/documents/index.ts';
import { detectCodes } from '../../src/documents/detect-codes.ts';
import { blankPdf, exifRotatedJpeg, pageWithQr, qrPng, scanJpeg, textPdf } from '../../scripts/documents/synthetic.ts';
import { decodeQr, extractText, openOutput, pagePixels, pageSize, pixel, pixelStats } from './support/inspect.ts';

describe('processDocument: the watermarked, rasterised PDF (§10.1)', () => {
  it('gives one A4 page per source page or image, with no text left and Foyer metadata', async () => {
    const out = await processDocument({ files: [textPdf(3), await scanJpeg(600, 800)], title: 'Bulletins de salaire', seed: 7 });
    expect(out.pageCount).toBe(4);
    expect(out.files.map((f) => [f.type, f.pages])).toEqual([['pdf', 3], ['jpeg', 1]]);
    const doc = openOutput(out.pdf);
    expect(doc.countPages()).toBe(4);
    for (let i = 0; i < 4; i++) {
      const size = pageSize(doc, i);
      expect(size.width).toBeCloseTo(595.28, 1);
      expect(size.height).toBeCloseTo(841.89, 1);
      const pixels = await pagePixels(doc, i);
      expect([pixels.width, pixels.height]).toEqual([1240, 1754]);
    }
    expect(extractText(doc).trim()).toBe('');
    expect(doc.getMetaData('info:Title')).toBe('Bulletins de salaire');
    expect(doc.getMetaData('info:Producer')).toBe('Foyer');
  });

  it('the source PDF had text, which the output has lost', async () => {
    const source = openOutput(textPdf(1));
    expect(extractText(source)).toContain('Bulletin de salaire page 1');
  });

  it('puts the watermark on a blank page: grey diagonal text in the expected band of pixel statistics', async () => {
    const out = await processDocument({ files: [blankPdf()], title: 't', seed: 1 });
    const stats = pixelStats(await pagePixels(openOutput(out.pdf), 0));
    // A white page is mean 255 with no dark pixel. Measured over seeds 1–6: mean 250.1–250.5 and
    // 2.7–2.9 % of pixels darker than 200 (the text strokes), the rest lightly hazed.
    expect(stats.mean).toBeGreaterThan(245);
    expect(stats.mean).toBeLessThan(253);
    expect(stats.darkShare).toBeGreaterThan(0.015);
    expect(stats.darkShare).toBeLessThan(0.05);
  });

  it('varies between generations and repeats with the same seed', async () => {
    const page = async (seed?: number) => (await pagePixels(openOutput((await processDocument({ files: [blankPdf()], title: 't', seed })).pdf), 0)).data;
    const [a, b, c] = [await page(1), await page(1), await page(2)];
    expect(Buffer.compare(a, b)).toBe(0);
    expect(Buffer.compare(a, c)).not.toBe(0);
  });

  it('leaves QR codes clear, so they still decode after watermarking and no grey lands on them', async () => {
    const text = 'https://example.test/2d-doc/verify?id=ABC123';
    const source = await pageWithQr(text, { left: 800, top: 1300 });
    const size = (await sharp(await qrPng(text)).metadata()).width!;
    // The share of the code's white modules that came out grey.
    const greyedWhites = async (keepCodesClear: boolean) => {
      const out = await processDocument({ files: [source], title: 't', seed: 3, keepCodesClear });
      const page = await pagePixels(openOutput(out.pdf), 0);
      const original = await pagePixelsOfPng(source);
      let whites = 0;
      let greyed = 0;
      for (let y = 1300; y < 1300 + size; y++) {
        for (let x = 800; x < 800 + size; x++) {
          if (pixel(original, x, y)[0] < 250) continue;
          whites++;
          if (pixel(page, x, y)[0] < 215) greyed++;
        }
      }
      return { share: greyed / whites, decoded: await decodeQr(page) };
    };
    const kept = await greyedWhites(true);
    expect(kept.decoded).toEqual([text]);
    expect(kept.share).toBeLessThan(0.005);
    const crossed = await greyedWhites(false);
    expect(crossed.share).toBeGreaterThan(0.01);
  });

  it('finds a 2D-Doc (DataMatrix) printed at 4 px per module (0.7 mm at 150 DPI)', async () => {
    const code = await qrPng('DC04FR000001' + 'ABCDEFGHIJ'.repeat(8), 4, 'DataMatrix');
    const size = (await sharp(code).metadata()).width!;
    const { data } = await sharp({ create: { width: 1240, height: 1754, channels: 3, background: '#ffffff' } })
      .composite([{ input: Buffer.from(code), left: 100, top: 1500 }])
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const boxes = await detectCodes({ width: 1240, height: 1754, data: new Uint8Array(data) });
    expect(boxes).toHaveLength(1);
    expect(boxes[0]!.left).toBeLessThanOrEqual(100);
    expect(boxes[0]!.top).toBeLessThanOrEqual(1500);
    expect(boxes[0]!.left + boxes[0]!.width).toBeGreaterThanOrEqual(100 + size - 8);
  });

  it('applies EXIF orientation: a landscape photo tagged "rotate 90°" lands portrait, red half on top', async () => {
    const out = await processDocument({ files: [await exifRotatedJpeg()], title: 't', seed: 1, keepCodesClear: false });
    const page = await pagePixels(openOutput(out.pdf), 0);
    const [r1, , b1] = pixel(page, 620, 500);
    const [r2, , b2] = pixel(page, 620, 1250);
    expect(r1).toBeGreaterThan(150);
    expect(b1).toBeLessThan(120);
    expect(b2).toBeGreaterThan(150);
    expect(r2).toBeLessThan(120);
  });

  it('crops the white margins of ID documents so the card fills the page width', async () => {
    const plain = await processDocument({ files: [blankWithCard()], title: 't', seed: 1 });
    const cropped = await processDocument({ files: [blankWithCard()], title: 't', seed: 1, cropMargins: true });
    const darkWidth = async (pdf: Uint8Array[]) => {
      const page = await pagePixels(openOutput(pdf), 0);
      let min = page.width;
      let max = 0;
      const y = Math.floor(page.height / 2);
      for (let x = 0; x < page.width; x++) {
        const [r, g, b] = pixel(page, x, y);
        if (r < 60 && g < 60 && b > 100) {
          min = Math.min(min, x);
          max = Math.max(max, x);
        }
      }
      return max - min;
    };
    expect(await darkWidth(plain.pdf)).toBeLessThan(500);
    expect(await darkWidth(cropped.pdf)).toBeGreaterThan(1150);
  });

  it('makes a 300 px wide thumbnail of each file’s first page', async () => {
    const out = await processDocument({ files: [textPdf(2), await scanJpeg(500, 300)], title: 't', seed: 1 });
    const [first, second] = await Promise.all(out.files.map((f) => sharp(f.thumbnail).metadata()));
    expect([first?.format, first?.width, first?.height]).toEqual(['jpeg', 300, 424]);
    expect([second?.format, second?.width, second?.height]).toEqual(['jpeg', 300, 424]);
  });

  it('draws a no-document statement as a single raster page (§4.4)', async () => {
    const out = await processDocument({
      files: [],
      title: 'Attestation',
      seed: 1,
      statement: { kind: 'TAX_OTHER', ownerName: 'Jeanne Martin', customText: 'Je viens de rentrer de l’étranger.', date: new Date('2026-12-01T10:00:00Z') },
    });
    const doc = openOutput(out.pdf);
    expect(doc.countPages()).toBe(1);
    expect(extractText(doc).trim()).toBe('');
    const stats = pixelStats(await pagePixels(doc, 0), 100);
    expect(stats.darkShare).toBeGreaterThan(0.005); // black text was drawn, not only the grey watermark
  });
});

async function pagePixelsOfPng(png: Uint8Array) {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

/** A blue 400 × 250 "card" in the middle of an otherwise white scan. */
function blankWithCard(): Uint8Array {
  return cardPng;
}
const cardPng = new Uint8Array(
  await sharp({ create: { width: 1240, height: 1754, channels: 3, background: '#ffffff' } })
    .composite([{ input: { create: { width: 400, height: 250, channels: 3, background: { r: 20, g: 30, b: 160 } } }, left: 420, top: 750 }])
    .png()
    .toBuffer(),
);

import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { processDocument, type ProcessDocumentInput } from '../../src/documents/index.ts';
import { pageWithQr, textPdf } from '../../scripts/documents/synthetic.ts';
import { openOutput, pagePixels } from './support/inspect.ts';

// Screenshots of outputs with a fixed watermark seed, at quarter size. Rewrite them after an
// intended visual change with UPDATE_EXPECTED=1 and look at them before committing.
const DIR = path.resolve(import.meta.dirname, '../fixtures/expected');
const WIDTH = 310;

async function screenshot(input: ProcessDocumentInput): Promise<{ data: Buffer; width: number; height: number }> {
  const page = await pagePixels(openOutput((await processDocument(input)).pdf), 0);
  const { data, info } = await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 3 } })
    .resize({ width: WIDTH })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Mean absolute difference per channel, and the share of pixels off by more than 40 on some channel. */
function difference(a: Buffer, b: Buffer): { mean: number; offShare: number } {
  let sum = 0;
  let off = 0;
  for (let p = 0; p < a.length; p += 3) {
    const d = Math.max(Math.abs(a[p]! - b[p]!), Math.abs(a[p + 1]! - b[p + 1]!), Math.abs(a[p + 2]! - b[p + 2]!));
    sum += Math.abs(a[p]! - b[p]!) + Math.abs(a[p + 1]! - b[p + 1]!) + Math.abs(a[p + 2]! - b[p + 2]!);
    if (d > 40) off++;
  }
  return { mean: sum / a.length, offShare: off / (a.length / 3) };
}

const cases: [string, () => Promise<ProcessDocumentInput>][] = [
  ['text-pdf-page.png', async () => ({ files: [textPdf(1, { seed: 5 })], title: 't', seed: 11 })],
  ['qr-code-page.png', async () => ({ files: [await pageWithQr('https://example.test/verify/42')], title: 't', seed: 12 })],
  ['statement-page.png', async () => ({
    files: [],
    title: 't',
    seed: 13,
    statement: { kind: 'FINANCIAL', ownerName: 'Jeanne Martin', customText: 'Je suis étudiante et mes parents paient mon loyer.', date: new Date('2026-12-01T00:00:00Z') },
  })],
];

describe('outputs match the reference screenshots in test/fixtures/expected/', () => {
  it.each(cases)('%s', async (name, input) => {
    const shot = await screenshot(await input());
    const file = path.join(DIR, name);
    if (process.env.UPDATE_EXPECTED) {
      await sharp(shot.data, { raw: { width: shot.width, height: shot.height, channels: 3 } }).png().toFile(file);
    }
    const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([shot.width, shot.height]);
    const diff = difference(shot.data, data);
    expect(diff.mean).toBeLessThan(1.5);
    expect(diff.offShare).toBeLessThan(0.005);
  });

  it('the comparison does see a different watermark (another seed)', async () => {
    const [, input] = cases[0]!;
    const shot = await screenshot({ ...(await input()), seed: 99 });
    const { data } = await sharp(path.join(DIR, 'text-pdf-page.png')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const diff = difference(shot.data, data);
    expect(diff.mean > 1.5 || diff.offShare > 0.005).toBe(true);
  });
});

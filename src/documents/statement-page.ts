import * as mupdf from 'mupdf';
import { A4_150, type RasterPage } from './a4.ts';
import { wrapLines, type Statement } from './statement-text.ts';

/** The statement drawn as an A4 raster page at 150 DPI: it then goes through the same watermark and JPEG steps. */
export function renderStatementPage(statement: Statement, target = A4_150): RasterPage {
  const pixmap = new mupdf.Pixmap(mupdf.ColorSpace.DeviceRGB, [0, 0, target.width, target.height], false);
  const regular = new mupdf.Font('Helvetica');
  const bold = new mupdf.Font('Helvetica-Bold');
  const text = new mupdf.Text();
  const device = new mupdf.DrawDevice(mupdf.Matrix.identity, pixmap);
  try {
    pixmap.clear(255);
    const unit = target.width / 1240;
    const margin = 150 * unit;
    const maxWidth = target.width - 2 * margin;
    const measure = (font: mupdf.Font, size: number) => (s: string) =>
      [...s].reduce((sum, ch) => sum + font.advanceGlyph(font.encodeCharacter(ch)) * size, 0);
    let y = margin + 40 * unit;
    const titleSize = 44 * unit;
    text.showString(bold, [titleSize, 0, 0, -titleSize, margin, y], statement.title);
    y += titleSize * 2.2;
    const size = 30 * unit;
    for (const paragraph of statement.paragraphs) {
      for (const line of wrapLines(paragraph, maxWidth, measure(regular, size))) {
        if (y > target.height - margin) break;
        text.showString(regular, [size, 0, 0, -size, margin, y], line);
        y += size * 1.45;
      }
      y += size * 0.9;
    }
    device.fillText(text, mupdf.Matrix.identity, mupdf.ColorSpace.DeviceRGB, [0, 0, 0], 1);
    device.close();
    return { width: target.width, height: target.height, data: new Uint8Array(pixmap.getPixels()) };
  } finally {
    device.destroy();
    text.destroy();
    bold.destroy();
    regular.destroy();
    pixmap.destroy();
  }
}

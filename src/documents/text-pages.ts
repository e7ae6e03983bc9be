import * as mupdf from 'mupdf';
import { A4_POINTS } from './a4.ts';
import { winAnsi } from './win-ansi.ts';

/** A block of text on a generated page of the full-file PDF (§10.3). */
export interface TextBlock {
  style: 'title' | 'subtitle' | 'heading' | 'body' | 'small';
  text: string;
}

/** Pages of blocks: each inner list starts a new page, and flows onto further pages when it is too long. */
export interface TextPagesInput {
  pages: TextBlock[][];
}

/** Each page's content stream (PDF operators, WinAnsi text): fonts /F1 Helvetica and /F2 Helvetica-Bold. */
export interface TextPagesOutput {
  pages: Uint8Array[];
}

const STYLES = {
  title: { font: 'F2', size: 24, lead: 1.5, after: 10 },
  subtitle: { font: 'F1', size: 14, lead: 1.4, after: 14 },
  heading: { font: 'F2', size: 16, lead: 1.4, after: 6 },
  body: { font: 'F1', size: 11, lead: 1.45, after: 6 },
  small: { font: 'F1', size: 9, lead: 1.4, after: 4 },
} as const;

const MARGIN = 56;

/** Greedy word wrap with the font's real advances. */
function wrap(text: string, width: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && measure(candidate) > width) {
        lines.push(line);
        line = word;
      } else {
        line = candidate;
      }
    }
    lines.push(line);
  }
  return lines;
}

const escape = (bytes: Uint8Array) => {
  let out = '';
  for (const b of bytes) out += b === 0x28 || b === 0x29 || b === 0x5c ? `\\${String.fromCharCode(b)}` : b < 0x20 || b > 0x7e ? `\\${b.toString(8).padStart(3, '0')}` : String.fromCharCode(b);
  return out;
};

/**
 * Lays text out on A4 pages as real PDF text (selectable, searchable), measured with mupdf's
 * Helvetica metrics, which are those of the standard fonts the PDF names. Runs in a pool thread.
 */
export function layoutTextPages(input: TextPagesInput): TextPagesOutput {
  const fonts = { F1: new mupdf.Font('Helvetica'), F2: new mupdf.Font('Helvetica-Bold') };
  try {
    const width = A4_POINTS.width - 2 * MARGIN;
    const measure = (font: mupdf.Font, size: number) => (s: string) => [...s].reduce((sum, ch) => sum + font.advanceGlyph(font.encodeCharacter(ch)) * size, 0);
    const pages: Uint8Array[] = [];
    for (const blocks of input.pages) {
      let ops = '';
      let y = A4_POINTS.height - MARGIN;
      const flush = () => {
        pages.push(new TextEncoder().encode(ops));
        ops = '';
        y = A4_POINTS.height - MARGIN;
      };
      for (const block of blocks) {
        const style = STYLES[block.style];
        for (const line of wrap(block.text, width, measure(fonts[style.font], style.size))) {
          y -= style.size * style.lead;
          if (y < MARGIN) {
            flush();
            y -= style.size * style.lead;
          }
          if (line) ops += `BT /${style.font} ${style.size} Tf ${MARGIN} ${y.toFixed(2)} Td (${escape(winAnsi(line))}) Tj ET\n`;
        }
        y -= style.after;
      }
      flush();
    }
    return { pages };
  } finally {
    fonts.F1.destroy();
    fonts.F2.destroy();
  }
}

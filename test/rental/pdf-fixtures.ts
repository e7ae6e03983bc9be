import { PDFDocument } from 'pdf-lib';

/** A PDF of `pages` pages whose objects sit in compressed object streams, indexed by a cross-reference stream. */
export async function objectStreamPdf(pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([200, 200]);
  return Buffer.from(await doc.save({ useObjectStreams: true }));
}

/**
 * A PDF saved with classic xref tables, then changed by an incremental update (a new xref section
 * and trailer with /Prev): `added` pages appended, or, when negative, that many pages dropped from
 * the page tree (their objects stay in the file, as an editor leaves them).
 */
export async function incrementallyUpdatedPdf(pages: number, added: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([200, 200]);
  const original = Buffer.from(await doc.save({ useObjectStreams: false }));
  const text = original.toString('latin1');
  const startxref = Number(/startxref\s+(\d+)/.exec(text.slice(text.lastIndexOf('startxref')))![1]);
  const size = Number(/\/Size (\d+)/.exec(text)![1]);
  const rootRef = /\/Root (\d+) 0 R/.exec(text)![1];
  const pagesRef = Number(/\/Pages (\d+) 0 R/.exec(text)![1]);
  const allKids = /\/Kids \[([^\]]*)\]/.exec(text)![1]!.trim().split(/\s+R\s*/).filter(Boolean).map((k) => `${k} R`);
  const kids = (added < 0 ? allKids.slice(0, pages + added) : allKids).join(' ');
  const objects: string[] = [];
  const newKids: string[] = [];
  for (let i = 0; i < Math.max(added, 0); i++) {
    const n = size + i;
    newKids.push(`${n} 0 R`);
    objects.push(`${n} 0 obj\n<< /Type /Page /Parent ${pagesRef} 0 R /MediaBox [0 0 200 200] >>\nendobj\n`);
  }
  objects.push(`${pagesRef} 0 obj\n<< /Type /Pages /Kids [${kids} ${newKids.join(' ')}] /Count ${pages + added} >>\nendobj\n`);
  let offset = original.length;
  const entries: [number, number][] = [];
  const numbers = [...newKids.map((_, i) => size + i), pagesRef];
  objects.forEach((o, i) => {
    entries.push([numbers[i]!, offset]);
    offset += Buffer.byteLength(o, 'latin1');
  });
  const xref = ['xref', ...entries.flatMap(([n, at]) => [`${n} 1`, `${String(at).padStart(10, '0')} 00000 n\r`])].join('\n');
  const trailer = `\ntrailer\n<< /Size ${size + Math.max(added, 0)} /Root ${rootRef} 0 R /Prev ${startxref} >>\nstartxref\n${offset}\n%%EOF\n`;
  return Buffer.concat([original, Buffer.from(objects.join('') + xref + trailer, 'latin1')]);
}

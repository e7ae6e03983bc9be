import zlib from 'node:zlib';

/**
 * The number of pages of a PDF (§4.1), read the way a PDF reader finds them, within fixed bounds:
 * the cross-reference chain from `startxref` (tables and streams, incremental updates through
 * `/Prev`), objects inside compressed object streams, then the page tree walked from the catalog,
 * counting its leaves (a `/Count` is never trusted). A broken cross-reference falls back to a scan of
 * the `N G obj` headers, as readers repair files. Null when the file has no readable page tree
 * (truncated, a cycle or a shared node in the tree, no page): the upload is refused.
 */
export function countPdfPages(bytes: Buffer): number | null {
  const text = bytes.toString('latin1');
  for (const index of [() => readXref(text), () => scanObjects(text)]) {
    try {
      const pages = walkPageTree(new PdfFile(text, index()));
      if (pages > 0) return pages;
    } catch {
      // Unreadable this way: try the next one.
    }
  }
  return null;
}

/** More pages than any category accepts: counting stops there. */
export const MAX_COUNTED_PAGES = 10_000;
const MAX_TREE_NODES = 50_000;
const MAX_XREF_SECTIONS = 64;
const MAX_INFLATED_BYTES = 64 * 1024 * 1024;
const MAX_NESTING = 64;

class Ref {
  constructor(readonly num: number) {}
}
type Value = number | string | boolean | null | Ref | Value[] | Dict | { hex: true };
type Dict = Map<string, Value>;
/** Where each object is: a byte offset, or its place in an object stream. */
type Location = { offset: number } | { stream: number; index: number };
interface XrefIndex {
  locations: Map<number, Location>;
  root: Ref | null;
}

const WHITE = /[\0\t\n\f\r ]/;
const DELIMITER = /[\0\t\n\f\r ()<>[\]{}/%]/;

class Parser {
  constructor(
    readonly text: string,
    public pos: number,
  ) {}

  skip() {
    const t = this.text;
    while (this.pos < t.length) {
      if (WHITE.test(t[this.pos]!)) this.pos++;
      else if (t[this.pos] === '%') while (this.pos < t.length && t[this.pos] !== '\n' && t[this.pos] !== '\r') this.pos++;
      else break;
    }
  }

  /** A keyword or a number token, without consuming it. */
  peekWord(): string {
    this.skip();
    let end = this.pos;
    while (end < this.text.length && !DELIMITER.test(this.text[end]!)) end++;
    return this.text.slice(this.pos, end);
  }

  value(depth = 0): Value {
    if (depth > MAX_NESTING) throw new Error('nesting too deep');
    this.skip();
    const t = this.text;
    if (this.pos >= t.length) throw new Error('truncated');
    if (t.startsWith('<<', this.pos)) {
      this.pos += 2;
      const dict: Dict = new Map();
      for (;;) {
        this.skip();
        if (t.startsWith('>>', this.pos)) {
          this.pos += 2;
          return dict;
        }
        const key = this.value(depth + 1);
        if (typeof key !== 'string' || !key.startsWith('/')) throw new Error('dictionary key is not a name');
        dict.set(key.slice(1), this.value(depth + 1));
      }
    }
    const c = t[this.pos]!;
    if (c === '[') {
      this.pos++;
      const array: Value[] = [];
      for (;;) {
        this.skip();
        if (t[this.pos] === ']') {
          this.pos++;
          return array;
        }
        array.push(this.value(depth + 1));
      }
    }
    if (c === '(') return this.literalString();
    if (c === '<') {
      const end = t.indexOf('>', this.pos);
      if (end < 0) throw new Error('truncated');
      this.pos = end + 1;
      return { hex: true };
    }
    if (c === '/') {
      const start = this.pos++;
      while (this.pos < t.length && !DELIMITER.test(t[this.pos]!)) this.pos++;
      return t.slice(start, this.pos);
    }
    const word = this.peekWord();
    if (!word) throw new Error(`unexpected ${c}`);
    this.pos += word.length;
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
      // `N G R` is a reference.
      const m = /^[\0\t\n\f\r ]+(\d+)[\0\t\n\f\r ]+R(?![^\0\t\n\f\r ()<>[\]{}/%])/.exec(t.slice(this.pos, this.pos + 40));
      if (m && /^\d+$/.test(word)) {
        this.pos += m[0].length;
        return new Ref(Number(word));
      }
      return Number(word);
    }
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    return word;
  }

  private literalString(): Value {
    const t = this.text;
    let depth = 0;
    for (; this.pos < t.length; this.pos++) {
      const c = t[this.pos];
      if (c === '\\') this.pos++;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) {
        this.pos++;
        return { hex: true };
      }
    }
    throw new Error('truncated');
  }
}

interface PdfObject {
  value: Value;
  stream: Buffer | null;
}

class PdfFile {
  private readonly cache = new Map<number, PdfObject>();
  private readonly streams = new Map<number, { text: string; positions: number[] }>();
  private inflated = 0;

  constructor(
    readonly text: string,
    readonly index: XrefIndex,
  ) {}

  get(ref: Value, depth = 0): PdfObject {
    if (!(ref instanceof Ref)) return { value: ref, stream: null };
    if (depth > 8) throw new Error('reference chain too long');
    const cached = this.cache.get(ref.num);
    if (cached) return cached;
    const location = this.index.locations.get(ref.num);
    if (!location) return { value: null, stream: null };
    const object = 'offset' in location ? this.atOffset(ref.num, location.offset, depth) : this.inStream(location.stream, location.index, depth);
    this.cache.set(ref.num, object);
    return object;
  }

  dict(ref: Value): Dict {
    const { value } = this.get(ref);
    if (!(value instanceof Map)) throw new Error('not a dictionary');
    return value;
  }

  atOffset(num: number, offset: number, depth = 0): PdfObject {
    const parser = new Parser(this.text, offset);
    const header = /^(\d+)[\0\t\n\f\r ]+\d+[\0\t\n\f\r ]+obj/.exec(this.text.slice(parser.pos, parser.pos + 40));
    if (!header || Number(header[1]) !== num) throw new Error(`object ${num} is not at its offset`);
    parser.pos += header[0].length;
    const value = parser.value();
    if (!(value instanceof Map) || parser.peekWord() !== 'stream') return { value, stream: null };
    parser.pos += 'stream'.length;
    if (this.text.startsWith('\r\n', parser.pos)) parser.pos += 2;
    else if (this.text[parser.pos] === '\n' || this.text[parser.pos] === '\r') parser.pos++;
    const declared = this.get(value.get('Length') ?? null, depth + 1).value;
    let end = typeof declared === 'number' && declared >= 0 ? parser.pos + declared : -1;
    if (end < 0 || end > this.text.length || !/^[\r\n]*endstream/.test(this.text.slice(end, end + 12))) end = this.text.indexOf('endstream', parser.pos);
    if (end < 0) throw new Error('truncated stream');
    return { value, stream: Buffer.from(this.text.slice(parser.pos, end), 'latin1') };
  }

  /** The decoded bytes of a stream (FlateDecode, with PNG predictors for xref streams), bounded in size. */
  decode(object: PdfObject): Buffer {
    if (!(object.value instanceof Map) || !object.stream) throw new Error('not a stream');
    const filter = object.value.get('Filter');
    const filters = Array.isArray(filter) ? filter : filter == null ? [] : [filter];
    let data = object.stream;
    for (const f of filters) {
      if (f !== '/FlateDecode') throw new Error(`unsupported filter ${String(f)}`);
      data = zlib.inflateSync(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: MAX_INFLATED_BYTES - this.inflated });
      this.inflated += data.length;
    }
    const parms = object.value.get('DecodeParms');
    const params = parms instanceof Map ? parms : null;
    const predictor = params?.get('Predictor');
    if (typeof predictor === 'number' && predictor >= 10) data = unpredictPng(data, Number(params!.get('Columns') ?? 1));
    return data;
  }

  private inStream(streamNum: number, index: number, depth: number): PdfObject {
    let stream = this.streams.get(streamNum);
    if (!stream) {
      const object = this.get(new Ref(streamNum), depth + 1);
      const dict = object.value as Dict;
      const text = this.decode(object).toString('latin1');
      const n = Number(dict.get('N'));
      const first = Number(dict.get('First'));
      const header = text.slice(0, first).trim().split(/\s+/).map(Number);
      const positions: number[] = [];
      for (let i = 0; i < Math.min(n, header.length / 2); i++) positions.push(first + header[2 * i + 1]!);
      stream = { text, positions };
      this.streams.set(streamNum, stream);
    }
    const at = stream.positions[index];
    if (at === undefined) throw new Error('object not in its stream');
    return { value: new Parser(stream.text, at).value(), stream: null };
  }
}

function unpredictPng(data: Buffer, columns: number): Buffer {
  const rowLength = columns + 1;
  const rows = Math.floor(data.length / rowLength);
  const out = Buffer.alloc(rows * columns);
  for (let r = 0; r < rows; r++) {
    const type = data[r * rowLength]!;
    for (let c = 0; c < columns; c++) {
      const raw = data[r * rowLength + 1 + c]!;
      const up = r > 0 ? out[(r - 1) * columns + c]! : 0;
      const left = c > 0 ? out[r * columns + c - 1]! : 0;
      out[r * columns + c] = (type === 2 ? raw + up : type === 1 ? raw + left : raw) & 0xff;
    }
  }
  return out;
}

/** The cross-reference chain from the last `startxref`, newest section first. */
function readXref(text: string): XrefIndex {
  const at = text.lastIndexOf('startxref');
  const m = at < 0 ? null : /^startxref\s+(\d+)/.exec(text.slice(at, at + 40));
  if (!m) throw new Error('no startxref');
  const locations = new Map<number, Location>();
  const file = new PdfFile(text, { locations: new Map(), root: null });
  let root: Ref | null = null;
  const seen = new Set<number>();
  const pending = [Number(m[1])];
  while (pending.length) {
    const offset = pending.shift()!;
    if (seen.has(offset) || seen.size >= MAX_XREF_SECTIONS || offset >= text.length) throw new Error('bad xref chain');
    seen.add(offset);
    let trailer: Dict;
    if (text.startsWith('xref', offset)) {
      const end = text.indexOf('trailer', offset);
      if (end < 0) throw new Error('no trailer');
      const lines = text.slice(offset + 4, end).trim().split(/[\r\n]+/);
      let num = 0;
      for (const line of lines) {
        const parts = line.trim().split(/\s+/);
        if (parts.length === 2) num = Number(parts[0]);
        else if (parts.length >= 3) {
          if (parts[2] === 'n' && !locations.has(num)) locations.set(num, { offset: Number(parts[0]) });
          num++;
        }
      }
      const value = new Parser(text, end + 'trailer'.length).value();
      if (!(value instanceof Map)) throw new Error('bad trailer');
      trailer = value;
      const hybrid = trailer.get('XRefStm');
      if (typeof hybrid === 'number') pending.push(hybrid);
    } else {
      const header = /^(\d+)[\0\t\n\f\r ]+\d+[\0\t\n\f\r ]+obj/.exec(text.slice(offset, offset + 40));
      if (!header) throw new Error('xref offset points nowhere');
      const object = file.atOffset(Number(header[1]), offset);
      trailer = object.value as Dict;
      if (!(trailer instanceof Map) || trailer.get('Type') !== '/XRef') throw new Error('not an xref stream');
      readXrefStream(trailer, file.decode(object), locations);
    }
    if (!root && trailer.get('Root') instanceof Ref) root = trailer.get('Root') as Ref;
    const prev = trailer.get('Prev');
    if (typeof prev === 'number') pending.push(prev);
  }
  return { locations, root };
}

function readXrefStream(dict: Dict, data: Buffer, locations: Map<number, Location>) {
  const widths = (dict.get('W') as number[] | undefined)?.map(Number) ?? [];
  if (widths.length !== 3 || widths.some((w) => !Number.isInteger(w) || w < 0 || w > 8)) throw new Error('bad /W');
  const size = Number(dict.get('Size'));
  const index = (dict.get('Index') as number[] | undefined)?.map(Number) ?? [0, size];
  const rowLength = widths[0]! + widths[1]! + widths[2]!;
  const field = (at: number, width: number) => {
    let v = 0;
    for (let i = 0; i < width; i++) v = v * 256 + data[at + i]!;
    return v;
  };
  let row = 0;
  for (let s = 0; s + 1 < index.length; s += 2) {
    for (let i = 0; i < index[s + 1]!; i++, row++) {
      const at = row * rowLength;
      if (at + rowLength > data.length) return;
      const num = index[s]! + i;
      const type = widths[0] === 0 ? 1 : field(at, widths[0]!);
      const a = field(at + widths[0]!, widths[1]!);
      const b = field(at + widths[0]! + widths[1]!, widths[2]!);
      if (locations.has(num)) continue;
      if (type === 1) locations.set(num, { offset: a });
      else if (type === 2) locations.set(num, { stream: a, index: b });
    }
  }
}

/** Repair: every `N G obj` header of the file (the last one of a number wins) and the objects of its object streams. */
function scanObjects(text: string): XrefIndex {
  const locations = new Map<number, Location>();
  for (const m of text.matchAll(/(?<![0-9])(\d+)[\0\t\n\f\r ]+\d+[\0\t\n\f\r ]+obj\b/g)) locations.set(Number(m[1]), { offset: m.index });
  const file = new PdfFile(text, { locations, root: null });
  let root: Ref | null = null;
  for (const [num, location] of [...locations]) {
    if (!('offset' in location) || !/\/Type\s*\/(ObjStm|Catalog)\b|\/Root\b/.test(text.slice(location.offset, location.offset + 400))) continue;
    try {
      const object = file.atOffset(num, location.offset);
      if (!(object.value instanceof Map)) continue;
      if (object.value.get('Type') === '/Catalog') root = new Ref(num);
      if (object.value.get('Type') === '/ObjStm') {
        const count = Number(object.value.get('N'));
        const header = file.decode(object).toString('latin1').slice(0, Number(object.value.get('First'))).trim().split(/\s+/).map(Number);
        for (let i = 0; i < Math.min(count, header.length / 2); i++) if (!locations.has(header[2 * i]!)) locations.set(header[2 * i]!, { stream: num, index: i });
      }
    } catch {
      // A damaged object: skip it.
    }
  }
  const trailers = [...text.matchAll(/trailer[\0\t\n\f\r ]*<</g)];
  const last = trailers.at(-1);
  if (last) {
    const trailer = new Parser(text, last.index + 'trailer'.length).value();
    if (trailer instanceof Map && trailer.get('Root') instanceof Ref) root = trailer.get('Root') as Ref;
  }
  return { locations, root };
}

/** Leaves of the page tree under the catalog's `/Pages`; a node met twice (cycle or shared) makes the tree unreadable. */
function walkPageTree(file: PdfFile): number {
  if (!file.index.root) throw new Error('no catalog');
  const pagesRef = file.dict(file.index.root).get('Pages');
  if (!(pagesRef instanceof Ref)) throw new Error('no page tree');
  const seen = new Set<number>();
  const stack: Ref[] = [pagesRef];
  let pages = 0;
  while (stack.length) {
    const ref = stack.pop()!;
    if (seen.has(ref.num)) throw new Error('page tree node met twice');
    if (seen.size >= MAX_TREE_NODES) throw new Error('page tree too large');
    seen.add(ref.num);
    const node = file.dict(ref);
    const kids = node.get('Kids');
    if (node.get('Type') === '/Page' || (node.get('Type') !== '/Pages' && !Array.isArray(kids))) {
      if (++pages >= MAX_COUNTED_PAGES) return pages;
      continue;
    }
    const list = Array.isArray(kids) ? kids : (file.get(kids ?? null).value as Value[] | null);
    if (!Array.isArray(list)) throw new Error('page tree node without kids');
    for (const kid of list) if (kid instanceof Ref) stack.push(kid);
  }
  return pages;
}

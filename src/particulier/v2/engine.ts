/**
 * A tiny, pure mapping engine for the v2 ↔ v3 tables: each row moves one value from a dotted path
 * of the v3 `data` to a dotted path of the v2 body, optionally converted; a row with `each` maps
 * every item of an array with its own rows. A row whose source is absent (masked by scopes) writes
 * nothing, so a v2 caller sees the same omissions as a v3 one.
 */
export interface Row {
  from: string;
  to: string;
  /** Converts the value; gets the whole source object for rows that combine two fields. */
  convert?: (value: unknown, source: Record<string, unknown>) => unknown;
  each?: Row[];
}

export function getPath(source: unknown, path: string): unknown {
  let node = source;
  for (const step of path.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[step];
  }
  return node;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const steps = path.split('.');
  let node = target;
  for (const step of steps.slice(0, -1)) node = (node[step] ??= {}) as Record<string, unknown>;
  node[steps.at(-1)!] = value;
}

export function applyRows(rows: readonly Row[], source: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const row of rows) {
    const value = getPath(source, row.from);
    if (value === undefined) continue;
    if (row.each) {
      setPath(out, row.to, Array.isArray(value) ? value.map((item) => applyRows(row.each!, (item ?? {}) as Record<string, unknown>)) : value);
    } else {
      setPath(out, row.to, row.convert ? row.convert(value, source) : value);
    }
  }
  return out;
}

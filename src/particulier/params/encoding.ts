/**
 * Fastify's query parser (fast-querystring) leaves a value whose percent-encoding is not UTF-8 as it
 * came: `prenoms[]=H%C9L%C8NE` (Latin-1, from an old client) would be read as the literal text
 * `H%C9L%C8NE`, then match no one in the sandbox or be forwarded as such upstream. Such a value is
 * a malformed parameter instead. Only a value that still holds a `%` after parsing can be one, so
 * the raw query is read again only then.
 */

/** True when a parsed value (text, or a list of texts) still holds a `%`. */
export function mayBeBadlyEncoded(query: Record<string, unknown>): boolean {
  for (const name in query) {
    const value = query[name];
    if (typeof value === 'string' ? value.includes('%') : Array.isArray(value) && value.some((v) => typeof v === 'string' && v.includes('%'))) return true;
  }
  return false;
}

const decodes = (text: string) => {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
};

/**
 * The name (as the operation declares it: `prenoms[]`) of the first parameter of the URL's query, among `names`, whose value is
 * not percent-encoded UTF-8, else null. Other parameters are ignored, as the operation ignores them.
 */
export function badlyEncodedParameter(url: string, names: Record<string, unknown>): string | null {
  const start = url.indexOf('?');
  if (start < 0) return null;
  for (const pair of url.slice(start + 1).split('&')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || decodes(pair.slice(eq + 1))) continue;
    const rawName = pair.slice(0, eq);
    if (!decodes(rawName)) continue;
    const name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    if (Object.hasOwn(names, name)) return name;
  }
  return null;
}

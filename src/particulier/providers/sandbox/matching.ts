/**
 * The staging lookup key (spec §5.3 steps 3–4): every string lower-cased (array items included),
 * then Rails' `Hash#to_query`: `k=v` pairs CGI-escaped, arrays as repeated `k[]=v` in order, the
 * per-key strings sorted and joined by `&`. Numbers are rendered as decimal text, so `annee: 2023`
 * and `annee: '2023'` meet, while `'05'` and `5` do not.
 */
export function mockingKey(params: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key in params) {
    if (!Object.hasOwn(params, key)) continue;
    const value = params[key];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      const name = escapedName(key, true);
      let part = '';
      for (let i = 0; i < value.length; i++) part += `${i ? '&' : ''}${name}=${cgiEscape(text(value[i]))}`;
      parts.push(part);
    } else {
      parts.push(`${escapedName(key, false)}=${cgiEscape(text(value))}`);
    }
  }
  return parts.sort().join('&');
}

/**
 * Parameter names are few (the catalogue's, the corpus's) and every call escapes them again: `k[]`
 * takes the slow path of `cgiEscape` (its brackets), which cost a third of the key. Bounded.
 */
const names = new Map<string, string>();
function escapedName(key: string, array: boolean): string {
  const name = array ? `${key}[]` : key;
  let escaped = names.get(name);
  if (escaped === undefined) {
    escaped = cgiEscape(name);
    if (names.size < 1_000) names.set(name, escaped);
  }
  return escaped;
}

const text = (value: unknown): string => (typeof value === 'string' ? value.toLowerCase() : String(value));

/** Ruby's CGI.escape: space as `+`, unreserved `*-._` and alphanumerics kept. */
function cgiEscape(value: string): string {
  if (/^[A-Za-z0-9*\-._]*$/.test(value)) return value;
  return encodeURIComponent(wellFormed(value))
    .replace(/%20/g, '+')
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2A/g, '*');
}

/** Lone surrogates (which `encodeURIComponent` refuses) become U+FFFD, as a UTF-8 decoder would make them. */
const wellFormed = (value: string) => value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

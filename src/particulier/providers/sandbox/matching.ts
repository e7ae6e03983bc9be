/**
 * The staging lookup key (spec §5.3 steps 3–4): every string lower-cased (array items included),
 * then Rails' `Hash#to_query`: `k=v` pairs CGI-escaped, arrays as repeated `k[]=v` in order, the
 * per-key strings sorted and joined by `&`. Numbers are rendered as decimal text, so `annee: 2023`
 * and `annee: '2023'` meet, while `'05'` and `5` do not.
 */
export function mockingKey(params: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      const name = cgiEscape(`${key}[]`);
      parts.push(value.map((item) => `${name}=${cgiEscape(text(item))}`).join('&'));
    } else {
      parts.push(`${cgiEscape(key)}=${cgiEscape(text(value))}`);
    }
  }
  return parts.sort().join('&');
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

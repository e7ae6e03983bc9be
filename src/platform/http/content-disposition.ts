/**
 * `Content-Disposition: attachment` with a file name (RFC 6266): an ASCII fallback and the UTF-8
 * name, so download names keep their accents (`Identité_42.pdf`).
 */
export function attachmentDisposition(name: string): string {
  const ascii = name.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

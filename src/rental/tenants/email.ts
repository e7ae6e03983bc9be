/** §2: emails in JSON bodies are lower-cased and stripped of accents (DossierFacile's EmailDeserializer). */
export function normalizeEmail(email: string): string {
  return email.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

/**
 * Like DossierFacile's deserializer, normalizes before validation: the body's `email` and each
 * `coTenants[].email` (the only email fields of the JSON steps).
 */
export function normalizeBodyEmails(body: unknown): void {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return;
  const record = body as Record<string, unknown>;
  if (typeof record.email === 'string') record.email = normalizeEmail(record.email);
  if (Array.isArray(record.coTenants)) {
    for (const coTenant of record.coTenants) {
      const entry = coTenant as Record<string, unknown> | null;
      if (entry && typeof entry === 'object' && typeof entry.email === 'string') entry.email = normalizeEmail(entry.email);
    }
  }
}

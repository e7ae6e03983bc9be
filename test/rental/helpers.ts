import { randomBytes } from 'node:crypto';
import type { FoyerApp } from '../../src/app.ts';
import { asRentalDb, createPartner } from '../../src/rental/index.ts';
import { startTestApp } from '../support/app.ts';

export async function newPartner(app: FoyerApp, name = `partner-${randomBytes(4).toString('hex')}`, callback: { callbackUrl?: string; callbackApiKey?: string } = {}) {
  const { partner, clientSecret } = await createPartner(asRentalDb(app.db.kysely), { name, displayName: `Partner ${name}`, ...callback });
  return { id: partner.id, clientId: partner.name, clientSecret };
}

export async function tokenFor(app: FoyerApp, clientId: string, clientSecret: string, scope?: string): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, ...(scope ? { scope } : {}) });
  const res = await app.http.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
  if (res.statusCode !== 200) throw new Error(`token: ${res.statusCode} ${res.body}`);
  return (res.json() as { access_token: string }).access_token;
}

/** A partner with a token, and a client that calls `/api-partner` with it. */
export async function partnerClient(app: FoyerApp, callback: { callbackUrl?: string; callbackApiKey?: string } = {}) {
  const partner = await newPartner(app, undefined, callback);
  const token = await tokenFor(app, partner.clientId, partner.clientSecret);
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) => {
    const res = await app.http.inject({
      method,
      url: `/api-partner${url}`,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    let parsed: unknown = res.body;
    try {
      parsed = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      /* plain text */
    }
    return { status: res.statusCode, body: parsed as any, text: res.body, headers: res.headers }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  let accounts = 0;
  return {
    partner,
    token,
    /** A new tenant linked to this partner (a unique email each time). */
    newTenant: async (label = 'tenant') => (await call('POST', '/register/account', { email: `${label}${++accounts}.${partner.clientId}@example.com` })).body.id as number,
    /** Posts a multipart step with this partner's token. */
    upload: (url: string, fields: Record<string, string | number | boolean>, files: Buffer[] = [], filename?: string) => postMultipart(app, token, url, fields, files, filename),
    get: (url: string) => call('GET', url),
    post: (url: string, body: unknown) => call('POST', url, body),
    put: (url: string, body: unknown) => call('PUT', url, body),
    delete: (url: string) => call('DELETE', url),
  };
}

export type PartnerClient = Awaited<ReturnType<typeof partnerClient>>;

/** The app of a test file and two partners on it: `alpha` acts, `beta` is the other partner of the isolation checks. */
export async function twoPartners(options: Parameters<typeof startTestApp>[0] = {}) {
  const app = await startTestApp(options);
  return { app, alpha: await partnerClient(app), beta: await partnerClient(app) };
}

/**
 * A tenant of `client` with names, a natural-person guarantor and an identity document: the ids a
 * route can be asked about (document, file, guarantor, apartment).
 */
export async function seedTenant(app: FoyerApp, client: PartnerClient, label: string) {
  const tenantId = await client.newTenant(label);
  await client.post('/register/names', { tenantId, firstName: 'Jeanne', lastName: 'Valjean' });
  await client.upload('/register/documentIdentification', { tenantId, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf(1)]);
  const guarantor = await client.post('/register/guarantorType', { tenantId, typeGuarantor: 'NATURAL_PERSON' });
  const profile = (await client.get(`/tenant/${tenantId}/profile`)).body;
  const db = asRentalDb(app.db.kysely);
  const files = await db.selectFrom('rental.files as f').innerJoin('rental.documents as d', 'd.id', 'f.document_id').select(['f.id', 'f.document_id']).where('d.tenant_id', '=', tenantId).execute();
  const guarantorIds = ((guarantor.body?.guarantors ?? []) as { id: number }[]).map((g) => g.id);
  return { tenantId, email: profile.email as string, ids: [...files.map((f) => f.id), ...files.map((f) => f.document_id), ...guarantorIds, profile.apartmentSharing.id as number], guarantorIds };
}

/** Names and the five tenant documents (one PDF each): with the honour declaration, the file goes TO_PROCESS. */
export async function completeTenantFile(client: PartnerClient, tenantId: number, firstName = 'Jeanne') {
  await client.post('/register/names', { tenantId, firstName, lastName: 'Test' });
  for (const [url, fields] of [
    ['/register/documentIdentification', { typeDocumentIdentification: 'FRENCH_IDENTITY_CARD' }],
    ['/register/documentResidency', { typeDocumentResidency: 'TENANT', categoryStep: 'TENANT_RECEIPT' }],
    ['/register/documentProfessional', { typeDocumentProfessional: 'CDI' }],
    ['/register/documentFinancial', { typeDocumentFinancial: 'SALARY', noDocument: false, monthlySum: 2000 }],
    ['/register/documentTax', { typeDocumentTax: 'MY_NAME', noDocument: false }],
  ] as const) {
    const res = await client.upload(url, { tenantId, ...fields }, [pdf()]);
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** A PDF with `pages` pages and a recognisable text, small enough for tests. */
export function pdf(pages = 1, text = 'Foyer test document'): Buffer {
  const kids = Array.from({ length: pages }, (_, i) => `${i + 3} 0 R`).join(' ');
  const objects = [
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    `2 0 obj << /Type /Pages /Kids [${kids}] /Count ${pages} >> endobj`,
    ...Array.from({ length: pages }, (_, i) => `${i + 3} 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj`),
  ];
  return Buffer.from(`%PDF-1.4\n${objects.join('\n')}\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'latin1');
}

export interface Part {
  name: string;
  value?: string;
  file?: { bytes: Buffer; filename: string; contentType: string };
}

/** A multipart/form-data body. */
export function multipartBody(parts: Part[]): { payload: Buffer; contentType: string } {
  const boundary = `----foyer${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if (part.file) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.file.filename}"\r\nContent-Type: ${part.file.contentType}\r\n\r\n`));
      chunks.push(part.file.bytes, Buffer.from('\r\n'));
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value ?? ''}\r\n`));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Posts a multipart step with a partner's token. */
export async function postMultipart(app: FoyerApp, token: string, url: string, fields: Record<string, string | number | boolean>, files: Buffer[] = [], filename = 'scan.pdf') {
  const { payload, contentType } = multipartBody([
    ...Object.entries(fields).map(([name, value]) => ({ name, value: String(value) })),
    ...files.map((bytes, i) => ({ name: 'documents', file: { bytes, filename: `${i}-${filename}`, contentType: 'application/pdf' } })),
  ]);
  const res = await app.http.inject({ method: 'POST', url: `/api-partner${url}`, headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, payload });
  let body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    body = JSON.parse(res.body);
  } catch {
    body = res.body;
  }
  return { status: res.statusCode, body };
}

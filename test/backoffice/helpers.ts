import { randomBytes } from 'node:crypto';
import type { FoyerApp } from '../../src/app.ts';
import { asBackofficeDb, createOperator, type Role } from '../../src/backoffice/index.ts';

export const PREFIX = '/backoffice/api';

/** A new operator of this role and a logged-in client: its cookie and CSRF token go with every call. */
export async function operatorClient(app: FoyerApp, role: Role = 'OPERATOR', ip = '10.0.0.1') {
  const email = `op-${randomBytes(4).toString('hex')}@example.com`;
  const { operator, password } = await createOperator(asBackofficeDb(app.db.kysely), { email, role });
  const login = await app.http.inject({ method: 'POST', url: `${PREFIX}/login`, remoteAddress: ip, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email, password }) });
  if (login.statusCode !== 200) throw new Error(`login: ${login.statusCode} ${login.body}`);
  const setCookie = String(login.headers['set-cookie']);
  const cookie = setCookie.split(';')[0]!;
  const csrfToken = (login.json() as { csrfToken: string }).csrfToken;
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await app.http.inject({
      method,
      url: `${PREFIX}${url}`,
      headers: { cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': csrfToken }), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    let parsed: unknown = res.body;
    try {
      parsed = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      /* binary */
    }
    return { status: res.statusCode, body: parsed as any, raw: res.rawPayload, headers: res.headers }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  return {
    operator,
    email,
    password,
    cookie,
    setCookie,
    csrfToken,
    get: (url: string) => call('GET', url),
    post: (url: string, body?: unknown, headers?: Record<string, string>) => call('POST', url, body, headers),
    put: (url: string, body: unknown) => call('PUT', url, body),
  };
}

export type OperatorClient = Awaited<ReturnType<typeof operatorClient>>;

/** Validates every document to process of the file as opened. */
export function validateAll(file: { version: string; documents: { id: number; documentStatus: string }[]; guarantors: { documents: { id: number; documentStatus: string }[] }[] }) {
  const documents = [...file.documents, ...file.guarantors.flatMap((g) => g.documents)].filter((d) => d.documentStatus === 'TO_PROCESS');
  return { version: file.version, documents: documents.map((d) => ({ documentId: d.id, decision: 'VALIDATED' })) };
}

import { buildApp, type FoyerApp } from '../../src/app.ts';
import { asParticulierDb } from '../../src/particulier/db.ts';
import { tokenSecret } from '../../src/particulier/tokens/jwt.ts';
import { createToken, type NewToken } from '../../src/particulier/tokens/store.ts';
import { ALL_SCOPES } from '../../src/particulier/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

export const RECIPIENT = '13002526500013';

/** The app with the particulier surface, token rows never cached (tests revoke and expire them). */
export function startParticulierApp(env: Record<string, string> = {}, options: Parameters<typeof startTestApp>[0] = {}) {
  return startTestApp({ ...options, env: { FOYER_PARTICULIER_TOKEN_CACHE_MS: '0', ...env } });
}

export async function mintToken(app: TestApp, input: Partial<NewToken> = {}): Promise<{ jti: string; token: string }> {
  return createToken(asParticulierDb(app.db.kysely), tokenSecret(app.masterKey), {
    name: 'test',
    scopes: ALL_SCOPES,
    expiresAt: new Date(Date.now() + 86_400_000),
    ...input,
  });
}

type Query = Record<string, string | number | (string | number)[]>;

/** Builds `a=1&prenoms[]=X&prenoms[]=Y` as clients send it. */
export function queryString(query: Query): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`);
  }
  return parts.join('&');
}

export async function get(app: TestApp, path: string, query: Query, headers: Record<string, string> = {}) {
  const qs = queryString(query);
  const res = await app.http.inject({ method: 'GET', url: `/api-particulier${path}${qs ? `?${qs}` : ''}`, headers });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The corpus's DSS civility: the official document's examples. */
export const DURANT = {
  nomNaissance: 'DURANT',
  'prenoms[]': ['PIERRE', 'RICHARD'],
  anneeDateNaissance: 1990,
  moisDateNaissance: 1,
  jourDateNaissance: 1,
  sexeEtatCivil: 'M',
  codeCogInseePaysNaissance: '99100',
  codeCogInseeCommuneNaissance: '08480',
};

/**
 * A second server on the test app's database, as a second process would be: on PostgreSQL
 * (TEST_DATABASE_URL, as CI runs it) a new app on the same database; the embedded database has
 * one server process by construction, so there it is the app itself. `close` stops the second one.
 */
export async function secondServer(app: TestApp): Promise<{ server: FoyerApp; close(): Promise<void> }> {
  if (app.db.kind !== 'postgres') return { server: app, close: async () => {} };
  const server = await buildApp(app.config);
  return { server, close: () => server.close() };
}

import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CompactEncrypt, compactDecrypt, exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/particulier/index.ts';
import { ParticulierError } from '../../src/particulier/errors.ts';
import { Upstream } from '../../src/particulier/providers/upstream/upstream.ts';
import { remoteSigningKeys } from '../../src/particulier/providers/upstream/france-connect-jwe.ts';
import { loadConfig, ConfigError } from '../../src/platform/config/index.ts';
import { MODULES } from '../../src/modules.ts';
import { bearer, get, RECIPIENT, startParticulierApp } from './helpers.ts';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';
import type { TestApp } from '../support/app.ts';

const CLIENT_ID = 'foyer-fd';
const ISSUER = 'https://fc.example/api/v2';
const ANGELA = {
  active: true,
  aud: 'fs-client',
  sub: 'sub-angela',
  iat: 1_700_000_000,
  exp: 4_100_000_000,
  acr: 'eidas1',
  jti: 'fc-jti-1',
  scope: 'openid identite_pivot cnous_email cnous_statut_boursier',
  gender: 'female',
  family_name: 'DUBOIS',
  given_name: 'Angela',
  given_name_array: ['Angela'],
  birthdate: '1962-08-24',
  birthplace: '75107',
  birthcountry: '99100',
};
const UNKNOWN_ANSWER = {
  code: '50999',
  title: 'Erreur inconnue du fournisseur de données',
  detail: 'La réponse retournée par FranceConnect est invalide et inconnue de notre service.',
  source: null,
  meta: { provider: 'FranceConnect' },
};

type Answer = { status: number; contentType: string; body: string };

/** Our RSA encryption key (the private half in a PEM file, as deployed) and FranceConnect's ES256 signing key. */
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherRsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
let fcSigning: { publicKey: CryptoKey; privateKey: CryptoKey };
let strangerSigning: { publicKey: CryptoKey; privateKey: CryptoKey };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-fc-jwe-'));
const keyFile = path.join(dir, 'fc-decryption.pem');
fs.writeFileSync(keyFile, rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }));

async function sign(document: object, options: { key?: CryptoKey | Uint8Array; alg?: string; aud?: string; exp?: number } = {}): Promise<string> {
  const jwt = new SignJWT({ ...document })
    .setProtectedHeader({ alg: options.alg ?? 'ES256', kid: 'fc-sig-1', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(options.aud ?? CLIENT_ID)
    .setIssuedAt();
  if (options.exp !== undefined) jwt.setExpirationTime(options.exp);
  return jwt.sign(options.key ?? fcSigning.privateKey);
}

function encrypt(jws: string, options: { to?: KeyObject; alg?: string; enc?: string } = {}): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(jws))
    .setProtectedHeader({ alg: options.alg ?? 'RSA-OAEP', enc: options.enc ?? 'A256GCM', cty: 'JWT' })
    .encrypt(options.to ?? rsa.publicKey);
}

/** FranceConnect's checktoken and JWKS, started inside the test: the `token` picks the answer. */
async function startFakeFranceConnect(answers: Record<string, () => Promise<Answer>>) {
  const requests: { url: string; contentType: string | undefined; accept: string | undefined; body: string }[] = [];
  const jwks = { keys: [{ ...(await exportJWK(fcSigning.publicKey)), kid: 'fc-sig-1', alg: 'ES256', use: 'sig' }] };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      requests.push({ url: req.url!, contentType: req.headers['content-type'], accept: req.headers.accept, body });
      if (req.url === '/jwks') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(jwks));
      }
      const answer = answers[new URLSearchParams(body).get('token') ?? ''] ?? (async () => ({ status: 401, contentType: 'application/json', body: '{"error":"invalid_client"}' }));
      void answer().then((a) => {
        res.writeHead(a.status, { 'content-type': a.contentType });
        res.end(a.body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

const jwt = (body: string): Answer => ({ status: 200, contentType: 'application/jwt', body });
const document = (introspection: object = ANGELA) => ({ token_introspection: introspection });

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ParticulierError) return { status: error.status, body: error.body };
    throw error;
  }
  throw new Error('expected a failure');
}

let fc: Awaited<ReturnType<typeof startFakeFranceConnect>>;
beforeAll(async () => {
  fcSigning = await generateKeyPair('ES256');
  strangerSigning = await generateKeyPair('ES256');
  fc = await startFakeFranceConnect({
    'fc-angela': async () => jwt(await encrypt(await sign(document()))),
    'fc-plain': async () => ({ status: 200, contentType: 'application/json', body: JSON.stringify(document()) }),
    'fc-inactive': async () => jwt(await encrypt(await sign(document({ ...ANGELA, active: false })))),
    'fc-no-pivot': async () => jwt(await encrypt(await sign(document({ ...ANGELA, scope: 'openid cnous_email' })))),
    'fc-other-rsa-key': async () => jwt(await encrypt(await sign(document()), { to: otherRsa.publicKey })),
    'fc-rsa-oaep-256': async () => jwt(await encrypt(await sign(document()), { alg: 'RSA-OAEP-256' })),
    'fc-a128gcm': async () => jwt(await encrypt(await sign(document()), { enc: 'A128GCM' })),
    'fc-stranger-signature': async () => jwt(await encrypt(await sign(document(), { key: strangerSigning.privateKey }))),
    'fc-hs256': async () => jwt(await encrypt(await sign(document(), { alg: 'HS256', key: new Uint8Array(32).fill(7) }))),
    'fc-other-audience': async () => jwt(await encrypt(await sign(document(), { aud: 'someone-else' }))),
    'fc-expired': async () => jwt(await encrypt(await sign(document(), { exp: 1_000_000_000 }))),
    'fc-jws-only': async () => jwt(await sign(document())),
    'fc-tampered': async () => {
      const parts = (await encrypt(await sign(document()))).split('.');
      parts[3] = parts[3]!.slice(0, -4) + (parts[3]!.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      return jwt(parts.join('.'));
    },
    'fc-malformed': async () => ({ status: 400, contentType: 'application/json', body: '{"error":"invalid_request"}' }),
  });
});
afterAll(async () => {
  await fc.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const provider = (options: { jwe: boolean; jwksUrl?: string }) =>
  new Upstream(
    {
      baseUrl: 'http://127.0.0.1:9',
      token: null,
      timeoutMs: 2_000,
      franceConnect: {
        url: `${fc.url}/checktoken`,
        clientId: CLIENT_ID,
        clientSecret: 'secret',
        keys: options.jwe ? { decryptionKey: rsa.privateKey, signingKeys: remoteSigningKeys(options.jwksUrl ?? `${fc.url}/jwks`, 2_000), audience: CLIENT_ID } : null,
      },
      now: () => new Date(),
    },
    CATALOGUE(),
  );

describe('FranceConnect checktoken answers as JWE (RSA-OAEP / A256GCM) wrapping a JWS (ES256), spec §7.2', () => {
  it('the answer FranceConnect sends decrypts with jose to the plain document, and Foyer reads the same identity from either', async () => {
    const sealed = (await (await fetch(`${fc.url}/checktoken`, { method: 'POST', body: new URLSearchParams({ token: 'fc-angela' }) })).text()).trim();
    const { plaintext, protectedHeader } = await compactDecrypt(sealed, rsa.privateKey);
    expect(protectedHeader).toEqual({ alg: 'RSA-OAEP', enc: 'A256GCM', cty: 'JWT' });
    const { payload } = await jwtVerify(new TextDecoder().decode(plaintext), fcSigning.publicKey);
    expect(payload.token_introspection).toEqual(ANGELA);

    const fromJwe = await provider({ jwe: true }).franceConnect('fc-angela');
    const fromPlain = await provider({ jwe: false }).franceConnect('fc-plain');
    expect(fromJwe).toEqual(fromPlain);
    expect(fromJwe).toEqual({
      scopes: ['openid', 'identite_pivot', 'cnous_email', 'cnous_statut_boursier'],
      family_name: 'DUBOIS',
      given_name: 'Angela',
      birthdate: '1962-08-24',
      gender: 'female',
      birthplace: '75107',
      birthcountry: '99100',
      preferred_username: undefined,
    });
    const sent = fc.requests.filter((r) => r.url === '/checktoken').at(-1)!;
    expect(sent.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(sent.body))).toEqual({ token: 'fc-plain', client_id: CLIENT_ID, client_secret: 'secret' });
  });

  it('an answer this service cannot trust is 502 50999: plain JSON, a bare JWS, another key or algorithm, a foreign signature or audience, an expired or altered document', async () => {
    const jwe = provider({ jwe: true });
    for (const token of [
      'fc-plain',
      'fc-jws-only',
      'fc-other-rsa-key',
      'fc-rsa-oaep-256',
      'fc-a128gcm',
      'fc-stranger-signature',
      'fc-hs256',
      'fc-other-audience',
      'fc-expired',
      'fc-tampered',
    ]) {
      expect({ token, ...(await failure(jwe.franceConnect(token))) }).toEqual({ token, status: 502, body: UNKNOWN_ANSWER });
    }
  });

  it("FranceConnect's JWKS out of reach → 502 50999", async () => {
    expect(await failure(provider({ jwe: true, jwksUrl: 'http://127.0.0.1:9/jwks' }).franceConnect('fc-angela'))).toEqual({ status: 502, body: UNKNOWN_ANSWER });
  });

  it('inside a valid JWE: active false → 401 50002, identity-pivot scopes missing → 401 50003 listing the scopes; FC 401 → 50002, FC 400 → 50001', async () => {
    const jwe = provider({ jwe: true });
    expect(await failure(jwe.franceConnect('fc-inactive'))).toEqual({
      status: 401,
      body: { code: '50002', title: 'Accès non autorisé', detail: "Le jeton d'accès n'a pas été trouvé ou est expiré.", source: null, meta: { provider: 'FranceConnect' } },
    });
    expect(await failure(jwe.franceConnect('fc-no-pivot'))).toEqual({
      status: 401,
      body: {
        code: '50003',
        title: 'Accès non autorisé',
        detail: "Le jeton d'accès FranceConnect ne contient pas les scopes d'identité pivot requis (scopes présents : openid, cnous_email).",
        source: null,
        meta: { provider: 'FranceConnect' },
      },
    });
    expect(await failure(jwe.franceConnect('fc-unknown'))).toMatchObject({ status: 401, body: { code: '50002' } });
    expect(await failure(jwe.franceConnect('fc-malformed'))).toMatchObject({ status: 401, body: { code: '50001' } });
  });
});

describe('Foyer in upstream mode with the FranceConnect answer keys configured', () => {
  let upstream: FakeUpstream;
  let app: TestApp;
  beforeAll(async () => {
    upstream = await startFakeUpstream();
    app = await startParticulierApp({
      FOYER_PARTICULIER_PROVIDER: 'upstream',
      FOYER_PARTICULIER_UPSTREAM_URL: upstream.url,
      FOYER_PARTICULIER_FRANCECONNECT_URL: `${fc.url}/checktoken`,
      FOYER_PARTICULIER_FRANCECONNECT_CLIENT_ID: CLIENT_ID,
      FOYER_PARTICULIER_FRANCECONNECT_CLIENT_SECRET: 'secret',
      FOYER_PARTICULIER_FRANCECONNECT_DECRYPTION_KEY_FILE: keyFile,
      FOYER_PARTICULIER_FRANCECONNECT_JWKS_URL: `${fc.url}/jwks`,
    });
  });
  afterAll(async () => {
    await app.destroy();
    await upstream.close();
  });

  it('serves the FranceConnect route from the decrypted identity (masked by its scopes, identite dropped); a plain answer is 502 50999', async () => {
    const res = await get(app, '/v3/cnous/etudiant_boursier/france_connect', { recipient: RECIPIENT }, bearer('fc-angela'));
    expect([res.status, res.body.data ?? res.body]).toEqual([200, { email: 'angela@example.fr', est_boursier: true }]);
    expect(fc.requests.filter((r) => r.url === '/checktoken').at(-1)!.accept).toBe('application/jwt');
    const call = new URL(upstream.requests.at(-1)!.url, 'http://x');
    expect([call.pathname, call.searchParams.get('nomNaissance'), call.searchParams.get('sexeEtatCivil')]).toEqual(['/v3/cnous/etudiant_boursier/identite', 'DUBOIS', 'F']);
    const plain = await get(app, '/v3/cnous/etudiant_boursier/france_connect', { recipient: RECIPIENT }, bearer('fc-plain'));
    expect([plain.status, plain.body]).toEqual([502, { errors: [UNKNOWN_ANSWER] }]);
  });

  it('every FranceConnect route documents that 502 (50999), besides the official statuses', async () => {
    const doc = (await app.http.inject({ method: 'GET', url: '/api-particulier/openapi.json' })).json();
    const fc = Object.entries(doc.paths as Record<string, { get: { responses: Record<string, { description: string }> } }>).filter(([p]) => p.endsWith('/france_connect'));
    expect(fc).toHaveLength(14);
    for (const [, item] of fc) expect(item.get.responses['502']!.description).toMatch(/Codes : (.*, )?50999$/);
    expect(Object.keys(doc.paths['/v3/cnous/etudiant_boursier/france_connect'].get.responses).sort()).toEqual(['200', '400', '401', '403', '404', '408', '409', '413', '422', '429', '431', '500', '502', '503', '504']);
    expect(doc.paths['/v3/cnous/etudiant_boursier/france_connect'].get.responses['401'].description).toMatch(/50004/);
    expect(doc.paths['/v3/dss/prime_activite/france_connect'].get.responses['502'].description).toMatch(/Codes : \d{5}, .*50999$/);
  });
});

describe('the FranceConnect answer keys are checked at boot, by name', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig({ FOYER_PARTICULIER_FRANCECONNECT_URL: 'https://fc.example/checktoken', ...env }, { sections: MODULES });
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it('accepts an RSA key with a JWKS URL; refuses a missing file, a non-key, an EC or short RSA key, and one setting without the other', () => {
    expect(problems({ FOYER_PARTICULIER_FRANCECONNECT_DECRYPTION_KEY_FILE: keyFile, FOYER_PARTICULIER_FRANCECONNECT_JWKS_URL: 'https://fc.example/jwks' })).toEqual([]);
    const ec = path.join(dir, 'ec.pem');
    fs.writeFileSync(ec, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const short = path.join(dir, 'short.pem');
    fs.writeFileSync(short, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const text = path.join(dir, 'text.pem');
    fs.writeFileSync(text, 'not a key');
    const withJwks = { FOYER_PARTICULIER_FRANCECONNECT_JWKS_URL: 'https://fc.example/jwks' };
    const V = 'FOYER_PARTICULIER_FRANCECONNECT_DECRYPTION_KEY_FILE';
    expect(problems({ [V]: path.join(dir, 'absent.pem'), ...withJwks })).toEqual([{ variable: V, message: 'cannot be read (ENOENT)' }]);
    expect(problems({ [V]: text, ...withJwks })).toEqual([{ variable: V, message: 'is not a PEM private key' }]);
    expect(problems({ [V]: ec, ...withJwks })).toEqual([{ variable: V, message: 'must be an RSA key of at least 2048 bits (RSA-OAEP)' }]);
    expect(problems({ [V]: short, ...withJwks })).toEqual([{ variable: V, message: 'must be an RSA key of at least 2048 bits (RSA-OAEP)' }]);
    expect(problems({ [V]: keyFile })).toEqual([
      { variable: 'FOYER_PARTICULIER_FRANCECONNECT_JWKS_URL', message: 'is required with FOYER_PARTICULIER_FRANCECONNECT_DECRYPTION_KEY_FILE (the encrypted answer is signed)' },
    ]);
    expect(problems(withJwks)).toEqual([{ variable: V, message: 'is required with FOYER_PARTICULIER_FRANCECONNECT_JWKS_URL (the signed answer is encrypted)' }]);
  });
});

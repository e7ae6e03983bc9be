import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerClient, newBrokerKey, startTestApp, type TestApp } from '../support/app.ts';
import { borrower, errorBody, expectError, guideProspectComplet } from './helpers.ts';

/**
 * Text the database cannot store (U+0000, a lone UTF-16 surrogate) is refused before any write, by
 * the platform's shared rule, with "Invalid form." naming the field — in bodies, form posts, query
 * strings, path parameters, values and keys. And a read always returns what was stored: a write that
 * fails leaves nothing of itself in the read cache.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const NUL = 'a\u0000b';
const LONE_HIGH = 'a\ud800b';
const LONE_LOW = '\udc00b';
const CANNOT_STORE = 'contains a character that cannot be stored (U+0000 or a lone UTF-16 surrogate)';

let app: TestApp;
let c: ReturnType<typeof brokerClient>;
let fileId: string;

beforeAll(async () => {
  app = await startTestApp();
  c = brokerClient(app, (await newBrokerKey(app)).token);
  const res = await c.post('/prospectcomplet', guideProspectComplet());
  expect(res.status).toBe(200);
  fileId = res.body.dossier.id;
});

afterAll(async () => {
  await app?.destroy();
});

const prospect = (extra: Record<string, unknown> = {}) => ({ nom: 'Durand', prenom: 'Jean', email: 'j@example.fr', tel: '0600000000', ...extra });

async function getFile(id: string): Promise<Json> {
  const res = await c.get(`/dossiers/${id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** A PUT body that names the principal borrower and changes what `extra` says. */
function putBody(file: Json, extra: Record<string, unknown> = {}) {
  const b = file.emprunteurs[0];
  return {
    emprunteurs: [{ idemprunteur: b.idemprunteur, numero: b.numero, nom: b.nom, prenom: b.prenom, email: b.email, telephone: b.telephone }],
    dossier: { iddossier: file.dossier.iddossier, reference: file.dossier.reference },
    ...extra,
  };
}

/** The stored row, read with SQL: what any later process would serve. */
async function stored(id: string): Promise<{ reference: string; content: Json }> {
  const { rows } = await sql<{ reference: string; content: Json }>`select reference, content from broker.dossiers where id = ${id}`.execute(
    app.db.kysely,
  );
  return rows[0]!;
}

async function fileCount(): Promise<number> {
  const res = await c.get('/dossiers');
  expect(res.status).toBe(200);
  return res.body.length;
}

describe('text the database cannot store is refused up front, naming the field', () => {
  it('POST /prospect: a NUL or a lone surrogate in a value', async () => {
    const before = await fileCount();
    for (const bad of [NUL, LONE_HIGH, LONE_LOW]) {
      const res = await c.post('/prospect', prospect({ nom: bad }));
      expectError(res, 'invalid', ['$.nom']);
      expect(res.body.details).toStrictEqual([{ field: '$.nom', message: CANNOT_STORE }]);
    }
    expect(await fileCount()).toBe(before);
  });

  it('POST /prospect sent as a form: %00 in a field', async () => {
    const res = await c.post('/prospect', 'nom=a%00b&prenom=B&email=a%40b.fr&tel=1', { 'content-type': 'application/x-www-form-urlencoded' });
    expectError(res, 'invalid', ['$.nom']);
  });

  it('POST /prospectcomplet: deep in the file, several fields at once', async () => {
    const body = guideProspectComplet();
    body.emprunteurs[1].ville = LONE_HIGH;
    body.projet.ville = NUL;
    body.biens[0].adresse = `x${LONE_LOW}`;
    const res = await c.post('/prospectcomplet', body);
    expectError(res, 'invalid', ['$.emprunteurs[1].ville', '$.projet.ville', '$.biens[0].adresse']);
  });

  it('a key that cannot be stored is named, its bad characters written as \\uXXXX', async () => {
    const res = await c.post('/prospect', prospect({ 'no\u0000m': 'x' }));
    // An unknown key of a closed object: "Too many arguments.", and the field is printable.
    expectError(res, 'tooMany', ['$.no\\u0000m']);
    const nested = await c.post('/prospectcomplet', { emprunteurs: [borrower(0, { ['\ud800']: 1 })] });
    expectError(nested, 'tooMany', ['$.emprunteurs[0].\\ud800']);
  });

  it('PUT /dossiers/{id}: refused, and the file is unchanged (in the cache and in the database)', async () => {
    const file = await getFile(fileId);
    for (const reference of [LONE_HIGH, NUL]) {
      const res = await c.put(`/dossiers/${fileId}`, putBody(file, { dossier: { iddossier: fileId, reference } }));
      expectError(res, 'invalid', ['$.dossier.reference']);
    }
    const res = await c.put(`/dossiers/${fileId}`, putBody(file, { enfants: [{ idenfant: null, nom: NUL, prenom: 'E', datenaissance: '01/01/2015' }] }));
    expectError(res, 'invalid', ['$.enfants[0].nom']);
    expect(await getFile(fileId)).toStrictEqual(file);
    expect((await stored(fileId)).reference).toBe(file.dossier.reference);
  });

  it('a path parameter or a query string: refused with the same error, never a 500', async () => {
    expectError(await c.get('/dossiers/12%00-34'), 'invalid', ['$.iddossier']);
    expectError(await c.put('/dossiers/12%00-34', putBody(await getFile(fileId))), 'invalid', ['$.iddossier']);
    expectError(await c.get('/selecteurs/pays?debut=%00'), 'invalid', ['$.debut']);
    expectError(await c.get('/selecteurs/pa%00ys'), 'invalid', ['$.nomselecteur']);
  });

  it('a calculator: refused like any other surface input', async () => {
    const res = await c.post('/calculatriceptz', { codepostal: '75000', ville: NUL });
    expect(res.status).toBe(409);
    expect(res.body.details).toContainEqual({ field: '$.ville', message: CANNOT_STORE });
  });

  it('accepts well-formed text outside the BMP (a surrogate pair) and reads back exactly what it stored', async () => {
    const file = await getFile(fileId);
    const reference = 'Réf 😀 𝔘';
    const res = await c.put(`/dossiers/${fileId}`, putBody(file, { dossier: { iddossier: fileId, reference } }));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const read = await getFile(fileId);
    expect(read.dossier.reference).toBe(reference);
    expect((await stored(fileId)).reference).toBe(reference);
  });
});

describe('a read returns what was stored, even after a failed write', () => {
  const REFUSED = 'REFUSED-BY-TRIGGER';

  beforeAll(async () => {
    // A failure the application cannot foresee: the database itself refuses the row, inside the write's transaction.
    await sql
      .raw(
        `create function broker.test_refuse() returns trigger language plpgsql as $$
         begin if new.reference = '${REFUSED}' then raise exception 'forced failure'; end if; return new; end $$`,
      )
      .execute(app.db.kysely);
    await sql.raw('create trigger test_refuse before insert or update on broker.dossiers for each row execute function broker.test_refuse()').execute(app.db.kysely);
  });

  it('a PUT that fails in the database answers 500 and leaves the previous file in every read', async () => {
    const before = await getFile(fileId); // served, and cached, before the failing write
    const res = await c.put(`/dossiers/${fileId}`, putBody(before, { dossier: { iddossier: fileId, reference: REFUSED }, projet: null }));
    expect(res.status).toBe(500);
    expect(res.body).toStrictEqual({ ...errorBody('invalid'), error: 'Internal error.', code: 500 });
    expect(await getFile(fileId)).toStrictEqual(before);
    const row = await stored(fileId);
    expect(row.reference).toBe(before.dossier.reference);
    expect(row.content.projet).not.toBeNull();
    expect(before.projet).not.toBeNull();
  });

  it('a creation that fails in the database leaves no file in the list nor behind its id', async () => {
    const list = await c.get('/dossiers');
    const page = await c.get('/dossiers?nbItems=50');
    const body = guideProspectComplet();
    body.dossier = { reference: REFUSED };
    const res = await c.post('/prospectcomplet', body);
    expect(res.status).toBe(500);
    expect((await c.get('/dossiers')).body).toStrictEqual(list.body);
    expect((await c.get('/dossiers?nbItems=50')).body).toStrictEqual(page.body);
    const { rows } = await sql`select id from broker.dossiers where reference = ${REFUSED}`.execute(app.db.kysely);
    expect(rows).toHaveLength(0);
  });

  it('after a failed write, the next successful one is read back as stored', async () => {
    const before = await getFile(fileId);
    const res = await c.put(`/dossiers/${fileId}`, putBody(before, { dossier: { iddossier: fileId, reference: 'APRES-ECHEC' } }));
    expect(res.status).toBe(200);
    const after = await getFile(fileId);
    expect(after.dossier.reference).toBe('APRES-ECHEC');
    expect((await stored(fileId)).reference).toBe('APRES-ECHEC');
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asBrokerDb } from '../../src/broker/index.ts';
import { getDossierJson, type DossierPorts } from '../../src/broker/dossiers/service.ts';
import { renderDossierJson } from '../../src/broker/dossiers/render.ts';
import { brokerClient, newBrokerKey, startTestApp, type TestApp } from '../support/app.ts';
import { guideProspectComplet } from './helpers.ts';

/**
 * A file read sends the answer stored with the file (`rendered`, written by every change) as it is.
 * That text must be exactly what rendering the stored content gives (what reads did before), after
 * a creation and after an update; and a file written before the column existed is still answered.
 */

let app: TestApp;
let brokerId: string;
let client: ReturnType<typeof brokerClient>;

beforeAll(async () => {
  app = await startTestApp({ now: () => new Date('2024-03-10T08:05:00Z') });
  const key = await newBrokerKey(app);
  brokerId = key.brokerId;
  client = brokerClient(app, key.token);
});

afterAll(async () => {
  await app?.destroy();
});

const db = () => asBrokerDb(app.db.kysely);
/** The database path only: no read cache. */
const ports = (): DossierPorts => ({ db: db(), onWrite: async () => {}, cache: null });
const actor = () => ({ brokerId, keyId: 'k', allowedOrigins: [] });

async function storedRow(id: string) {
  return db().selectFrom('broker.dossiers').select(['reference', 'content', 'updated_at', 'rendered']).where('id', '=', id).executeTakeFirstOrThrow();
}

/** What a read rendered from the row before answers were stored. */
const renderedFromRow = (id: string, row: Awaited<ReturnType<typeof storedRow>>) =>
  renderDossierJson({ id, reference: row.reference, updatedAt: row.updated_at }, row.content);

describe('the stored answer of a file', () => {
  it('is, after a creation and after an update, the rendering of the stored content, and what GET sends', async () => {
    const created = await client.post('/prospectcomplet', guideProspectComplet());
    expect(created.status).toBe(200);
    const id = created.body.dossier.id as string;

    const afterCreate = await storedRow(id);
    expect(afterCreate.rendered).toBe(renderedFromRow(id, afterCreate));
    expect(await getDossierJson(ports(), actor(), id)).toBe(afterCreate.rendered);

    const file = JSON.parse(afterCreate.rendered!);
    const put = await client.put(`/dossiers/${id}`, {
      emprunteurs: [{ ...file.emprunteurs[0], nom: 'MARTIN' }],
      dossier: { iddossier: id, reference: 'REF-UPDATED', datedernieremodification: '05/04/2024 10:30' },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const afterUpdate = await storedRow(id);
    expect(afterUpdate.rendered).toBe(renderedFromRow(id, afterUpdate));
    const answer = JSON.parse(afterUpdate.rendered!);
    expect(answer.emprunteurs[0].nom).toBe('MARTIN');
    expect(answer.dossier).toStrictEqual({ iddossier: id, reference: 'REF-UPDATED', datedernieremodification: '05/04/2024 10:30' });
    expect(await getDossierJson(ports(), actor(), id)).toBe(afterUpdate.rendered);
    const res = await client.get(`/dossiers/${id}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toStrictEqual(answer);
  });

  it('of a file written before answers were stored is rendered from its content', async () => {
    const created = await client.post('/prospectcomplet', guideProspectComplet());
    const id = created.body.dossier.id as string;
    const expected = (await storedRow(id)).rendered;
    await sql`update broker.dossiers set rendered = null where id = ${id}`.execute(app.db.kysely);

    expect(await getDossierJson(ports(), actor(), id)).toBe(expected);
    expect((await storedRow(id)).rendered).toBeNull();
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dossierChangedJob } from '../../src/broker/index.ts';
import { brokerClient, newBrokerKey, startTestApp, type TestApp } from '../support/app.ts';

/** Jobs are recorded in the transaction of the change that causes them, and then worked. */
describe('job queue', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.destroy();
  });

  const jobsFor = async (dossierId: string) => {
    const result = await sql<{ state: string }>`
      select state from pgboss.job where name = ${dossierChangedJob.name} and data->'p'->>'dossierId' = ${dossierId}`.execute(app.db.kysely);
    return result.rows.map((r) => r.state);
  };

  it('works the job that a file creation enqueued in its transaction', async () => {
    const { token } = await newBrokerKey(app);
    const res = await brokerClient(app, token).post('/prospect', { nom: 'A', prenom: 'B', email: 'a@b.fr', tel: '06' });
    expect(res.status).toBe(200);
    await app.queue.drain([dossierChangedJob.name], 20_000);
    expect(await jobsFor(res.body.dossier.id)).toEqual(['completed']);
  });

  it('records no job when the transaction rolls back', async () => {
    const payload = { dossierId: 'rolled-back', brokerId: 'nobody', kind: 'created' as const };
    await expect(
      app.db.kysely.transaction().execute(async (trx) => {
        await app.queue.enqueue(dossierChangedJob, payload, trx);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await jobsFor('rolled-back')).toEqual([]);
  });

  it('records no job and no file when an update is rejected', async () => {
    const { token } = await newBrokerKey(app);
    const client = brokerClient(app, token);
    const created = await client.post('/prospect', { nom: 'A', prenom: 'B', email: 'a@b.fr', tel: '06' });
    await app.queue.drain([dossierChangedJob.name], 20_000);
    const id = created.body.dossier.id;
    const before = await client.get(`/dossiers/${id}`);
    const rejected = await client.put(`/dossiers/${id}`, {
      emprunteurs: [{ ...before.body.emprunteurs[0], numero: 0 }],
      dossier: { iddossier: id, reference: 'X' },
      enfants: [{ idenfant: 'not-in-this-file', nom: 'A', prenom: 'B', datenaissance: '01/01/2015' }],
    });
    expect(rejected.status).toBe(409);
    expect(await jobsFor(id)).toEqual(['completed']);
    expect((await client.get(`/dossiers/${id}`)).body).toEqual(before.body);
  });
});

import { PostgresQueryCompiler, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asBrokerDb } from '../../src/broker/index.ts';
import { ReadCache } from '../../src/broker/dossiers/read-cache.ts';
import type { BrokerActor } from '../../src/broker/keys/keys.ts';
import { createProspect, getDossierJson, type DossierPorts } from '../../src/broker/dossiers/service.ts';
import { newBrokerKey, startTestApp, type TestApp } from '../support/app.ts';

/**
 * Another broker's file answers like an unknown one (guide §9, DESIGN: access control), and it must
 * also cost the same: the read cache is per broker, so a foreign id never reaches, fills or
 * answers from the owner's cached file, and runs exactly the queries of an unknown id. Checked on
 * the domain function with the queries it sends recorded (not by timing).
 */

let app: TestApp;
let actorA: BrokerActor;
let actorB: BrokerActor;
const queries: string[] = [];
const compiler = new PostgresQueryCompiler();
const recorder: KyselyPlugin = {
  transformQuery({ node, queryId }) {
    queries.push(compiler.compileQuery(node, queryId).sql);
    return node;
  },
  async transformResult({ result }) {
    return result;
  },
};

const prospect = { nom: 'DURAND', prenom: 'Jean', email: 'jean.durand@email.fr', tel: '0658957412' };
const UNKNOWN = '9999999999-9999999999';

function portsWith(cache: ReadCache): DossierPorts {
  return { db: asBrokerDb(app.db.kysely).withPlugin(recorder), onWrite: async () => {}, cache };
}

/** The queries one read sends, and how it ended. */
async function read(ports: DossierPorts, actor: BrokerActor, id: string) {
  queries.length = 0;
  const outcome = await getDossierJson(ports, actor, id).then(
    (text) => ({ found: JSON.parse(text).dossier.iddossier as string }),
    (error: { code?: string }) => ({ error: error.code }),
  );
  return { outcome, queries: [...queries] };
}

beforeAll(async () => {
  app = await startTestApp();
  const actor = async () => ({ brokerId: (await newBrokerKey(app)).brokerId, keyId: 'k', allowedOrigins: [] });
  actorA = await actor();
  actorB = await actor();
});

afterAll(async () => {
  await app?.destroy();
});

describe('read cache and foreign ids', () => {
  it('a foreign id runs the queries of an unknown id, even while its owner\'s file is cached', async () => {
    const cache = new ReadCache(1 << 20);
    const ports = portsWith(cache);
    // Creation writes the file through to its owner's cache.
    const { dossier } = await createProspect(ports, actorB, prospect);
    const owner = await read(ports, actorB, dossier.id);
    expect(owner).toStrictEqual({ outcome: { found: dossier.id }, queries: [] });

    const foreign = await read(ports, actorA, dossier.id);
    const unknown = await read(ports, actorA, UNKNOWN);
    expect(foreign.outcome).toStrictEqual({ error: 'REQUEST_NOT_FOUND' });
    expect(unknown.outcome).toStrictEqual({ error: 'REQUEST_NOT_FOUND' });
    expect(foreign.queries).toHaveLength(1);
    expect(foreign.queries).toStrictEqual(unknown.queries);
  });

  it('a foreign read neither fills the cache nor serves from it; the owner\'s own reads do', async () => {
    const cache = new ReadCache(1 << 20);
    const ports = portsWith(cache);
    const { dossier } = await createProspect({ ...ports, cache: null }, actorB, prospect);

    for (let i = 0; i < 2; i++) {
      const foreign = await read(ports, actorA, dossier.id);
      expect(foreign.outcome).toStrictEqual({ error: 'REQUEST_NOT_FOUND' });
      expect(foreign.queries, `foreign read #${i + 1}`).toHaveLength(1);
    }
    expect(cache.size).toBe(0);

    const first = await read(ports, actorB, dossier.id);
    const second = await read(ports, actorB, dossier.id);
    expect(first.outcome).toStrictEqual({ found: dossier.id });
    expect(first.queries).toHaveLength(1);
    expect(second).toStrictEqual({ outcome: { found: dossier.id }, queries: [] });
    expect(cache.size).toBe(1);
  });
});

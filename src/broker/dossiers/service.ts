import { sql } from 'kysely';
import { parseParisDateTime } from '../dates.ts';
import { BrokerError } from '../errors.ts';
import type { BrokerDb } from '../db.ts';
import type { BrokerActor } from '../keys/keys.ts';
import { applyUpdate, checkConsistency } from './apply-update.ts';
import { contentFromProspect, contentFromProspectComplet } from './create-content.ts';
import { entityIdGenerator, newDossierId, newReference } from './ids.ts';
import { COLLECTIONS, CREDIT, type DossierContent, type Entity } from './model.ts';
import { renderDossier } from './render.ts';
import type { ProspectBody, ProspectCompletBody } from './schemas/create.ts';
import type { UpdateBody } from './schemas/update.ts';
import { summaryOf } from './summary.ts';

/** Called inside the write's transaction, so that what it records commits with the write or not at all. */
export type OnDossierWrite = (trx: BrokerDb, event: { dossierId: string; brokerId: string; kind: 'created' | 'updated' }) => Promise<void>;

export interface DossierPorts {
  db: BrokerDb;
  onWrite: OnDossierWrite;
  now?: () => Date;
}

const UNIQUE_VIOLATION = '23505';

async function insertDossier(ports: DossierPorts, actor: BrokerActor, content: DossierContent, reference: string) {
  const now = ports.now?.() ?? new Date();
  for (let attempt = 0; ; attempt++) {
    const id = newDossierId();
    try {
      await ports.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('broker.dossiers')
          .values({
            id,
            broker_id: actor.brokerId,
            reference,
            client: false,
            content: sql`${JSON.stringify(content)}::jsonb` as never,
            ...summaryOf(content),
            created_at: now,
            updated_at: now,
          })
          .execute();
        await ports.onWrite(trx, { dossierId: id, brokerId: actor.brokerId, kind: 'created' });
      });
      return { dossier: { ref: reference, id } };
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION && attempt < 3) continue;
      throw error;
    }
  }
}

export function createProspect(ports: DossierPorts, actor: BrokerActor, body: ProspectBody) {
  return insertDossier(ports, actor, contentFromProspect(body, entityIdGenerator()), newReference());
}

export function createProspectComplet(ports: DossierPorts, actor: BrokerActor, body: ProspectCompletBody) {
  const content = contentFromProspectComplet(body, entityIdGenerator());
  checkConsistency(content);
  return insertDossier(ports, actor, content, body.dossier?.reference || newReference());
}

/** Another broker's file answers exactly like a file that does not exist. */
const notFound = () => new BrokerError('REQUEST_NOT_FOUND');

export async function getDossier(ports: DossierPorts, actor: BrokerActor, id: string) {
  const row = await ports.db
    .selectFrom('broker.dossiers')
    .select(['id', 'reference', 'content', 'updated_at'])
    .where('id', '=', id)
    .where('broker_id', '=', actor.brokerId)
    .executeTakeFirst();
  if (!row) throw notFound();
  return renderDossier({ id: row.id, reference: row.reference, updatedAt: row.updated_at }, row.content);
}

/**
 * Applies an update under a row lock: two concurrent updates of one file run one after the other,
 * and the second applies to the result of the first, so neither is lost.
 */
export async function updateDossier(ports: DossierPorts, actor: BrokerActor, id: string, body: UpdateBody) {
  if (body.dossier.iddossier !== id) {
    throw new BrokerError('INVALID_FORM', [{ field: '$.dossier.iddossier', message: 'must be the id of the URL' }]);
  }
  const modifiedAt = body.dossier.datedernieremodification
    ? parseParisDateTime(body.dossier.datedernieremodification)!
    : (ports.now?.() ?? new Date());
  return ports.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('broker.dossiers')
      .select(['content'])
      .where('id', '=', id)
      .where('broker_id', '=', actor.brokerId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound();
    const content = applyUpdate(row.content, body as unknown as Record<string, unknown>, entityIdGenerator(idsOf(row.content)));
    await trx
      .updateTable('broker.dossiers')
      .set({
        reference: body.dossier.reference,
        client: true,
        content: sql`${JSON.stringify(content)}::jsonb` as never,
        ...summaryOf(content),
        updated_at: modifiedAt,
        version: sql`version + 1` as never,
      })
      .where('id', '=', id)
      .execute();
    await ports.onWrite(trx, { dossierId: id, brokerId: actor.brokerId, kind: 'updated' });
    return { dossier: { reference: body.dossier.reference, iddossier: id } };
  });
}

function idsOf(content: DossierContent): string[] {
  const ids: string[] = [];
  for (const [key, spec] of Object.entries(COLLECTIONS)) {
    for (const entity of content[key as keyof typeof COLLECTIONS] as Entity[]) {
      ids.push(String(entity[spec.idKey]));
      if (key === 'biens') for (const c of (entity.credits as Entity[]) ?? []) ids.push(String(c[CREDIT.idKey]));
    }
  }
  return ids;
}

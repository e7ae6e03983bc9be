import { sql } from 'kysely';
import { parseParisDateTime } from '../../platform/http/paris-dates.ts';
import { BrokerError } from '../errors.ts';
import type { BrokerDb } from '../db.ts';
import type { BrokerActor } from '../keys/keys.ts';
import { applyUpdate, checkConsistency } from './apply-update.ts';
import { contentFromProspect, contentFromProspectComplet } from './create-content.ts';
import { entityIdGenerator, newDossierId, newReference } from './ids.ts';
import { COLLECTIONS, CREDIT, type DossierContent, type Entity } from './model.ts';
import { renderDossier, type DossierMeta } from './render.ts';
import type { ProspectBody, ProspectCompletBody } from './schemas/create.ts';
import type { UpdateBody } from './schemas/update.ts';
import { summaryOf } from './summary.ts';
import { fileScope, listScope, type ReadCache } from './read-cache.ts';

/** Called inside the write's transaction, so that what it records commits with the write or not at all. */
export type OnDossierWrite = (trx: BrokerDb, event: { dossierId: string; brokerId: string; kind: 'created' | 'updated' }) => Promise<void>;

export interface DossierPorts {
  db: BrokerDb;
  onWrite: OnDossierWrite;
  /** Rendered reads; null when several processes may write (PostgreSQL). */
  cache: ReadCache | null;
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
      ports.cache?.invalidate(listScope(actor.brokerId));
      cacheFile(ports, actor.brokerId, { id, reference, updatedAt: now, version: 1 }, content);
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

/** The file as JSON text (guide §9), served from the read cache when it holds it. */
export async function getDossierJson(ports: DossierPorts, actor: BrokerActor, id: string): Promise<string> {
  const key = fileScope(id);
  const hit = ports.cache?.get(key);
  if (hit) {
    if (hit.owner !== actor.brokerId) throw notFound();
    return hit.text;
  }
  const epoch = ports.cache?.epoch ?? 0;
  const row = await ports.db
    .selectFrom('broker.dossiers')
    .select(['id', 'broker_id', 'reference', 'content', 'updated_at', 'version'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound();
  const text = JSON.stringify(renderDossier({ id: row.id, reference: row.reference, updatedAt: row.updated_at }, row.content));
  ports.cache?.set(key, key, epoch, row.broker_id, text, row.version);
  if (row.broker_id !== actor.brokerId) throw notFound();
  return text;
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
  const result = await ports.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('broker.dossiers')
      .select(['content'])
      .where('id', '=', id)
      .where('broker_id', '=', actor.brokerId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound();
    const content = applyUpdate(row.content, body as unknown as Record<string, unknown>, entityIdGenerator(idsOf(row.content)));
    const updated = await trx
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
      .returning('version')
      .executeTakeFirstOrThrow();
    await ports.onWrite(trx, { dossierId: id, brokerId: actor.brokerId, kind: 'updated' });
    return { content, version: updated.version };
  });
  const reference = body.dossier.reference;
  ports.cache?.invalidate(listScope(actor.brokerId));
  cacheFile(ports, actor.brokerId, { id, reference, updatedAt: modifiedAt, version: result.version }, result.content);
  return { dossier: { reference, iddossier: id } };
}

/** Write-through: the file just committed is what the next read will serve. */
function cacheFile(ports: DossierPorts, brokerId: string, meta: DossierMeta & { version: number }, content: DossierContent) {
  if (!ports.cache) return;
  const key = fileScope(meta.id);
  ports.cache.set(key, key, null, brokerId, JSON.stringify(renderDossier(meta, content)), meta.version);
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

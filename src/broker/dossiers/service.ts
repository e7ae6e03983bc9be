import { sql } from 'kysely';
import { parseParisDateTime } from '../../platform/http/paris-dates.ts';
import { BrokerError } from '../errors.ts';
import type { BrokerDb } from '../db.ts';
import type { BrokerActor } from '../keys/keys.ts';
import { applyUpdate, checkConsistency } from './apply-update.ts';
import { contentFromProspect, contentFromProspectComplet } from './create-content.ts';
import { entityIdGenerator, newDossierId, newReference } from './ids.ts';
import { COLLECTIONS, CREDIT, type DossierContent, type Entity } from './model.ts';
import { renderDossierJson, type DossierMeta } from './render.ts';
import type { ProspectBody, ProspectCompletBody } from './schemas/create.ts';
import type { UpdateBody } from './schemas/update.ts';
import { summaryOf } from './summary.ts';
import { fileKey, LIST_SCOPE, type ReadCache } from './read-cache.ts';

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
    const meta = { id, reference, updatedAt: now, version: 1 };
    const rendered = renderDossierJson(meta, content);
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
            rendered,
            ...summaryOf(content),
            created_at: now,
            updated_at: now,
          })
          .execute();
        await ports.onWrite(trx, { dossierId: id, brokerId: actor.brokerId, kind: 'created' });
      });
      ports.cache?.invalidate(actor.brokerId, LIST_SCOPE);
      cacheFile(ports, actor.brokerId, meta, rendered);
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

/**
 * The one query of a file read: the broker's own file only, so that another broker's id finds
 * nothing, exactly like an unknown id. `bench/broker.ts` runs this same query as its baseline.
 */
export function selectStoredDossier(db: BrokerDb, brokerId: string, id: string) {
  return db.selectFrom('broker.dossiers').select(['rendered', 'version']).where('id', '=', id).where('broker_id', '=', brokerId);
}

/** The file as JSON text (guide §9): the broker's cached copy, or the text stored with the file. */
export async function getDossierJson(ports: DossierPorts, actor: BrokerActor, id: string): Promise<string> {
  const key = fileKey(id);
  const hit = ports.cache?.get(actor.brokerId, key);
  if (hit !== undefined) return hit;
  const epoch = ports.cache?.epoch ?? 0;
  const row = await selectStoredDossier(ports.db, actor.brokerId, id).executeTakeFirst();
  if (!row) throw notFound();
  const text = row.rendered ?? (await renderFromContent(ports.db, id));
  ports.cache?.set(actor.brokerId, key, key, epoch, text, row.version);
  return text;
}

/** A file last written before the `rendered` column existed is rendered from its content. */
async function renderFromContent(db: BrokerDb, id: string): Promise<string> {
  const row = await db.selectFrom('broker.dossiers').select(['reference', 'content', 'updated_at']).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return renderDossierJson({ id, reference: row.reference, updatedAt: row.updated_at }, row.content);
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
    const rendered = renderDossierJson({ id, reference: body.dossier.reference, updatedAt: modifiedAt }, content);
    const updated = await trx
      .updateTable('broker.dossiers')
      .set({
        reference: body.dossier.reference,
        client: true,
        content: sql`${JSON.stringify(content)}::jsonb` as never,
        rendered,
        ...summaryOf(content),
        updated_at: modifiedAt,
        version: sql`version + 1` as never,
      })
      .where('id', '=', id)
      .returning('version')
      .executeTakeFirstOrThrow();
    await ports.onWrite(trx, { dossierId: id, brokerId: actor.brokerId, kind: 'updated' });
    return { rendered, version: updated.version };
  });
  const reference = body.dossier.reference;
  ports.cache?.invalidate(actor.brokerId, LIST_SCOPE);
  cacheFile(ports, actor.brokerId, { id, reference, updatedAt: modifiedAt, version: result.version }, result.rendered);
  return { dossier: { reference, iddossier: id } };
}

/** Write-through: the file just committed is what its owner's next read will serve. */
function cacheFile(ports: DossierPorts, brokerId: string, meta: DossierMeta & { version: number }, rendered: string) {
  const key = fileKey(meta.id);
  ports.cache?.set(brokerId, key, key, null, rendered, meta.version);
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

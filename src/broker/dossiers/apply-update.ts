import { BrokerError, type FieldProblem } from '../errors.ts';
import {
  COLLECTIONS,
  CREDIT,
  PROJECT_KEYS,
  WISHES_KEYS,
  pick,
  type CollectionKey,
  type CollectionSpec,
  type DossierContent,
  type Entity,
  type IdGenerator,
} from './model.ts';

export const MAX_BORROWERS = 12;

/**
 * Applies a `PUT /dossiers/{id}` body (guide §10) to a stored file, purely. Each entity is upserted
 * by id: `null` creates it, a known id updates the fields sent (absent fields are kept, `null`
 * clears), `supprimer: true` deletes it. Entities the body does not mention are kept. An id that
 * is not in this file (unknown, or another file's) is rejected, like every broken link.
 */
export function applyUpdate(current: DossierContent, body: Record<string, unknown>, newId: IdGenerator): DossierContent {
  const problems: FieldProblem[] = [];
  const next: DossierContent = structuredClone(current);

  for (const key of Object.keys(COLLECTIONS) as CollectionKey[]) {
    const inputKey = key === 'simulations' && body.simulations === undefined ? 'simulation' : key;
    const items = body[inputKey] as Entity[] | undefined;
    if (!items) continue;
    next[key] = upsertCollection(next[key], items, COLLECTIONS[key], `$.${inputKey}`, newId, problems, (stored, item, path) => {
      if (key === 'biens') upsertPropertyCredits(stored, item, path, newId, problems);
    });
  }
  if (body.projet !== undefined) next.projet = body.projet === null ? null : merge(next.projet ?? {}, body.projet as Entity, PROJECT_KEYS);
  if (body.souhaitsclient !== undefined) {
    next.souhaitsclient = body.souhaitsclient === null ? null : merge(next.souhaitsclient ?? {}, body.souhaitsclient as Entity, WISHES_KEYS);
  }
  if (problems.length) throw new BrokerError('INVALID_FORM', problems);

  checkConsistency(next);
  return next;
}

type AfterUpsert = (stored: Entity, item: Entity, path: string) => void;

function upsertCollection(
  list: Entity[],
  items: Entity[],
  spec: CollectionSpec,
  basePath: string,
  newId: IdGenerator,
  problems: FieldProblem[],
  after?: AfterUpsert,
): Entity[] {
  const result = [...list];
  const seen = new Set<string>();
  const fields = spec.keys.filter((k) => k !== spec.idKey && k !== 'credits');
  items.forEach((item, index) => {
    const path = `${basePath}[${index}]`;
    const id = item[spec.idKey] as string | null;
    if (id === null || id === undefined) {
      if (item.supprimer === true) {
        problems.push({ field: `${path}.${spec.idKey}`, message: 'an entity to delete needs its id' });
        return;
      }
      const created: Entity = { [spec.idKey]: newId(), ...clean(pick(item, fields)) };
      result.push(created);
      after?.(created, item, path);
      return;
    }
    if (seen.has(id)) {
      problems.push({ field: `${path}.${spec.idKey}`, message: `id ${id} appears twice in this request` });
      return;
    }
    seen.add(id);
    const position = result.findIndex((e) => e[spec.idKey] === id);
    if (position < 0) {
      problems.push({ field: `${path}.${spec.idKey}`, message: `no entity with id ${id} in this file` });
      return;
    }
    if (item.supprimer === true) {
      result.splice(position, 1);
      return;
    }
    const updated = merge(result[position]!, item, fields);
    result[position] = updated;
    after?.(updated, item, path);
  });
  return result;
}

function upsertPropertyCredits(property: Entity, item: Entity, path: string, newId: IdGenerator, problems: FieldProblem[]) {
  const credits = (item.credits as Entity[] | undefined) ?? (item.credit ? [item.credit as Entity] : undefined);
  const creditsPath = item.credits !== undefined ? `${path}.credits` : `${path}.credit`;
  const stored = (property.credits as Entity[] | undefined) ?? [];
  property.credits = credits ? upsertCollection(stored, credits, CREDIT, creditsPath, newId, problems) : stored;
}

/** Fields sent replace stored ones; `null` removes the value; absent fields are kept. */
function merge(stored: Entity, input: Entity, fields: string[]): Entity {
  const out: Entity = { ...stored };
  for (const f of fields) {
    if (input[f] === undefined) continue;
    if (input[f] === null) delete out[f];
    else out[f] = input[f];
  }
  return out;
}

function clean(entity: Entity): Entity {
  for (const k of Object.keys(entity)) if (entity[k] === null) delete entity[k];
  return entity;
}

/** Rules that hold on the whole file after the update. */
export function checkConsistency(content: DossierContent): void {
  const problems: FieldProblem[] = [];
  const numbers = new Set<number>();
  for (const borrower of content.emprunteurs) {
    const numero = borrower.numero as number;
    if (numbers.has(numero)) problems.push({ field: '$.emprunteurs', message: `two borrowers have numero ${numero}` });
    numbers.add(numero);
  }
  if (content.emprunteurs.length === 0) {
    throw new BrokerError('INCOMPLETE_FORM', [{ field: '$.emprunteurs', message: 'a file keeps at least one borrower' }]);
  }
  if (content.emprunteurs.length > MAX_BORROWERS) {
    throw new BrokerError('TOO_MANY_ARGUMENTS', [{ field: '$.emprunteurs', message: `a file has at most ${MAX_BORROWERS} borrowers` }]);
  }
  const checkLinks = (entity: Entity, spec: CollectionSpec, where: string) => {
    for (const link of spec.links) {
      const value = entity[link];
      if (typeof value === 'number' && !numbers.has(value)) {
        problems.push({ field: `${where}.${link}`, message: `no borrower with numero ${value} (${spec.idKey} ${String(entity[spec.idKey])})` });
      }
    }
  };
  for (const key of Object.keys(COLLECTIONS) as CollectionKey[]) {
    for (const entity of content[key]) {
      checkLinks(entity, COLLECTIONS[key], `$.${key}`);
      if (key === 'biens') for (const credit of (entity.credits as Entity[]) ?? []) checkLinks(credit, CREDIT, '$.biens.credits');
    }
  }
  if (problems.length) throw new BrokerError('INVALID_FORM', problems);
  for (const property of content.biens) {
    if (property.bienpaye === true && ((property.credits as Entity[]) ?? []).length > 0) {
      throw new BrokerError('PAID_PROPERTY_WITH_CREDIT', [
        { field: '$.biens', message: `property ${String(property.idbien)} is paid but has a credit` },
      ]);
    }
  }
}

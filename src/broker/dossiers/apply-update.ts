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
  const sentAt: SentAt = new Map();

  if (body.simulations !== undefined && body.simulation !== undefined) {
    problems.push({ field: '$.simulation', message: 'send the simulations in simulations or in simulation, not both' });
  }
  for (const key of Object.keys(COLLECTIONS) as CollectionKey[]) {
    const inputKey = key === 'simulations' && body.simulations === undefined ? 'simulation' : key;
    const items = body[inputKey] as Entity[] | undefined;
    if (!items) continue;
    next[key] = upsertCollection(next[key], items, COLLECTIONS[key], `$.${inputKey}`, newId, problems, sentAt, (stored, item, path) => {
      if (key === 'biens') upsertPropertyCredits(stored, item, path, newId, problems, sentAt);
    });
  }
  if (body.projet !== undefined) next.projet = body.projet === null ? null : merge(next.projet ?? {}, body.projet as Entity, PROJECT_KEYS);
  if (body.souhaitsclient !== undefined) {
    next.souhaitsclient = body.souhaitsclient === null ? null : merge(next.souhaitsclient ?? {}, body.souhaitsclient as Entity, WISHES_KEYS);
  }
  if (problems.length) throw new BrokerError('INVALID_FORM', problems);

  checkConsistency(next, sentAt);
  return next;
}

type AfterUpsert = (stored: Entity, item: Entity, path: string) => void;

/**
 * The request path (`$.enfants[1]`) of each entity the body created or updated, so that a rule
 * broken on the resulting file names the field the client sent, not a position it never saw.
 */
type SentAt = Map<Entity, string>;

function upsertCollection(
  list: Entity[],
  items: Entity[],
  spec: CollectionSpec,
  basePath: string,
  newId: IdGenerator,
  problems: FieldProblem[],
  sentAt: SentAt,
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
      const created: Entity = { [spec.idKey]: newId(), ...spec.defaults, ...clean(pick(item, fields)) };
      result.push(created);
      sentAt.set(created, path);
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
    sentAt.set(updated, path);
    after?.(updated, item, path);
  });
  return result;
}

function upsertPropertyCredits(property: Entity, item: Entity, path: string, newId: IdGenerator, problems: FieldProblem[], sentAt: SentAt) {
  const credits = (item.credits as Entity[] | undefined) ?? (item.credit ? [item.credit as Entity] : undefined);
  const creditsPath = item.credits !== undefined ? `${path}.credits` : `${path}.credit`;
  const stored = (property.credits as Entity[] | undefined) ?? [];
  property.credits = credits ? upsertCollection(stored, credits, CREDIT, creditsPath, newId, problems, sentAt) : stored;
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

/**
 * Rules that hold on the whole file after the update. A problem is named by the request path of
 * the entity when the request sent it (`sentAt`), else by its path in the file as GET shows it.
 */
export function checkConsistency(content: DossierContent, sentAt: SentAt = new Map()): void {
  const problems: FieldProblem[] = [];
  const pathOf = (entity: Entity, stored: string) => sentAt.get(entity) ?? stored;
  const numbers = new Set<number>();
  content.emprunteurs.forEach((borrower, i) => {
    const numero = borrower.numero as number;
    if (numbers.has(numero)) {
      problems.push({ field: `${pathOf(borrower, `$.emprunteurs[${i}]`)}.numero`, message: `two borrowers have numero ${numero}` });
    }
    numbers.add(numero);
  });
  if (content.emprunteurs.length === 0) {
    throw new BrokerError('INCOMPLETE_FORM', [{ field: '$.emprunteurs', message: 'a file keeps at least one borrower' }]);
  }
  if (content.emprunteurs.length > MAX_BORROWERS) {
    throw new BrokerError('TOO_MANY_ARGUMENTS', [{ field: '$.emprunteurs', message: `a file has at most ${MAX_BORROWERS} borrowers` }]);
  }
  const checkLinks = (entity: Entity, spec: CollectionSpec, storedPath: string) => {
    const sent = sentAt.has(entity);
    for (const link of spec.links) {
      const value = entity[link];
      if (typeof value === 'number' && !numbers.has(value)) {
        problems.push({
          field: `${pathOf(entity, storedPath)}.${link}`,
          message: sent
            ? `no borrower with numero ${value}`
            : `no borrower with numero ${value} any more (${spec.idKey} ${String(entity[spec.idKey])}, kept from the file)`,
        });
      }
    }
  };
  for (const key of Object.keys(COLLECTIONS) as CollectionKey[]) {
    content[key].forEach((entity, i) => {
      checkLinks(entity, COLLECTIONS[key], `$.${key}[${i}]`);
      if (key === 'biens') {
        ((entity.credits as Entity[]) ?? []).forEach((credit, j) => checkLinks(credit, CREDIT, `$.biens[${i}].credits[${j}]`));
      }
    });
  }
  if (problems.length) throw new BrokerError('INVALID_FORM', problems);
  content.biens.forEach((property, i) => {
    if (property.bienpaye === true && ((property.credits as Entity[]) ?? []).length > 0) {
      throw new BrokerError('PAID_PROPERTY_WITH_CREDIT', [
        { field: `${pathOf(property, `$.biens[${i}]`)}.credits`, message: `property ${String(property.idbien)} is paid but has a credit` },
      ]);
    }
  });
}

import { formatParisDateTime, parisDay, formatFrenchDate } from '../../platform/http/paris-dates.ts';
import type { BrokerActor } from '../keys/keys.ts';
import { setImmediate } from 'node:timers/promises';
import type { Generated } from 'kysely';
import type { BrokerTables } from '../db.ts';
import type { DossierPorts } from './service.ts';
import { LIST_SCOPE } from './read-cache.ts';

export interface ListQuery {
  pageIndex?: number;
  nbItems?: number;
  orderBy?: 'datecreation' | 'datedernieremodification';
}

const LIST_COLUMNS = [
  'id', 'reference', 'client', 'emprunteur', 'natureprojet', 'created_at', 'dateconditionsuspensive',
  'datesignature', 'avancement', 'etape', 'email', 'updated_at',
] as const;

const orderColumn = (query: ListQuery) => (query.orderBy === 'datedernieremodification' ? 'updated_at' : 'created_at');

/**
 * The broker's files, newest first (guide §8). Without `nbItems` every file is returned (see
 * `streamAllDossiers`); with it, page `pageIndex` (from 1, default 1) of that size. Ties on the date
 * are broken by id so that pages neither repeat nor skip a file.
 */
export async function listPageJson(ports: DossierPorts, actor: BrokerActor, query: ListQuery & { nbItems: number }): Promise<string> {
  const key = `${LIST_SCOPE}:${orderColumn(query)}:${query.pageIndex ?? 1}:${query.nbItems}`;
  const hit = ports.cache?.get(actor.brokerId, key);
  if (hit) return hit;
  const epoch = ports.cache?.epoch ?? 0;
  const text = JSON.stringify(await listDossiers(ports, actor, query));
  ports.cache?.set(actor.brokerId, key, LIST_SCOPE, epoch, text);
  return text;
}

export async function listDossiers(ports: DossierPorts, actor: BrokerActor, query: ListQuery) {
  let select = ports.db
    .selectFrom('broker.dossiers')
    .select(LIST_COLUMNS)
    .where('broker_id', '=', actor.brokerId)
    .orderBy(orderColumn(query), 'desc')
    .orderBy('id', 'desc');
  if (query.nbItems !== undefined) {
    select = select.limit(query.nbItems).offset(((query.pageIndex ?? 1) - 1) * query.nbItems);
  }
  return (await select.execute()).map(toListItem);
}

export const STREAM_BATCH = 1000;

/**
 * The whole list, as JSON text in chunks. A broker may have 100 000 files: reading and rendering
 * them at once would hold the event loop (and the embedded database) for seconds. The order is
 * fixed first, from one light query on the index; the rows then follow in batches, each a short
 * query, so other requests are served in between. A file changed meanwhile is listed once, at its
 * place in that order, with its newest values.
 */
export async function* streamAllDossiers(
  ports: DossierPorts,
  actor: BrokerActor,
  query: ListQuery,
  batchSize = STREAM_BATCH,
): AsyncGenerator<string> {
  const order = await ports.db
    .selectFrom('broker.dossiers')
    .select('id')
    .where('broker_id', '=', actor.brokerId)
    .orderBy(orderColumn(query), 'desc')
    .orderBy('id', 'desc')
    .execute();
  yield '[';
  let separator = '';
  for (let start = 0; start < order.length; start += batchSize) {
    // The embedded database answers through microtasks only: without this, the loop would never
    // let the event loop reach other requests' I/O until the last batch.
    await setImmediate();
    const ids = order.slice(start, start + batchSize).map((r) => r.id);
    const rows = await ports.db
      .selectFrom('broker.dossiers')
      .select(LIST_COLUMNS)
      .where('broker_id', '=', actor.brokerId)
      .where('id', 'in', ids)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const items = ids.flatMap((id) => (byId.has(id) ? [JSON.stringify(toListItem(byId.get(id)!))] : []));
    if (!items.length) continue;
    yield separator + items.join(',');
    separator = ',';
  }
  yield ']';
}

type ListRow = { [K in (typeof LIST_COLUMNS)[number]]: BrokerTables['broker.dossiers'][K] extends Generated<infer T> ? T : BrokerTables['broker.dossiers'][K] };

function toListItem(r: ListRow) {
  return {
    iddossier: r.id,
    reference: r.reference,
    client: r.client,
    emprunteur: r.emprunteur,
    natureprojet: r.natureprojet,
    datecreation: formatFrenchDate(parisDay(r.created_at)),
    dateconditionsuspensive: r.dateconditionsuspensive,
    datesignature: r.datesignature,
    avancement: r.avancement,
    etape: r.etape,
    email: r.email,
    datedernieremodification: formatParisDateTime(r.updated_at),
  };
}

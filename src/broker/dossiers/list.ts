import { formatParisDateTime, parisDay, formatFrenchDate } from '../dates.ts';
import type { BrokerActor } from '../keys/keys.ts';
import type { DossierPorts } from './service.ts';
import { listScope } from './read-cache.ts';

export interface ListQuery {
  pageIndex?: number;
  nbItems?: number;
  orderBy?: 'datecreation' | 'datedernieremodification';
}

/**
 * The broker's files, newest first (guide §8). Without `nbItems` every file is returned; with it,
 * page `pageIndex` (from 1, default 1) of that size. Ties on the date are broken by id so that
 * pages neither repeat nor skip a file.
 */
export async function listDossiersJson(ports: DossierPorts, actor: BrokerActor, query: ListQuery): Promise<string> {
  // The whole list (no nbItems) can be large for a big broker: it is not worth a cache slot.
  const cacheable = ports.cache && query.nbItems !== undefined;
  const key = `${listScope(actor.brokerId)}:${query.orderBy ?? 'datecreation'}:${query.pageIndex ?? 1}:${query.nbItems}`;
  const hit = cacheable ? ports.cache!.get(key) : undefined;
  if (hit) return hit.text;
  const epoch = ports.cache?.epoch ?? 0;
  const text = JSON.stringify(await listDossiers(ports, actor, query));
  if (cacheable) ports.cache!.set(key, listScope(actor.brokerId), epoch, actor.brokerId, text);
  return text;
}

export async function listDossiers(ports: DossierPorts, actor: BrokerActor, query: ListQuery) {
  const column = query.orderBy === 'datedernieremodification' ? 'updated_at' : 'created_at';
  let select = ports.db
    .selectFrom('broker.dossiers')
    .select([
      'id', 'reference', 'client', 'emprunteur', 'natureprojet', 'created_at', 'dateconditionsuspensive',
      'datesignature', 'avancement', 'etape', 'email', 'updated_at',
    ])
    .where('broker_id', '=', actor.brokerId)
    .orderBy(column, 'desc')
    .orderBy('id', 'desc');
  if (query.nbItems !== undefined) {
    select = select.limit(query.nbItems).offset(((query.pageIndex ?? 1) - 1) * query.nbItems);
  }
  const rows = await select.execute();
  return rows.map((r) => ({
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
  }));
}

import { formatParisDateTime } from '../../platform/http/paris-dates.ts';
import { COLLECTIONS, CREDIT, PROJECT_KEYS, WISHES_KEYS, type CollectionKey, type DossierContent, type Entity } from './model.ts';

export interface DossierMeta {
  id: string;
  reference: string;
  updatedAt: Date;
}

/** Every documented key is present; what the file does not know is `null`. */
function shape(entity: Entity, keys: string[]): Entity {
  const out: Entity = {};
  for (const k of keys) out[k] = entity[k] ?? null;
  return out;
}

/** The file as `GET /dossiers/{iddossier}` returns it (guide §9), keys in the guide's order. */
export function renderDossier(meta: DossierMeta, content: DossierContent): Entity {
  const collection = (key: CollectionKey) => content[key].map((e) => shape(e, COLLECTIONS[key].keys));
  return {
    emprunteurs: collection('emprunteurs'),
    situationsprofessionnelles: collection('situationsprofessionnelles'),
    dossier: { iddossier: meta.id, reference: meta.reference, datedernieremodification: formatParisDateTime(meta.updatedAt) },
    projet: content.projet ? shape(content.projet, PROJECT_KEYS) : null,
    enfants: collection('enfants'),
    biens: content.biens.map((b) => ({
      ...shape(b, COLLECTIONS.biens.keys),
      credits: ((b.credits as Entity[]) ?? []).map((c) => shape(c, CREDIT.keys)),
    })),
    creditsconso: collection('creditsconso'),
    autresrevenus: collection('autresrevenus'),
    autrescharges: collection('autrescharges'),
    situationsbancaires: collection('situationsbancaires'),
    souhaitsclient: content.souhaitsclient ? shape(content.souhaitsclient, WISHES_KEYS) : null,
    simulations: collection('simulations'),
  };
}

/**
 * The answer as JSON text. Written to the `rendered` column with every change of the file, so that
 * a read sends the stored text (see `getDossierJson`).
 */
export function renderDossierJson(meta: DossierMeta, content: DossierContent): string {
  return JSON.stringify(renderDossier(meta, content));
}

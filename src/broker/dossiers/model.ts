import * as F from './schemas/fields.ts';

/**
 * A stored loan file, kept in the output shape of the guide (§9): collections of entities, each
 * with its own id, linked to borrowers by their `numero`. Values are the client's, as validated.
 */
export type Entity = Record<string, unknown>;

export interface DossierContent {
  emprunteurs: Entity[];
  situationsprofessionnelles: Entity[];
  projet: Entity | null;
  enfants: Entity[];
  biens: Entity[];
  creditsconso: Entity[];
  autresrevenus: Entity[];
  autrescharges: Entity[];
  situationsbancaires: Entity[];
  souhaitsclient: Entity | null;
  simulations: Entity[];
}

export type CollectionKey = Exclude<keyof DossierContent, 'projet' | 'souhaitsclient'>;

/** How a collection's entities are named, which fields they carry and how they link to borrowers. */
export interface CollectionSpec {
  idKey: string;
  /** Output keys in the guide's order, id first. */
  keys: string[];
  /** Fields holding a borrower `numero`. */
  links: string[];
  /** Values a new entity gets when the client does not send them. */
  defaults?: Entity;
}

const keys = (idKey: string, ...groups: (string[] | Record<string, unknown>)[]) => [
  idKey,
  ...groups.flatMap((g) => (Array.isArray(g) ? g : Object.keys(g))),
];

export const CREDIT: CollectionSpec = {
  idKey: 'idcredit',
  keys: keys('idcredit', ['numeroemprunteur1', 'numeroemprunteur2'], F.credit),
  links: ['numeroemprunteur1', 'numeroemprunteur2'],
};

export const COLLECTIONS: Record<CollectionKey, CollectionSpec> = {
  emprunteurs: {
    idKey: 'idemprunteur',
    keys: [...keys('idemprunteur', F.borrowerIdentity), 'numero'],
    links: [],
    // The guide's §9 example shows `false` for a borrower whose §7 input did not say: no consent.
    defaults: { accordrecueildonnees: false },
  },
  situationsprofessionnelles: {
    idKey: 'idsituationprofessionnelle',
    keys: keys('idsituationprofessionnelle', ['numeroemprunteur'], F.jobSituation),
    links: ['numeroemprunteur'],
  },
  enfants: { idKey: 'idenfant', keys: keys('idenfant', F.child), links: [] },
  biens: {
    idKey: 'idbien',
    keys: [...keys('idbien', ['numeroemprunteur1', 'numeroemprunteur2'], F.property), 'credits'],
    links: ['numeroemprunteur1', 'numeroemprunteur2'],
  },
  creditsconso: CREDIT,
  autresrevenus: { idKey: 'idrevenu', keys: keys('idrevenu', ['numeroemprunteur'], F.income), links: ['numeroemprunteur'] },
  autrescharges: { idKey: 'idcharge', keys: keys('idcharge', ['numeroemprunteur'], F.charge), links: ['numeroemprunteur'] },
  situationsbancaires: {
    idKey: 'idsituation',
    keys: keys('idsituation', ['numeroemprunteur1', 'numeroemprunteur2'], F.bankSituation),
    links: ['numeroemprunteur1', 'numeroemprunteur2'],
  },
  simulations: { idKey: 'idsimulation', keys: keys('idsimulation', F.simulation), links: [] },
};

export const PROJECT_KEYS = Object.keys(F.project);
export const WISHES_KEYS = Object.keys(F.wishes);

export function emptyContent(): DossierContent {
  return {
    emprunteurs: [],
    situationsprofessionnelles: [],
    projet: null,
    enfants: [],
    biens: [],
    creditsconso: [],
    autresrevenus: [],
    autrescharges: [],
    situationsbancaires: [],
    souhaitsclient: null,
    simulations: [],
  };
}

/** Generates entity ids: opaque strings shaped like the guide's ("23156-54875"). */
export type IdGenerator = () => string;

/** Copies only the given keys that the source actually has (absent stays absent). */
export function pick(source: Entity, fields: string[]): Entity {
  const out: Entity = {};
  for (const f of fields) if (source[f] !== undefined) out[f] = source[f];
  return out;
}

/**
 * v2 routes → the v3 operation and parameters they stand for (spec §6.1, §6.2). Pure.
 */
export type V2Query = Record<string, unknown>;

export interface V2Route {
  path: string;
  /** Key of the response table (responses.ts). */
  table: string;
  /** The v3 path and query for a v2 query. */
  resolve(query: V2Query): { path: string; query: Record<string, unknown> };
}

const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? v[0] : v === undefined ? undefined : String(v));
const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));

/** DSS civility: the v2 names lost "De", the birthplace codes gained "Cog" (spec §6.2). */
const DSS_RENAMES: Record<string, string> = {
  nomNaissance: 'nomNaissance',
  nomUsage: 'nomUsage',
  'prenoms[]': 'prenoms[]',
  anneeDateDeNaissance: 'anneeDateNaissance',
  moisDateDeNaissance: 'moisDateNaissance',
  jourDateDeNaissance: 'jourDateNaissance',
  codeInseeLieuDeNaissance: 'codeCogInseeCommuneNaissance',
  codePaysLieuDeNaissance: 'codeCogInseePaysNaissance',
  sexe: 'sexeEtatCivil',
  nomCommuneNaissance: 'nomCommuneNaissance',
  codeInseeDepartementNaissance: 'codeCogInseeDepartementNaissance',
  annee: 'annee',
  mois: 'mois',
  recipient: 'recipient',
};

export function renameDss(query: V2Query): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [v2, v3] of Object.entries(DSS_RENAMES)) {
    const value = query[v2];
    if (value === undefined) continue;
    out[v3] = v2 === 'sexe' && typeof value === 'string' ? value.toUpperCase() : value;
  }
  return out;
}

/** `YYYY-MM-DD` → the three v3 date parts (unsplittable values pass as the year, so v3 reports them). */
export function splitDate(value: unknown): Record<string, unknown> {
  const text = str(value);
  if (text === undefined) return {};
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return { anneeDateNaissance: text };
  return { anneeDateNaissance: match[1], moisDateNaissance: match[2], jourDateNaissance: match[3] };
}

function student(query: V2Query, firstNames: (q: V2Query) => unknown): Record<string, unknown> {
  const sexe = str(query.sexe);
  return defined({
    recipient: query.recipient,
    nomNaissance: query.nom,
    'prenoms[]': firstNames(query),
    ...splitDate(query.dateDeNaissance),
    codeCogInseeCommuneNaissance: query.lieuDeNaissance,
    sexeEtatCivil: sexe?.toUpperCase(),
  });
}

const dss = (path: string, table: string, v3: string): V2Route => ({ path, table, resolve: (q) => ({ path: v3, query: renameDss(q) }) });

export const V2_ROUTES: V2Route[] = [
  dss('/api/v2/composition-familiale-v2', 'quotient_familial', '/v3/dss/quotient_familial/identite'),
  dss('/api/v2/revenu-solidarite-active', 'rsa', '/v3/dss/revenu_solidarite_active/identite'),
  dss('/api/v2/prime-activite', 'prime_activite', '/v3/dss/prime_activite/identite'),
  dss('/api/v2/allocation-adulte-handicape', 'aah', '/v3/dss/allocation_adulte_handicape/identite'),
  dss('/api/v2/allocation-soutien-familial', 'asf', '/v3/dss/allocation_soutien_familial/identite'),
  dss('/api/v2/complementaire-sante-solidaire', 'c2s', '/v3/dss/complementaire_sante_solidaire/identite'),
  {
    path: '/api/v2/etudiants',
    table: 'etudiants',
    resolve: (q) =>
      q.ine !== undefined
        ? { path: '/v3/mesri/statut_etudiant/ine', query: defined({ recipient: q.recipient, ine: q.ine }) }
        : { path: '/v3/mesri/statut_etudiant/identite', query: student(q, (x) => x.prenom) },
  },
  {
    path: '/api/v2/etudiants-boursiers',
    table: 'etudiants_boursiers',
    resolve: (q) =>
      q.ine !== undefined
        ? { path: '/v3/cnous/etudiant_boursier/ine', query: defined({ recipient: q.recipient, ine: q.ine }) }
        : { path: '/v3/cnous/etudiant_boursier/identite', query: student(q, (x) => str(x.prenoms)?.split(/\s+/).filter(Boolean)) },
  },
  {
    path: '/api/v2/scolarites',
    table: 'scolarites',
    resolve: (q) => ({
      path: '/v3/men/scolarites/identite',
      query: defined({
        recipient: q.recipient,
        nomNaissance: q.nom,
        'prenoms[]': q.prenom,
        sexeEtatCivil: str(q.sexe)?.toUpperCase(),
        ...splitDate(q.dateNaissance),
        codeEtablissement: q.codeEtablissement,
        anneeScolaire: q.anneeScolaire,
      }),
    }),
  },
  {
    path: '/api/v2/situations-pole-emploi',
    table: 'situations_pole_emploi',
    resolve: (q) => ({ path: '/v3/france_travail/statut/identifiant', query: defined({ recipient: q.recipient, identifiant: q.identifiant }) }),
  },
  {
    path: '/api/v2/paiements-pole-emploi',
    table: 'paiements_pole_emploi',
    resolve: (q) => ({ path: '/v3/france_travail/indemnites/identifiant', query: defined({ recipient: q.recipient, identifiant: q.identifiant }) }),
  },
];

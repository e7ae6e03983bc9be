import { ParticulierError } from '../../errors.ts';
import type { FranceConnectIdentity } from '../provider.ts';
import type { ProviderParams } from '../../params/civility.ts';
import type { Operation } from '../../catalogue/operations.ts';

/** The identity-pivot scopes an FC token must carry (spec §7.1). */
const PIVOT = ['given_name', 'family_name', 'birthdate', 'gender', 'birthplace', 'birthcountry'];
const ALIASES: Record<string, string[]> = { identite_pivot: PIVOT, profile: ['given_name', 'family_name', 'birthdate', 'gender'], birth: ['birthplace', 'birthcountry'] };

/** Reads an introspection document (`{token_introspection: {...}}`, spec §7.2 step 2). */
export function identityFromIntrospection(document: unknown): FranceConnectIdentity {
  const ti = (document as { token_introspection?: Record<string, unknown> } | null)?.token_introspection;
  if (!ti || ti.active === false) throw ParticulierError.generic('50002');
  const scopes = typeof ti.scope === 'string' ? ti.scope.split(/\s+/).filter(Boolean) : Array.isArray(ti.scope) ? (ti.scope as string[]) : [];
  const granted = new Set(scopes.flatMap((s) => ALIASES[s] ?? [s]));
  const missing = PIVOT.filter((s) => !granted.has(s));
  if (missing.length) {
    throw ParticulierError.generic('50003', {
      detail: `Le jeton d'accès FranceConnect ne contient pas les scopes d'identité pivot requis (scopes présents : ${scopes.join(', ') || 'aucun'}).`,
    });
  }
  const pick = (k: string) => (typeof ti[k] === 'string' ? (ti[k] as string) : undefined);
  return {
    scopes,
    family_name: pick('family_name'),
    given_name: pick('given_name'),
    birthdate: pick('birthdate'),
    gender: pick('gender'),
    birthplace: pick('birthplace'),
    birthcountry: pick('birthcountry'),
    preferred_username: pick('preferred_username'),
  };
}

/** Civility keys of the DSS block, used for operations without an `identite` twin (ANTS). */
const DSS_CIVILITY = [
  'nomNaissance', 'nomUsage', 'prenoms', 'anneeDateNaissance', 'moisDateNaissance', 'jourDateNaissance',
  'sexeEtatCivil', 'codeCogInseePaysNaissance', 'codeCogInseeCommuneNaissance',
];

/**
 * FranceConnect identity → the civility parameters of the `identite` route (spec §7.2 step 4),
 * restricted to the parameters that route declares (CNOUS has no country, GIP-MDS no sex), plus
 * the FC route's own parameters (QF period, ANTS plate).
 */
export function civilityFromIdentity(identity: FranceConnectIdentity, twin: Operation | undefined, own: ProviderParams): ProviderParams {
  const [year, month, day] = (identity.birthdate ?? '').split('-').map((x) => Number.parseInt(x, 10));
  const all: ProviderParams = {};
  if (identity.preferred_username) all.nomUsage = identity.preferred_username;
  if (identity.family_name) all.nomNaissance = identity.family_name;
  if (identity.given_name) all.prenoms = identity.given_name.split(/\s+/).filter(Boolean);
  if (year) all.anneeDateNaissance = year;
  if (month) all.moisDateNaissance = month;
  if (day) all.jourDateNaissance = day;
  if (identity.birthcountry) all.codeCogInseePaysNaissance = identity.birthcountry;
  if (identity.birthplace && identity.birthcountry === '99100') all.codeCogInseeCommuneNaissance = identity.birthplace;
  if (identity.gender) all.sexeEtatCivil = identity.gender === 'male' ? 'M' : 'F';
  const allowed = twin ? twin.parameters.map((p) => p.name.replace(/\[\]$/, '')) : DSS_CIVILITY;
  const out: ProviderParams = {};
  for (const key of allowed) if (all[key] !== undefined) out[key] = all[key]!;
  return { ...out, ...own };
}

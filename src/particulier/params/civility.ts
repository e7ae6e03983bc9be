import type { Operation } from '../catalogue/operations.ts';
import { ParticulierError } from '../errors.ts';
import type { QueryParams } from './validation.ts';

/** Parameters after the contract's rules, with API names (arrays without `[]`): what a provider receives. */
export type ProviderParams = Record<string, string | number | string[]>;

const FRANCE = '99100';
const APOSTROPHES = /[’‘`´]/g;

const invalid = (parameter: string) => ParticulierError.generic('00366', { parameter });

/**
 * The semantic rules of the parameter blocks (spec §2.2, §8.9), applied after the schema check:
 * typographic apostrophes normalised, date parts of 0 dropped, a month without a year and a day
 * without month and year ignored, the birthplace rule for people born in France, the commune
 * dropped for people born abroad, the quotient familial period, the MEN perimeter. `today` is
 * injected so the period rule is testable.
 */
export function applyCivilityRules(op: Operation, query: QueryParams, today: Date): ProviderParams {
  const out: ProviderParams = {};
  for (const name in query) {
    if (!Object.hasOwn(query, name)) continue;
    const value = query[name]!;
    const key = name.endsWith('[]') ? name.slice(0, -2) : name;
    if (typeof value === 'string') out[key] = value.replace(APOSTROPHES, "'").trim();
    else if (Array.isArray(value)) out[key] = value.map((v) => v.replace(APOSTROPHES, "'").trim());
    else out[key] = value;
  }
  birthDate(out);
  birthplace(op, out);
  if (op.api === 'v3/dss/quotient_familial') quotientPeriod(out, today);
  if (op.api.endsWith('/men/scolarites')) menPerimeter(out);
  return out;
}

function birthDate(p: ProviderParams): void {
  for (const key of ['anneeDateNaissance', 'moisDateNaissance', 'jourDateNaissance']) if (p[key] === 0) delete p[key];
  if (p.anneeDateNaissance === undefined) {
    delete p.moisDateNaissance;
    delete p.jourDateNaissance;
  } else if (p.moisDateNaissance === undefined) delete p.jourDateNaissance;
  const year = p.anneeDateNaissance as number | undefined;
  if (year !== undefined && (year < 1800 || year > 9999)) throw invalid('anneeDateNaissance');
  const month = p.moisDateNaissance as number | undefined;
  if (month !== undefined && (month < 1 || month > 12)) throw invalid('moisDateNaissance');
  const day = p.jourDateNaissance as number | undefined;
  if (day !== undefined && (day < 1 || day > daysIn(year!, month!))) throw invalid('jourDateNaissance');
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Which birthplace parameters an operation declares: looked up once per operation, not per call. */
const declared = new WeakMap<Operation, { country: boolean; communeName: boolean }>();
function declaredBirthplace(op: Operation) {
  let entry = declared.get(op);
  if (!entry) {
    entry = { country: op.parameters.some((x) => x.name === 'codeCogInseePaysNaissance'), communeName: op.parameters.some((x) => x.name === 'nomCommuneNaissance') };
    declared.set(op, entry);
  }
  return entry;
}

function birthplace(op: Operation, p: ProviderParams): void {
  const declares = declaredBirthplace(op);
  if (!declares.country) return;
  if (p.codeCogInseePaysNaissance !== FRANCE) {
    // Born abroad: the commune is ignored, before matching and before calling the provider.
    delete p.codeCogInseeCommuneNaissance;
    return;
  }
  if (p.codeCogInseeCommuneNaissance !== undefined) return;
  if (declares.communeName && p.nomCommuneNaissance !== undefined && p.codeCogInseeDepartementNaissance !== undefined && p.anneeDateNaissance !== undefined) return;
  throw invalid('codeCogInseeCommuneNaissance');
}

function quotientPeriod(p: ProviderParams, today: Date): void {
  const month = p.mois as number | undefined;
  if (month !== undefined && (month < 1 || month > 12)) throw invalid('mois');
  if (p.annee === undefined && month === undefined) return;
  const year = (p.annee as number | undefined) ?? today.getUTCFullYear();
  const index = year * 12 + ((month ?? today.getUTCMonth() + 1) - 1);
  const now = today.getUTCFullYear() * 12 + today.getUTCMonth();
  if (index > now) throw invalid(p.annee !== undefined && year > today.getUTCFullYear() ? 'annee' : 'mois');
  if (index < now - 24) throw invalid('annee');
}

function menPerimeter(p: ProviderParams): void {
  const perimeter = (p.codesBcnDepartements as string[] | undefined)?.length || (p.codesBcnRegions as string[] | undefined)?.length;
  if (p.codeEtablissement !== undefined && perimeter) throw ParticulierError.generic('00419');
  if (typeof p.anneeScolaire === 'string' && !/^\d{4}(-\d{4})?$/.test(p.anneeScolaire)) throw invalid('anneeScolaire');
  if (typeof p.codeEtablissement === 'string' && !/^\d{7}[A-Za-z]$/.test(p.codeEtablissement)) throw invalid('codeEtablissement');
  if (p.degreEtablissement !== undefined && p.degreEtablissement !== '1D' && p.degreEtablissement !== '2D') throw invalid('degreEtablissement');
}

/** Keys of the staging mocking params for MEN (spec §5.3): the perimeter does not take part. */
const MEN_MOCKING = ['nomNaissance', 'prenoms', 'sexeEtatCivil', 'anneeDateNaissance', 'moisDateNaissance', 'jourDateNaissance', 'codeEtablissement', 'anneeScolaire'];

/** The map a sandbox case is matched against (spec §5.3 step 2). */
export function mockingParams(op: Operation, params: ProviderParams): ProviderParams {
  if (!op.api.endsWith('/men/scolarites')) return params;
  return Object.fromEntries(Object.entries(params).filter(([k]) => MEN_MOCKING.includes(k)));
}

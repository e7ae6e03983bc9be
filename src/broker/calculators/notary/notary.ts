/**
 * Notary fees ("frais d'acquisition") of CREDITEO §15, pure: émoluments by barème + VAT, transfer
 * duties (DMTO for existing property, publicity tax for new build), CSI and a flat formalities
 * estimate, each rounded to the cent, with the rules in force on the deed date.
 */
import { compareDays, formatFrenchDate, parseFrenchDate, type DayDate } from '../../../platform/http/paris-dates.ts';
import type { NATURES_PROJET } from '../../enums.ts';
import { CalculatorInputError } from '../input-error.ts';
import { departementName, resolveDepartement } from './departement.ts';
import { eurosFr, percentFr, roundCents } from './format.ts';
import type { NotaryInput } from './notary.schema.ts';
import { earliestNotaryRuleDate, notaryRulesAt, type EmolumentScale, type NotaryRules } from './rules.ts';
import { departmentalRate } from './transfer-tax.ts';

type NatureProjet = (typeof NATURES_PROJET)[number];

/** Projects that involve no property transfer before a notary. */
export const NATURES_WITHOUT_ACQUISITION: ReadonlySet<NatureProjet> = new Set<NatureProjet>([
  'Achat de SCPI', 'Construction', 'Crédit professionnel', 'Prêt perso', 'Rachat de prêt',
  'Renégociation de crédits', 'Travaux seuls',
]);

/** The guide deducts the furniture only for these. */
export const NATURES_DEDUCTING_FURNITURE: ReadonlySet<NatureProjet> = new Set<NatureProjet>([
  'Acquisition', 'Acquisition + travaux',
]);

const LAND_ONLY: ReadonlySet<NatureProjet> = new Set<NatureProjet>(['Terrain', 'Terrain + construction']);

export type NotaryRegime = 'ancien' | 'neuf' | 'sans acquisition';

export interface NotaryDetail {
  assiette: number;
  regime: NotaryRegime;
  bareme: string;
  emoluments: number;
  tauxtva: number;
  tvaemoluments: number;
  departement: string | null;
  tauxdepartemental: number | null;
  /** Total transfer-duty rate applied to the base, in percent (6.3185, 0.715…). */
  tauxdroits: number;
  droitsmutation: number;
  taxepublicitefonciere: number;
  contributionsecurite: number;
  formalites: number;
  /** The deed date whose rules were applied (dd/mm/yyyy). */
  dateeffet: string;
}

export interface NotaryResult {
  fraisnotaire: number;
  detail: NotaryDetail;
  hypotheses: string[];
}

/** Émoluments before VAT: cumulative tranches, then the R444-9 cap and minimum. */
export function emolumentsBeforeTax(scale: EmolumentScale, base: number): number {
  let total = 0;
  let lower = 0;
  for (const tranche of scale.tranches) {
    const upper = tranche.upTo ?? Infinity;
    if (base > lower) total += ((Math.min(base, upper) - lower) * tranche.ratePercent) / 100;
    lower = upper;
  }
  return Math.max(Math.min(total, (base * scale.capPercentOfValue) / 100), scale.minimum);
}

function deedDate(input: NotaryInput, asOf: DayDate): DayDate {
  if (input.dateeffet === undefined) return asOf;
  const date = parseFrenchDate(input.dateeffet);
  if (!date) throw new CalculatorInputError('dateeffet', 'dateeffet doit être une date jj/mm/aaaa valide.');
  return date;
}

function rulesAt(date: DayDate): NotaryRules {
  const rules = notaryRulesAt(date);
  if (!rules) {
    throw new CalculatorInputError(
      'dateeffet',
      `Aucune règle de frais de notaire connue avant le ${formatFrenchDate(earliestNotaryRuleDate())}.`,
    );
  }
  return rules;
}

function checkPrices(input: NotaryInput): void {
  if (!Number.isFinite(input.prix) || input.prix <= 0) {
    throw new CalculatorInputError('prix', 'prix doit être strictement positif.');
  }
  const furniture = input.prixmobilier;
  if (furniture !== undefined && (!Number.isFinite(furniture) || furniture < 0 || furniture >= input.prix)) {
    throw new CalculatorInputError('prixmobilier', 'prixmobilier doit être positif ou nul et inférieur au prix.');
  }
}

function natureHypotheses(nature: NatureProjet, furniture: number, prix: number): string[] {
  const notes: string[] = [];
  if (LAND_ONLY.has(nature)) notes.push(`« ${nature} » : frais calculés sur le seul prix du terrain.`);
  if (nature === 'Rachat de soulte') {
    notes.push('« Rachat de soulte » : calculé comme une acquisition au prix indiqué ; ' +
      'le droit de partage n\'est pas modélisé.');
  }
  if (nature === 'Acquisition en VEFA') notes.push('« Acquisition en VEFA » : régime du neuf, quel que soit etatbien.');
  if (furniture > 0 && NATURES_DEDUCTING_FURNITURE.has(nature)) {
    const tooMuch = furniture > prix * 0.1;
    notes.push(`Mobilier de ${eurosFr(furniture)} déduit de l'assiette` +
      (tooMuch ? ' ; au-delà d\'environ 10 % du prix, la déduction risque d\'être contestée.' : '.'));
  } else if (furniture > 0) {
    notes.push('prixmobilier ignoré : le guide ne le déduit que pour une « Acquisition » ' +
      'ou une « Acquisition + travaux ».');
  }
  return notes;
}

function withoutAcquisition(
  nature: NatureProjet, scale: EmolumentScale, departement: string | null, date: DayDate,
): NotaryResult {
  const hint = nature === 'Construction'
    ? ' (terrain supposé déjà détenu ; « Terrain + construction » inclut son achat)'
    : '';
  return {
    fraisnotaire: 0,
    detail: {
      assiette: 0, regime: 'sans acquisition', bareme: scale.name, emoluments: 0, tauxtva: 0, tvaemoluments: 0,
      departement, tauxdepartemental: null, tauxdroits: 0, droitsmutation: 0, taxepublicitefonciere: 0,
      contributionsecurite: 0, formalites: 0, dateeffet: formatFrenchDate(date),
    },
    hypotheses: [`« ${nature} » : pas d'acquisition immobilière devant notaire${hint}, frais d'acquisition de 0 €.`],
  };
}

interface TransferDuty {
  tauxdepartemental: number | null;
  /** Percent of the base. */
  tauxdroits: number;
  hypotheses: string[];
}

function transferDutyRate(
  rules: NotaryRules, regime: NotaryRegime, date: DayDate, departement: string | null, primo: boolean | undefined,
): TransferDuty {
  const { taxes } = rules;
  if (regime === 'neuf') {
    const tauxdroits = taxes.newBuildPublicityPercent;
    return {
      tauxdepartemental: null,
      tauxdroits,
      hypotheses: [`Bien neuf vendu avec TVA : taxe de publicité foncière de ${percentFr(tauxdroits)} ` +
        'au lieu des droits de mutation.'],
    };
  }
  const rate = departmentalRate(rules, date, departement, primo);
  const hypotheses = departement === null
    ? []
    : [`Département ${departement} (${departementName(departement)}) : taux départemental de ${percentFr(rate.percent)}.`];
  hypotheses.push(...rate.hypotheses, `Droits de mutation : ${percentFr(rate.percent)} départemental + ` +
    `${percentFr(taxes.communalPercent)} communal + frais d'assiette de ` +
    `${percentFr(taxes.stateFeePercentOfDepartmental)} de la part départementale.`);
  return {
    tauxdepartemental: rate.percent,
    tauxdroits: rate.percent * (1 + taxes.stateFeePercentOfDepartmental / 100) + taxes.communalPercent,
    hypotheses,
  };
}

const byDepartement = (map: Record<string, number>, departement: string | null, fallback: number): number =>
  (departement === null ? undefined : map[departement]) ?? fallback;

/**
 * Notary fees for `input`, with the rules of `input.dateeffet` or else of `asOf` (the caller's
 * today, in Europe/Paris). Throws CalculatorInputError for a field the schema cannot check.
 */
export function calculateNotaryFees(input: NotaryInput, asOf: DayDate): NotaryResult {
  checkPrices(input);
  const date = deedDate(input, asOf);
  const rules = rulesAt(date);
  const departement = resolveDepartement(input);
  const nature = input.natureprojet;
  const { emoluments: scale, taxes, formalities: formalitiesEra } = rules;
  if (NATURES_WITHOUT_ACQUISITION.has(nature)) return withoutAcquisition(nature, scale, departement, date);

  const furniture = input.prixmobilier ?? 0;
  const base = NATURES_DEDUCTING_FURNITURE.has(nature) ? input.prix - furniture : input.prix;
  const regime: NotaryRegime = nature === 'Acquisition en VEFA' || input.etatbien === 'Neuf' ? 'neuf' : 'ancien';
  const hypotheses = [`Règles au ${formatFrenchDate(date)} : barème des émoluments ${scale.name}.`];
  if (scale.knownUntil && compareDays(date, scale.knownUntil) > 0) {
    hypotheses.push(`Barème ${scale.name} publié jusqu'au ${formatFrenchDate(scale.knownUntil)} : ` +
      'reconduit par hypothèse.');
  }
  hypotheses.push(...natureHypotheses(nature, furniture, input.prix));

  const emolumentsRaw = emolumentsBeforeTax(scale, base);
  if (emolumentsRaw === scale.minimum) hypotheses.push(`Émoluments portés au minimum de ${eurosFr(scale.minimum)}.`);
  const emoluments = roundCents(emolumentsRaw);
  const tauxtva = byDepartement(taxes.vatPercentByDepartement, departement, taxes.vatPercent);
  const tvaemoluments = roundCents((emoluments * tauxtva) / 100);

  const duty = transferDutyRate(rules, regime, date, departement, input.primoaccedant);
  hypotheses.push(...duty.hypotheses);
  const transferDuty = roundCents((base * duty.tauxdroits) / 100);
  const contributionsecurite = roundCents(Math.max((base * taxes.csi.ratePercent) / 100, taxes.csi.minimum));
  const formalites = byDepartement(formalitiesEra.amountByDepartement, departement, formalitiesEra.amount);
  hypotheses.push(`Formalités et débours : forfait estimé de ${eurosFr(formalites)} ` +
    `(convention ${formalitiesEra.convention}).`);
  if (departement?.startsWith('97')) hypotheses.push('Majorations outre-mer des émoluments non appliquées.');

  const detail: NotaryDetail = {
    assiette: roundCents(base),
    regime,
    bareme: scale.name,
    emoluments,
    tauxtva,
    tvaemoluments,
    departement,
    tauxdepartemental: duty.tauxdepartemental,
    tauxdroits: Number(duty.tauxdroits.toPrecision(12)),
    droitsmutation: regime === 'ancien' ? transferDuty : 0,
    taxepublicitefonciere: regime === 'neuf' ? transferDuty : 0,
    contributionsecurite,
    formalites,
    dateeffet: formatFrenchDate(date),
  };
  const fraisnotaire = roundCents(emoluments + tvaemoluments + transferDuty + contributionsecurite + formalites);
  return { fraisnotaire, detail, hypotheses };
}

/**
 * PTZ (prêt à taux zéro) calculator, pure: eligibility and amount for the rule set in force on the
 * offer date (`dateeffet`, else `today`). The guide's output keys keep their meaning: `differe` is the
 * deferral in months and `duree` the repayment period after it.
 */
import { formatFrenchDate, parseFrenchDate, type DayDate } from '../../../platform/http/paris-dates.ts';
import { resolveCommune as resolveCommuneFromCog } from '../geo/communes.ts';
import { fromIsoDay, isoDay, zoneOf as zoneOfFromData, ZONES, type Zone } from '../geo/zoning.ts';
import { CalculatorInputError } from '../input-error.ts';
import { locatePtzHome, type ResolveCommune, type ZoneOf } from './ptz-location.ts';
import type { PtzBody } from './ptz.schema.ts';
import { bySize, ptzRulesAt, type Dwelling, type PtzOperation, type PtzRuleSet } from './rules.ts';

export interface PtzEligible {
  montantmaximum: number;
  differe: number;
  duree: number;
  mensualite: number;
  montantautrescredits: number;
  zone: Zone;
  tranche: number;
  /** Percent of the retained cost, like the guide's other rates (40 = 40 %). */
  quotite: number;
  /** Cost ceiling of the operation for this zone and household. */
  plafondoperation: number;
  hypotheses: string[];
}

export interface PtzNotEligible {
  message: 'Projet non éligible';
  motif: string;
}

export type PtzResult = PtzEligible | PtzNotEligible;

export interface PtzContext {
  /** Offer date used when the body has no `dateeffet` (the route passes today in Europe/Paris). */
  today: DayDate;
  rulesAt?: (date: DayDate) => PtzRuleSet | undefined;
  zoneOf?: ZoneOf;
  resolveCommune?: ResolveCommune;
}

export const isPtzEligible = (r: PtzResult): r is PtzEligible => 'montantmaximum' in r;

const notEligible = (motif: string): PtzNotEligible => ({ message: 'Projet non éligible', motif });
const DWELLING_TYPES = new Set(['Maison', 'Appartement', 'Immeuble']);
const NEW_BUILD_NATURES = new Set(['Acquisition en VEFA', 'Construction', 'Terrain + construction']);
const OPERATION_LABEL: Record<PtzOperation, string> = {
  newBuild: 'Logement neuf',
  existingWithWorks: 'Logement ancien avec travaux',
  socialHousingSale: "Achat d'un logement HLM par son occupant",
};
const DWELLING_LABEL: Record<Dwelling, string> = { flat: 'logement collectif', house: 'maison individuelle' };
/** French digits with plain spaces: the narrow no-break space ICU emits trips up broker clients. */
// toLocaleString builds a formatter per call (tens of µs); one instance serves every request.
const FRENCH_NUMBER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const frenchNumber = (n: number) => FRENCH_NUMBER.format(n).replace(/[\u202f\u00a0]/g, ' ');
const euros = (n: number) => `${frenchNumber(n)} €`;
/** Table bounds are inclusive; the tolerance absorbs float noise such as 88 200 / 1.8. */
const notAbove = (value: number, bound: number) => value <= bound * (1 + 1e-12);
const floorCents = (n: number) => Math.floor(n * 100 + 1e-6) / 100;
const roundCents = (n: number) => Math.round(n * 100) / 100;

export function calculatePtz(input: PtzBody, ctx: PtzContext): PtzResult {
  const asOf = offerDate(input, ctx.today);
  const rules = (ctx.rulesAt ?? ptzRulesAt)(asOf);
  if (!rules) {
    throw new CalculatorInputError('dateeffet', `Aucun barème PTZ pour une offre émise le ${formatFrenchDate(asOf)}`, 'invalid');
  }
  const cost = input.couttotalprojet;
  const works = input.couttravaux ?? 0;
  if (works > cost) {
    throw new CalculatorInputError('couttravaux', 'Le coût des travaux ne peut dépasser le coût total du projet', 'invalid');
  }
  const { operation, hypotheses } = classifyOperation(input);
  const location = locatePtzHome(
    input.codepostal,
    input.ville,
    asOf,
    ctx.resolveCommune ?? resolveCommuneFromCog,
    ctx.zoneOf ?? zoneOfFromData,
  );
  hypotheses.unshift(`Barème : ${rules.label}`, ...location.hypotheses);
  if (rules.plannedUntil && isoDay(asOf) > rules.plannedUntil) {
    hypotheses.push(`Barème prévu jusqu'au ${formatFrenchDate(fromIsoDay(rules.plannedUntil))}, appliqué faute de barème plus récent`);
  }

  const exception = firstTimeBuyerException(input);
  if (input.primoaccedant !== 'true' && !exception) {
    return notEligible(
      "L'emprunteur doit être primo-accédant (ne pas avoir été propriétaire de sa résidence principale au cours des " +
        "deux dernières années), sauf carte ou pension d'invalidité, allocation handicap ou catastrophe naturelle",
    );
  }
  if (input.primoaccedant !== 'true') hypotheses.push(`Condition de primo-accession levée : ${exception}`);
  const zone = location.zone;
  if (!zone) return notEligible(`Commune ${location.place} hors zonage A/B/C : PTZ non applicable`);
  if (operation === undefined) {
    return notEligible("Logement ancien acheté sans travaux : non éligible, sauf achat d'un logement HLM par son occupant");
  }

  const dwelling: Dwelling = input.typebien === 'Maison' ? 'house' : 'flat';
  if (!input.typebien) hypotheses.push('Type de bien non précisé : logement collectif retenu');
  else if (!DWELLING_TYPES.has(input.typebien)) hypotheses.push(`Type de bien « ${input.typebien} » traité comme logement collectif`);
  const group = rules.zoneGroups[zone];
  const quotites = rules.quotites[operation][dwelling][group];
  if (!quotites) {
    const eligibleZones = ZONES.filter((z) => rules.quotites[operation][dwelling][rules.zoneGroups[z]]);
    return notEligible(
      `${OPERATION_LABEL[operation]} (${DWELLING_LABEL[dwelling]}) non éligible en zone ${zone} ; zones éligibles : ` +
        `${eligibleZones.join(', ') || 'aucune'} (barème ${rules.id})`,
    );
  }
  if (operation === 'existingWithWorks' && !notAbove(rules.existingWorksMinShare, works / cost)) {
    const share = Math.round((works / cost) * 1000) / 10;
    return notEligible(
      `Travaux de ${euros(works)} soit ${share} % du coût total : il en faut au moins ${rules.existingWorksMinShare * 100} %`,
    );
  }

  const persons = input.nboccupants;
  const coefficient = bySize(rules.householdCoefficients, persons);
  const resources = Math.max(input.revenufiscalreference, cost / 9);
  const incomeCeiling = bySize(rules.incomeCeilings[group]!, persons);
  const trancheIndex = rules.trancheLimits[group]!.findIndex((limit) => notAbove(resources / coefficient, limit));
  if (!notAbove(resources, incomeCeiling) || trancheIndex < 0) {
    return notEligible(
      `Ressources retenues de ${euros(resources)} (max(revenu fiscal de référence, coût total / 9)) supérieures au ` +
        `plafond de ${euros(incomeCeiling)} pour ${persons} personne(s) en zone ${zone}`,
    );
  }
  hypotheses.push(
    `Ressources retenues : ${euros(resources)} = max(revenu fiscal de référence, coût total / 9) ; ` +
      `coefficient familial ${frenchNumber(coefficient)}`,
    "Logement destiné à la résidence principale de l'emprunteur",
    'Sans apport personnel : autres crédits = coût total − PTZ',
  );

  const quotite = quotites[trancheIndex]!;
  const ceiling = bySize(rules.costCeilings[group]!, persons);
  if (cost > ceiling) hypotheses.push(`Coût retenu plafonné à ${euros(ceiling)}`);
  let amount = quotite * Math.min(cost, ceiling);
  const cap = rules.otherLoansCap;
  const factor = cap.factorFromQuotite && quotite >= cap.factorFromQuotite.quotite ? cap.factorFromQuotite.factor : cap.factor;
  if (amount > factor * (cost - amount)) {
    amount = (factor * cost) / (1 + factor);
    hypotheses.push('PTZ limité par le montant des autres prêts');
  }
  const montant = floorCents(amount);
  const profile = rules.repayment[trancheIndex]!;
  return {
    montantmaximum: montant,
    differe: profile.deferralMonths,
    duree: profile.repaymentMonths,
    mensualite: montant / profile.repaymentMonths,
    montantautrescredits: roundCents(cost - montant),
    zone,
    tranche: trancheIndex + 1,
    quotite: Math.round(quotite * 10000) / 100,
    plafondoperation: ceiling,
    hypotheses,
  };
}

function offerDate(input: PtzBody, today: DayDate): DayDate {
  if (input.dateeffet === undefined) return today;
  const parsed = parseFrenchDate(input.dateeffet);
  if (!parsed) throw new CalculatorInputError('dateeffet', 'Date invalide, format attendu jj/mm/aaaa', 'invalid');
  return parsed;
}

/** Undefined operation: an existing home bought without works, which no PTZ rule covers. */
function classifyOperation(input: PtzBody): { operation: PtzOperation | undefined; hypotheses: string[] } {
  const hypotheses: string[] = [];
  if (input.etatbien === 'Neuf') {
    if (input.logementhlm === 'true') hypotheses.push('logementhlm sans effet pour un logement neuf : règles du neuf appliquées');
    return { operation: 'newBuild', hypotheses };
  }
  if (NEW_BUILD_NATURES.has(input.natureprojet)) {
    throw new CalculatorInputError(
      'etatbien',
      `Un projet « ${input.natureprojet} » porte sur un logement neuf : etatbien doit valoir "Neuf"`,
      'invalid',
    );
  }
  if (input.logementhlm === 'true') return { operation: 'socialHousingSale', hypotheses };
  if (input.natureprojet === 'Acquisition + travaux') {
    if (input.couttravaux === undefined) {
      throw new CalculatorInputError('couttravaux', 'Coût des travaux requis pour une acquisition avec travaux', 'incomplete');
    }
    return { operation: 'existingWithWorks', hypotheses };
  }
  return { operation: undefined, hypotheses };
}

function firstTimeBuyerException(input: PtzBody): string | undefined {
  if (input.carteinvalidite === 'true') return "carte d'invalidité";
  if (input.pensioninvalidite === 'true') return "pension d'invalidité";
  if (input.allocationhandicape === 'true') return 'allocation handicap';
  if (input.catastrophenaturelle === 'true') return 'victime de catastrophe naturelle';
  return undefined;
}

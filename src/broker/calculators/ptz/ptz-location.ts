/** Where the home is: postal code (+ ville) → commune → zone, or the input error the broker must fix. */
import { formatFrenchDate, type DayDate } from '../../../platform/http/paris-dates.ts';
import type { CommuneResolution } from '../geo/communes.ts';
import { fromIsoDay, type Zone, type ZoneLookup } from '../geo/zoning.ts';
import { CalculatorInputError } from '../input-error.ts';

export type ResolveCommune = (cp: string, ville?: string) => CommuneResolution;
export type ZoneOf = (inseeCode: string, asOf: DayDate) => ZoneLookup;

export interface PtzLocation {
  /** Undefined for a commune outside the zoning (PTZ not applicable there). */
  zone: Zone | undefined;
  /** "Paris (75056)", or the list of same-zone communes sharing the postal code. */
  place: string;
  hypotheses: string[];
}

export function locatePtzHome(
  cp: string,
  ville: string | undefined,
  asOf: DayDate,
  resolveCommune: ResolveCommune,
  zoneOf: ZoneOf,
): PtzLocation {
  const resolution = resolveCommune(cp, ville);
  if ('unknown' in resolution) {
    throw new CalculatorInputError('codepostal', `Code postal inconnu : ${cp}`, 'invalid');
  }
  const hypotheses: string[] = [];
  const describe = (lookup: ZoneLookup, place: string): PtzLocation => {
    const when = formatFrenchDate(fromIsoDay(lookup.zoningEffectiveFrom));
    hypotheses.push(`Commune : ${place}, zone ${lookup.zone ?? 'non classée'} (zonage en vigueur depuis le ${when})`);
    if (lookup.predatesZoning) {
      hypotheses.push(
        `Zonage du ${when} appliqué à une date antérieure : les listes de zonage précédentes ne sont pas disponibles`,
      );
    }
    return { zone: lookup.zone, place, hypotheses };
  };

  if ('commune' in resolution) {
    const { commune } = resolution;
    if (resolution.colloquial) hypotheses.push(`Code postal ${cp} compris comme ${commune.nom} (${commune.code})`);
    return describe(zoneOf(commune.code, asOf), `${commune.nom} (${commune.code})`);
  }

  const { candidates } = resolution;
  const lookups = candidates.map((c) => zoneOf(c.code, asOf));
  const zones = new Set(lookups.map((l) => l.zone));
  const list = candidates.map((c) => `${c.nom} (${c.code})`).join(', ');
  if (zones.size !== 1) {
    throw new CalculatorInputError('ville', `Plusieurs communes pour le code postal ${cp} : ${list} — précisez ville`, 'invalid');
  }
  hypotheses.push(`Code postal ${cp} commun à ${candidates.length} communes de même zone`);
  return describe(lookups[0]!, list);
}

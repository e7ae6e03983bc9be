/**
 * Boot-time helpers of the calculator routes. `warmCalculators` loads the lazy data once, at boot,
 * so that the first request of each kind does not pay for it: rule sets (PTZ, notary), zoning
 * lists, the postal-code → communes index and the département list, then one PTZ and one notary
 * computation for what only a run loads (ICU's fr-FR number formats). A malformed data file
 * therefore fails the start, not a broker's request.
 */
import { parisDay } from '../../platform/http/paris-dates.ts';
import { communesForPostalCode } from './geo/communes.ts';
import { fromIsoDay, zoneOf, zoningDates } from './geo/zoning.ts';
import { departementCodes } from './notary/departement.ts';
import { calculateNotaryFees } from './notary/notary.ts';
import { notaryRuleSets } from './notary/rules.ts';
import { calculatePtz } from './ptz/ptz.ts';
import { ptzRuleSets } from './ptz/rules.ts';

let warmed = false;

/** Idempotent: every calculator route calls it at registration, only the first call does the work. */
export function warmCalculators(): void {
  if (warmed) return;
  ptzRuleSets();
  notaryRuleSets();
  departementCodes();
  communesForPostalCode('75001');
  // Each zoning list is parsed on its first lookup; touch them all.
  for (const date of zoningDates()) zoneOf('75056', fromIsoDay(date));
  // One computation each loads what the data files do not: the fr-FR number formats of the texts.
  const today = parisDay(new Date());
  calculatePtz(
    {
      primoaccedant: 'true', carteinvalidite: 'false', pensioninvalidite: 'false', allocationhandicape: 'false',
      catastrophenaturelle: 'false', logementhlm: 'false', revenufiscalreference: 20000, codepostal: '33000',
      etatbien: 'Neuf', natureprojet: 'Acquisition', couttotalprojet: 200000, nboccupants: 3,
    },
    { today },
  );
  calculateNotaryFees({ etatbien: 'Ancien', natureprojet: 'Acquisition', prix: 200000, codepostal: '75011' }, today);
  warmed = true;
}

/**
 * The contract dates now live in the platform's HTTP toolbox (`src/platform/http/paris-dates.ts`).
 * This re-export only serves the rule files being edited on another branch (notary/rules.ts,
 * notary/transfer-tax.ts, ptz/rules.ts); point their imports there and delete this file after the merge.
 */
export { compareDays, formatFrenchDate, type DayDate } from '../platform/http/paris-dates.ts';

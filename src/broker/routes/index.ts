import type { BrokerApp, BrokerDeps } from '../http/context.ts';
import calculateBuyback from './calculate-buyback.ts';
import calculateCapacity from './calculate-capacity.ts';
import calculateLoan from './calculate-loan.ts';
import calculateNotaryFees from './calculate-notary-fees.ts';
import calculatePtz from './calculate-ptz.ts';
import createProspect from './create-prospect.ts';
import createProspectComplet from './create-prospect-complet.ts';
import getDossier from './get-dossier.ts';
import getSelector from './get-selector.ts';
import listDossiers from './list-dossiers.ts';
import updateDossier from './update-dossier.ts';

/** Every operation of the broker surface, one file each. */
export const BROKER_ROUTES: ((app: BrokerApp, deps: BrokerDeps) => void)[] = [
  createProspect,
  createProspectComplet,
  listDossiers,
  getDossier,
  updateDossier,
  getSelector,
  calculateLoan,
  calculatePtz,
  calculateCapacity,
  calculateBuyback,
  calculateNotaryFees,
];

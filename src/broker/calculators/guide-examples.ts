import type { BuybackInput } from './buyback.schema.ts';
import type { CapacityInput } from './capacity.schema.ts';
import type { LoanInput } from './loan.schema.ts';
import type { NotaryInput } from './notary/notary.schema.ts';
import type { PtzBody } from './ptz/ptz.schema.ts';

/**
 * The CREDITEO guide's example inputs (§11–15), verbatim, in one place: unit tests, HTTP tests and
 * benchmarks all start from them.
 */
export const GUIDE_EXAMPLES = {
  loan: { montant: 150000, duree: 180, taux: 1.35, datedebut: '01/01/2019' } satisfies LoanInput,
  ptz: {
    primoaccedant: 'true',
    carteinvalidite: 'false',
    pensioninvalidite: 'false',
    allocationhandicape: 'false',
    catastrophenaturelle: 'false',
    logementhlm: 'false',
    revenufiscalreference: 20000.0,
    codepostal: '75000',
    ville: '',
    etatbien: 'Neuf',
    natureprojet: 'Acquisition',
    couttravaux: 50000.0,
    couttotalprojet: 200000.0,
    nboccupants: 3,
  } satisfies PtzBody,
  capacity: { revenumensuel: 2000.0, taux: 1.8, endettement: 33, duree: 300 } satisfies CapacityInput,
  buyback: {
    montantancien: 150000,
    datedebutancien: '01/01/2014',
    dureeancien: 200,
    tauxhaancien: 1.3,
    typeassuranceancien: 'CI',
    tauxassuranceancien: 0.125,
    daterachat: '11/04/2022',
    fraisnouvellegarantie: 200,
    fraisdossier: 100,
    fraiscourtage: 300,
    dureenouveau: 70,
    tauxnominalnouveau: 1.25,
    tauxassurancenouveau: 0.1,
  } satisfies BuybackInput,
  notary: { etatbien: 'Neuf', natureprojet: 'Acquisition', prix: 160000.0, prixmobilier: 10000.0 } satisfies NotaryInput,
} as const;

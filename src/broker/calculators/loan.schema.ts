import { Type, type Static } from 'typebox';
import { DATE_RANGE_FR, DATE_YEARS } from '../../platform/http/paris-dates.ts';
import { bounded, RANGES } from '../ranges.ts';

const fee = (description: string) =>
  Type.Optional(Type.Number(bounded(RANGES.amount, `${description} En euros, payés au déblocage ; entrent dans le TAEG.`)));

/** Body of POST /calculatriceemprunt (guide §11), plus optional fields for the detailed answer. */
export const LoanBody = Type.Object(
  {
    montant: Type.Number(bounded(RANGES.positiveAmount, 'Montant emprunté, en euros.')),
    duree: Type.Integer(bounded(RANGES.loanMonths, 'Durée du prêt en mois.')),
    taux: Type.Number(
      bounded(RANGES.rate, 'Taux nominal annuel hors assurance, en % (1.35 pour 1,35 %). Taux mensuel = taux / 1200.'),
    ),
    datedebut: Type.String({
      format: 'date-fr',
      description:
        `Date de début du prêt, "dd/mm/yyyy", ${DATE_RANGE_FR}. La première échéance tombe un mois plus tard ; ` +
        `la dernière (datefin) doit tomber au plus tard le 31/12/${DATE_YEARS.max}.`,
    }),
    detail: Type.Optional(
      Type.Boolean({ description: 'Si vrai, ajoute l’échéancier, l’assurance mensuelle et le TAEG à la réponse.' }),
    ),
    fraisdossier: fee('Frais de dossier.'),
    fraisgarantie: fee('Frais de garantie (caution, hypothèque…).'),
    fraiscourtage: fee('Frais de courtage.'),
    tauxassurance: Type.Optional(
      Type.Number(bounded(RANGES.rate, 'Taux annuel de l’assurance emprunteur, en % du capital initial (prime mensuelle constante).')),
    ),
  },
  { additionalProperties: false, description: 'Calcul d’un prêt amortissable à mensualités constantes.' },
);
export type LoanInput = Static<typeof LoanBody>;

const ScheduleLineSchema = Type.Object({
  numero: Type.Integer({ description: 'Numéro de l’échéance (1 = un mois après datedebut).' }),
  date: Type.String({ description: 'Date de l’échéance, "dd/mm/yyyy".' }),
  mensualite: Type.Number({ description: 'Échéance hors assurance, en euros (non arrondie).' }),
  interets: Type.Number({ description: 'Part d’intérêts, en euros.' }),
  capital: Type.Number({ description: 'Part de capital remboursée, en euros.' }),
  capitalrestantdu: Type.Number({ description: 'Capital restant dû après l’échéance, en euros (0 à la dernière).' }),
});

/** Answer: the guide's four fields; `echeancier`, `assurancemensuelle` and `taeg` only with `detail: true`. */
export const LoanResponse = Type.Object({
  mensualite: Type.Number({ description: 'Mensualité hors assurance, en euros (non arrondie).' }),
  totalpaiements: Type.Number({ description: 'mensualite × duree, en euros.' }),
  totalinterets: Type.Number({ description: 'totalpaiements − montant, en euros.' }),
  datefin: Type.String({ description: 'Date de la dernière échéance (datedebut + duree mois), "dd/mm/yyyy".' }),
  echeancier: Type.Optional(
    Type.Array(ScheduleLineSchema, {
      description: 'Tableau d’amortissement en doubles non arrondis ; la dernière ligne solde le capital (0 exact).',
    }),
  ),
  assurancemensuelle: Type.Optional(
    Type.Number({ description: 'Prime d’assurance mensuelle, en euros : montant × tauxassurance / 1200.' }),
  ),
  taeg: Type.Optional(
    Type.Number({
      description:
        'TAEG en % (R314-3) : taux annuel équivalent (1+i)^12 − 1, i étant le taux mensuel qui égalise le capital net des frais et les mensualités assurance comprise.',
    }),
  ),
});
export type LoanResult = Static<typeof LoanResponse>;

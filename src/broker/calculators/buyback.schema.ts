import { Type, type Static } from 'typebox';
import { DATE_RANGE_FR } from '../../platform/http/paris-dates.ts';
import { bounded, RANGES } from '../ranges.ts';

const rate = (description: string) =>
  Type.Number(bounded(RANGES.rate, `${description} Taux annuel en %, taux mensuel = taux / 1200.`));
const months = (description: string) => Type.Integer(bounded(RANGES.guideLoanMonths, `${description} En mois.`));
const fee = (description: string) =>
  Type.Optional(Type.Number(bounded(RANGES.amount, `${description} En euros, financés par le nouveau prêt.`)));

/**
 * Body of POST /calculatricerachatpret (guide §14). `validateBuyback` adds the rules that depend on
 * today's date or on several fields: daterachat ≥ today, and the old loan not finished at daterachat.
 */
export const BuybackBody = Type.Object(
  {
    montantancien: Type.Number(bounded(RANGES.positiveAmount, 'Montant initial du prêt à racheter, en euros.')),
    datedebutancien: Type.String({
      format: 'date-fr',
      description: `Date de début du prêt à racheter, "dd/mm/yyyy", ${DATE_RANGE_FR} ; sa première échéance tombe un mois plus tard.`,
    }),
    dureeancien: months('Durée initiale du prêt à racheter.'),
    tauxhaancien: rate('Taux nominal hors assurance du prêt à racheter.'),
    typeassuranceancien: Type.Union([Type.Literal('CI'), Type.Literal('CRD')], {
      description:
        'Assiette de l’assurance du prêt à racheter : "CI" capital initial (prime constante) ou "CRD" capital restant dû (prime dégressive).',
    }),
    tauxassuranceancien: rate('Taux d’assurance du prêt à racheter.'),
    daterachat: Type.String({
      format: 'date-fr',
      description:
        `Date du rachat, "dd/mm/yyyy", ${DATE_RANGE_FR}, au plus tôt aujourd’hui ; le prêt en cours ne doit pas être terminé à cette date.`,
    }),
    fraisnouvellegarantie: fee('Frais de garantie du nouveau prêt.'),
    fraisdossier: fee('Frais de dossier du nouveau prêt.'),
    fraiscourtage: fee('Frais de courtage du nouveau prêt.'),
    dureenouveau: months('Durée du nouveau prêt.'),
    tauxnominalnouveau: rate('Taux nominal du nouveau prêt.'),
    tauxassurancenouveau: rate('Taux d’assurance du nouveau prêt, sur le capital initial (prime constante).'),
  },
  { additionalProperties: false, description: 'Comparaison d’un prêt en cours et de son rachat par un nouveau prêt.' },
);
export type BuybackInput = Static<typeof BuybackBody>;

export const BuybackResponse = Type.Object({
  gaintresorerie: Type.Number({
    description: 'Total des échéances restantes de l’ancien prêt moins total des échéances du nouveau, assurance comprise, en euros.',
  }),
  gaincoutcredit: Type.Number({
    description:
      'Coût restant de l’ancien prêt moins coût du nouveau, en euros. Coût = échéances assurance comprise − capital financé ; l’IRA et les frais, financés par le nouveau capital, n’en font donc pas partie.',
  }),
  resultats: Type.Array(Type.Array(Type.Number(), { minItems: 3, maxItems: 3 }), {
    minItems: 4,
    maxItems: 4,
    description:
      'Quatre lignes [ancien, nouveau, différence] : nombre de mensualités ; mensualité hors assurance ; mensualité assurance comprise (pour une assurance CRD, celle de la première échéance restante) ; coût restant du crédit. Montants arrondis au centime après ajout de l’assurance.',
  }),
  detail: Type.Object(
    {
      moisecoules: Type.Integer({ description: 'Échéances de l’ancien prêt déjà payées à la date de rachat.' }),
      crd: Type.Number({ description: 'Capital restant dû racheté, en euros (au centime).' }),
      ira: Type.Number({ description: 'Indemnités de remboursement anticipé : min(3 % du CRD, 6 mois d’intérêts), en euros.' }),
      nouveaucapital: Type.Number({ description: 'Capital du nouveau prêt : CRD + IRA + frais, en euros.' }),
    },
    { description: 'Éléments intermédiaires du calcul (ajout à la réponse du guide).' },
  ),
});
export type BuybackResult = Static<typeof BuybackResponse>;

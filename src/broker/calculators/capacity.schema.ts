import { Type, type Static } from 'typebox';
import { bounded, RANGES } from '../ranges.ts';

/**
 * Body of POST /calculatricecapaciteemprunt (guide §13). Exactly one of `endettement` and
 * `mensualite` must be sent; that rule and "mensualite ≤ 50 % of revenumensuel" are checked by
 * `validateCapacity`, since they depend on several fields.
 */
export const CapacityBody = Type.Object(
  {
    revenumensuel: Type.Number(bounded(RANGES.positiveAmount, 'Revenu mensuel net de l’emprunteur, en euros.')),
    taux: Type.Number(bounded(RANGES.rate, 'Taux nominal annuel souhaité hors assurance, en %. Taux mensuel = taux / 1200.')),
    endettement: Type.Optional(
      Type.Number(bounded(RANGES.debtRatio, 'Taux d’endettement souhaité, en % du revenu. Exclusif de "mensualite".')),
    ),
    mensualite: Type.Optional(
      Type.Number(
        bounded(RANGES.positiveAmount, 'Mensualité souhaitée, en euros, au plus 50 % de revenumensuel. Exclusif de "endettement".'),
      ),
    ),
    duree: Type.Integer(bounded(RANGES.guideLoanMonths, 'Durée souhaitée du prêt, en mois.')),
  },
  { additionalProperties: false, description: 'Capacité d’emprunt à partir du revenu et de l’endettement ou de la mensualité.' },
);
export type CapacityInput = Static<typeof CapacityBody>;

export const CapacityResponse = Type.Object({
  capacite: Type.Number({ description: 'Capital empruntable, en euros : valeur actuelle de duree mensualités au taux donné.' }),
  valeurbien: Type.Number({ description: 'Valeur du bien finançable, en euros : 0,9 × capacite (10 % gardés pour les frais).' }),
  endettement: Type.Optional(
    Type.Number({ description: 'Taux d’endettement en % (mensualite / revenumensuel × 100), si la mensualité a été fournie.' }),
  ),
  mensualite: Type.Optional(
    Type.Number({ description: 'Mensualité en euros (revenumensuel × endettement / 100), si l’endettement a été fourni.' }),
  ),
  respectehcsf: Type.Boolean({
    description:
      'Norme HCSF simplifiée : endettement ≤ 35 % et duree ≤ 300 mois (25 ans). Ne tient compte ni de l’assurance (non saisie) ni des 27 ans permis avec différé pour le neuf.',
  }),
});
export type CapacityResult = Static<typeof CapacityResponse>;

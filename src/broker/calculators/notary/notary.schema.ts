/** Request body of POST /fraisnotaire (CREDITEO guide §15) plus Foyer's optional fields. */
import { Type, type Static } from 'typebox';
import { DATE_RANGE_FR } from '../../../platform/http/paris-dates.ts';
import { ETATS_BIEN, NATURES_PROJET } from '../../enums.ts';
import { bounded, RANGES } from '../../ranges.ts';

export const NotaryBody = Type.Object(
  {
    etatbien: Type.Enum(ETATS_BIEN, {
      description:
        'État du bien : "Neuf" (vendu avec TVA, taxe de publicité foncière 0,715 %) ou "Ancien" ' +
        '(droits de mutation départementaux et communaux).',
    }),
    natureprojet: Type.Enum(NATURES_PROJET, {
      description:
        'Nature du projet. "Acquisition", "Acquisition + travaux" et "Rachat de soulte" : frais sur le prix ' +
        'd\'achat (le rachat de soulte est calculé comme une acquisition, le droit de partage n\'est pas modélisé). ' +
        '"Acquisition en VEFA" : frais du neuf sur le prix, quel que soit etatbien. "Terrain" et ' +
        '"Terrain + construction" : frais sur le seul prix du terrain. "Achat de SCPI", "Construction", ' +
        '"Crédit professionnel", "Prêt perso", "Rachat de prêt", "Renégociation de crédits" et "Travaux seuls" ' +
        'ne comportent pas d\'acquisition immobilière devant notaire : frais de 0 €.',
    }),
    prix: Type.Number(
      bounded(
        RANGES.positiveAmount,
        'Prix du projet en euros : prix d\'achat (Acquisition, Acquisition + travaux, Rachat de soulte), ' +
          'prix de construction (Acquisition en VEFA), prix du terrain (Terrain, Terrain + construction).',
      ),
    ),
    prixmobilier: Type.Optional(
      Type.Number(
        bounded(
          RANGES.amount,
          'Facultatif. Prix du mobilier inclus dans le prix (strictement inférieur au prix), déduit de ' +
            'l\'assiette uniquement pour une "Acquisition" ou une "Acquisition + travaux" ; ignoré sinon.',
        ),
      ),
    ),
    codepostal: Type.Optional(
      Type.String({
        pattern: '^[0-9]{5}$',
        description:
          'Facultatif. Code postal du bien (5 chiffres), pour le taux départemental des droits de mutation. ' +
          'Corse : 200xx–201xx → 2A, 202xx–206xx → 2B ; outre-mer : 97x.',
      }),
    ),
    departement: Type.Optional(
      Type.String({
        pattern: '^(?:[0-9]{2}|2[AaBb]|97[0-9])$',
        description:
          'Facultatif. Code du département du bien ("75", "2A", "972"…). Doit concorder avec codepostal ' +
          'si les deux sont fournis. Sans l\'un ni l\'autre, le taux départemental le plus répandu est appliqué.',
      }),
    ),
    primoaccedant: Type.Optional(
      Type.Boolean({
        description:
          'Facultatif (faux par défaut). Primo-accédant achetant sa résidence principale : exclu du taux ' +
          'départemental majoré à 5,00 %, il paie au plus 4,50 %.',
      }),
    ),
    dateeffet: Type.Optional(
      Type.String({
        format: 'date-fr',
        description:
          `Facultatif. Date de l'acte (jj/mm/aaaa, ${DATE_RANGE_FR}) dont les règles s'appliquent ; par défaut, la date du jour. ` +
          'Les règles connues commencent le 01/05/2016.',
      }),
    ),
  },
  { additionalProperties: false },
);

export type NotaryInput = Static<typeof NotaryBody>;

/** Body of POST /calculatriceptz: the CREDITEO guide's inputs (§12) plus optional typebien and dateeffet. */
import { Type, type Static } from 'typebox';
import { DATE_RANGE_FR } from '../../../platform/http/paris-dates.ts';
import { bounded, RANGES } from '../../ranges.ts';

const flag = (description: string) =>
  Type.Enum(['true', 'false'], { description: `${description} Chaîne "true" ou "false".` });

export const NATURES_PROJET = [
  'Acquisition',
  'Acquisition + travaux',
  'Acquisition en VEFA',
  'Construction',
  'Terrain + construction',
] as const;

export const TYPES_BIEN = [
  'Maison',
  'Immeuble',
  'Appartement',
  'Terrain seul',
  'Garage',
  'Hangar',
  'Local commercial',
] as const;

export const PtzBody = Type.Object(
  {
    primoaccedant: flag("L'emprunteur est primo-accédant (non propriétaire de sa résidence principale depuis 2 ans)."),
    carteinvalidite: flag("L'emprunteur est titulaire d'une carte d'invalidité (dispense la condition de primo-accession)."),
    pensioninvalidite: flag("L'emprunteur perçoit une pension d'invalidité (dispense la condition de primo-accession)."),
    allocationhandicape: flag(
      "L'emprunteur perçoit une allocation pour un handicap (AAH, AEEH ; dispense la condition de primo-accession).",
    ),
    catastrophenaturelle: flag(
      "L'emprunteur est victime d'une catastrophe naturelle ayant rendu son logement inhabitable (dispense la condition de primo-accession).",
    ),
    logementhlm: flag("L'emprunteur achète le logement HLM (ancien) qu'il occupe, auprès de l'organisme HLM."),
    revenufiscalreference: Type.Number(
      bounded(RANGES.positiveAmount, "Revenu fiscal de référence (année N-2) de l'ensemble des futurs occupants, en euros."),
    ),
    codepostal: Type.String({
      pattern: '^[0-9]{5}$',
      description: 'Code postal du logement (5 chiffres). 75000, 69000 et 13000 désignent Paris, Lyon et Marseille.',
    }),
    ville: Type.Optional(
      Type.String({
        maxLength: 100,
        description: 'Facultatif. Commune du logement ; exigée quand le code postal couvre des communes de zones différentes.',
      }),
    ),
    etatbien: Type.Enum(['Neuf', 'Ancien'], { description: 'État du bien : "Neuf" ou "Ancien".' }),
    natureprojet: Type.Enum(NATURES_PROJET, { description: 'Nature du projet.' }),
    couttravaux: Type.Optional(
      Type.Number(
        bounded(
          RANGES.amount,
          'Coût des travaux en euros, inclus dans couttotalprojet. Requis pour "Acquisition + travaux" dans l\'ancien (≥ 25 % du coût total).',
        ),
      ),
    ),
    couttotalprojet: Type.Number(
      bounded(RANGES.positiveAmount, "Coût total de l'opération en euros (travaux compris), hors frais de notaire non finançables."),
    ),
    nboccupants: Type.Integer(
      bounded(RANGES.occupants, 'Nombre de personnes destinées à occuper le logement à titre de résidence principale.'),
    ),
    typebien: Type.Optional(
      Type.Enum(TYPES_BIEN, {
        description: 'Type de bien. "Maison" : logement individuel ; tout autre valeur ou absence : logement collectif.',
      }),
    ),
    dateeffet: Type.Optional(
      Type.String({
        format: 'date-fr',
        description: `Date d'émission de l'offre de prêt (jj/mm/aaaa, ${DATE_RANGE_FR}) qui fixe le barème ; par défaut aujourd'hui (Paris).`,
      }),
    ),
  },
  { additionalProperties: false, description: "Éligibilité et montant d'un prêt à taux zéro (PTZ)." },
);

export type PtzBody = Static<typeof PtzBody>;

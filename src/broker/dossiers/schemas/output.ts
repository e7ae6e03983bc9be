import { Type, type TSchema } from 'typebox';
import * as F from './fields.ts';

/**
 * What the reads return (guide §8, §9), for the OpenAPI document and for any client or fuzzer that
 * checks answers against it. Built from the same field groups as the inputs: every documented key is
 * present, `null` when the file does not know it. Objects stay open (extra keys are additive), and
 * the routes send pre-rendered JSON, so these schemas never filter an answer.
 */

type Schema = Record<string, unknown>;

/** An input field as it reads back: same type, values and format, or null; no input-only bounds. */
function readBack(field: unknown): TSchema {
  const { type, enum: values, format, description } = field as Schema;
  const types = [...new Set([...(Array.isArray(type) ? type : [type]), 'null'])];
  return Type.Unsafe({
    type: types,
    ...(Array.isArray(values) ? { enum: [...new Set([...values, null])] } : {}),
    ...(format ? { format } : {}),
    ...(description ? { description } : {}),
  });
}

const id = (description: string) => Type.String({ description });
const borrowerNumber = (description: string) => Type.Integer({ description });
const optionalBorrowerNumber = (description: string) => Type.Union([Type.Integer(), Type.Null()], { description });

function entity(head: Record<string, TSchema>, group: Record<string, unknown>, tail: Record<string, TSchema> = {}, description?: string) {
  const fields = Object.fromEntries(Object.entries(group).map(([key, field]) => [key, readBack(field)]));
  return Type.Object({ ...head, ...fields, ...tail }, description ? { description } : {});
}

const credit = entity(
  {
    idcredit: id('Identifiant du crédit'),
    numeroemprunteur1: Type.Union([Type.Integer(), Type.Null()], { description: 'Numéro de l\'emprunteur lié' }),
    numeroemprunteur2: optionalBorrowerNumber('Numéro du second emprunteur lié'),
  },
  F.credit,
);

export const DossierOutput = Type.Object(
  {
    emprunteurs: Type.Array(
      entity({ idemprunteur: id('Identifiant de l\'emprunteur') }, F.borrowerIdentity, {
        numero: borrowerNumber('Numéro d\'ordre (0 = principal)'),
      }),
    ),
    situationsprofessionnelles: Type.Array(
      entity(
        { idsituationprofessionnelle: id('Identifiant de la situation'), numeroemprunteur: borrowerNumber('Numéro de l\'emprunteur') },
        F.jobSituation,
      ),
    ),
    dossier: Type.Object({
      iddossier: id('Identifiant du dossier'),
      reference: Type.String({ description: 'Référence du dossier' }),
      datedernieremodification: Type.String({ description: 'dd/mm/yyyy HH:MM, heure de Paris' }),
    }),
    projet: Type.Union([entity({}, F.project), Type.Null()]),
    enfants: Type.Array(entity({ idenfant: id('Identifiant de l\'enfant') }, F.child)),
    biens: Type.Array(
      entity(
        {
          idbien: id('Identifiant du bien'),
          numeroemprunteur1: Type.Union([Type.Integer(), Type.Null()], { description: 'Numéro du propriétaire' }),
          numeroemprunteur2: optionalBorrowerNumber('Numéro du second propriétaire'),
        },
        F.property,
        { credits: Type.Array(credit) },
      ),
    ),
    creditsconso: Type.Array(credit),
    autresrevenus: Type.Array(entity({ idrevenu: id('Identifiant du revenu'), numeroemprunteur: borrowerNumber('Numéro de l\'emprunteur') }, F.income)),
    autrescharges: Type.Array(entity({ idcharge: id('Identifiant de la charge'), numeroemprunteur: borrowerNumber('Numéro de l\'emprunteur') }, F.charge)),
    situationsbancaires: Type.Array(
      entity(
        {
          idsituation: id('Identifiant de la situation bancaire'),
          numeroemprunteur1: Type.Union([Type.Integer(), Type.Null()], { description: 'Numéro de l\'emprunteur' }),
          numeroemprunteur2: optionalBorrowerNumber('Numéro du second emprunteur'),
        },
        F.bankSituation,
      ),
    ),
    souhaitsclient: Type.Union([entity({}, F.wishes), Type.Null()]),
    simulations: Type.Array(entity({ idsimulation: id('Identifiant de la simulation') }, F.simulation)),
  },
  { description: 'Le dossier dans la forme de sortie du guide (§9).' },
);

const nullableString = (description: string) => Type.Union([Type.String(), Type.Null()], { description });

export const DossierListOutput = Type.Array(
  Type.Object({
    iddossier: id('Identifiant du dossier'),
    reference: Type.String({ description: 'Référence du dossier' }),
    client: Type.Boolean({ description: 'false tant que le courtier n\'a pas modifié le dossier' }),
    emprunteur: nullableString('Prénom et nom de l\'emprunteur principal'),
    natureprojet: nullableString('Nature du projet'),
    datecreation: Type.String({ description: 'dd/mm/yyyy' }),
    dateconditionsuspensive: nullableString('Condition suspensive de prêt, dd/mm/yyyy'),
    datesignature: nullableString('Signature de l\'acte, dd/mm/yyyy'),
    avancement: Type.Integer({ minimum: 0, maximum: 100, description: 'Pourcentage des sections indispensables remplies' }),
    etape: Type.String({ description: 'Première section manquante, ou "Dossier complet"' }),
    email: nullableString('Email de l\'emprunteur principal'),
    datedernieremodification: Type.String({ description: 'dd/mm/yyyy HH:MM, heure de Paris' }),
  }),
  { description: 'Les dossiers du courtier, du plus récent au plus ancien (guide §8).' },
);

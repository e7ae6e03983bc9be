import { Type, type Static } from 'typebox';
import { DATE_RANGE_FR } from '../../../platform/http/paris-dates.ts';
import * as F from './fields.ts';
import { RANGES } from '../../ranges.ts';
import { deleteFlag, entityId, int, object, reqInt, reqStr, str, upsertEntity } from './kinds.ts';

/** Body of `PUT /dossiers/{iddossier}` (guide §10): every entity is upserted by its id. */

const borrowerNumber = (description: string) => reqInt(description, RANGES.borrowerNumber);
const optionalBorrowerNumber = (description: string) => int(description, RANGES.borrowerNumber);

const credit = upsertEntity(
  {
    idcredit: entityId('Identifiant du crédit (null pour un nouveau crédit)'),
    numeroemprunteur1: borrowerNumber('Numéro de l\'emprunteur lié'),
    numeroemprunteur2: optionalBorrowerNumber('Numéro du second emprunteur lié'),
    ...F.credit,
    supprimer: deleteFlag('le crédit'),
  },
  'idcredit',
  ['idcredit', 'numeroemprunteur1', ...F.CREDIT_REQUIRED],
  'Crédit',
);

const simulations = Type.Array(
  upsertEntity(
    { idsimulation: entityId('Identifiant (null pour une nouvelle simulation)'), ...F.simulation, supprimer: deleteFlag('la simulation') },
    'idsimulation',
    ['idsimulation'],
    'Simulation',
  ),
  { maxItems: 50, description: 'Simulations (le tableau des champs du guide les nomme `simulation`, son exemple `simulations` : les deux sont acceptés)' },
);

export const UpdateBody = object(
  {
    emprunteurs: Type.Array(
      upsertEntity(
        {
          idemprunteur: entityId('Identifiant de l\'emprunteur (null pour un nouvel emprunteur)'),
          numero: borrowerNumber('Numéro d\'ordre de l\'emprunteur (0 = principal), sert aux liens'),
          ...F.borrowerIdentity,
          supprimer: deleteFlag('l\'emprunteur'),
        },
        'idemprunteur',
        ['idemprunteur', 'numero', 'nom', 'prenom', 'email', 'telephone'],
        'Emprunteur',
      ),
      { minItems: 1, maxItems: 12, description: 'Emprunteurs (12 au plus)' },
    ),
    situationsprofessionnelles: Type.Array(
      upsertEntity(
        {
          idsituationprofessionnelle: entityId('Identifiant (null pour une nouvelle situation)'),
          numeroemprunteur: borrowerNumber('Numéro de l\'emprunteur'),
          ...F.jobSituation,
          supprimer: deleteFlag('la situation professionnelle'),
        },
        'idsituationprofessionnelle',
        ['idsituationprofessionnelle', 'numeroemprunteur', 'categorie', 'intitule'],
        'Situation professionnelle',
      ),
      { maxItems: 100 },
    ),
    dossier: object(
      {
        iddossier: reqStr('Identifiant du dossier (celui de l\'URL)', { maxLength: 64 }),
        reference: reqStr('Référence du dossier', { maxLength: 100 }),
        datedernieremodification: str(
          `Date de dernière modification, dd/mm/yyyy HH:MM heure de Paris (défaut : maintenant), ${DATE_RANGE_FR}. ` +
            'Une heure sautée au passage à l\'heure d\'été (29/03/2026 02:30) est refusée ; une heure répétée au passage à ' +
            'l\'heure d\'hiver (25/10/2026 02:30) désigne sa première occurrence, en heure d\'été',
          { format: 'datetime-fr-or-empty' },
        ),
      },
      ['iddossier', 'reference'],
      'Dossier',
    ),
    projet: object(F.project, ['natureprojet', 'typebien'], 'Projet', true),
    enfants: Type.Array(
      upsertEntity(
        { idenfant: entityId('Identifiant (null pour un nouvel enfant)'), ...F.child, supprimer: deleteFlag('l\'enfant') },
        'idenfant',
        ['idenfant', 'nom', 'prenom', 'datenaissance'],
        'Enfant',
      ),
      { maxItems: 20 },
    ),
    biens: Type.Array(
      upsertEntity(
        {
          idbien: entityId('Identifiant (null pour un nouveau bien)'),
          numeroemprunteur1: borrowerNumber('Numéro du propriétaire'),
          numeroemprunteur2: optionalBorrowerNumber('Numéro du second propriétaire'),
          ...F.property,
          credits: Type.Array(credit, { maxItems: 20, description: 'Crédits liés au bien' }),
          credit: { ...credit, type: ['object', 'null'], description: 'Un crédit lié au bien (forme du tableau des champs du guide)' },
          supprimer: deleteFlag('le bien'),
        },
        'idbien',
        ['idbien', 'numeroemprunteur1', ...F.PROPERTY_REQUIRED],
        'Bien possédé',
      ),
      { maxItems: 50 },
    ),
    creditsconso: Type.Array(credit, { maxItems: 50 }),
    autresrevenus: Type.Array(
      upsertEntity(
        {
          idrevenu: entityId('Identifiant (null pour un nouveau revenu)'),
          numeroemprunteur: borrowerNumber('Numéro de l\'emprunteur'),
          ...F.income,
          supprimer: deleteFlag('le revenu'),
        },
        'idrevenu',
        ['idrevenu', 'numeroemprunteur', 'montant'],
        'Revenu',
      ),
      { maxItems: 50 },
    ),
    autrescharges: Type.Array(
      upsertEntity(
        {
          idcharge: entityId('Identifiant (null pour une nouvelle charge)'),
          numeroemprunteur: borrowerNumber('Numéro de l\'emprunteur'),
          ...F.charge,
          supprimer: deleteFlag('la charge'),
        },
        'idcharge',
        ['idcharge', 'numeroemprunteur', 'montant'],
        'Charge',
      ),
      { maxItems: 50 },
    ),
    situationsbancaires: Type.Array(
      upsertEntity(
        {
          idsituation: entityId('Identifiant (null pour une nouvelle situation bancaire)'),
          numeroemprunteur1: borrowerNumber('Numéro de l\'emprunteur'),
          numeroemprunteur2: optionalBorrowerNumber('Numéro du second emprunteur'),
          ...F.bankSituation,
          supprimer: deleteFlag('la situation bancaire'),
        },
        'idsituation',
        ['idsituation', 'numeroemprunteur1'],
        'Situation bancaire',
      ),
      { maxItems: 20 },
    ),
    souhaitsclient: object(F.wishes, [], 'Souhaits du client', true),
    simulations,
    simulation: simulations,
  },
  ['emprunteurs', 'dossier'],
  'Dossier complet à modifier',
);

export type UpdateBody = Static<typeof UpdateBody>;

export const UpdatedResponse = Type.Object({
  dossier: Type.Object({ reference: Type.String(), iddossier: Type.String() }),
});

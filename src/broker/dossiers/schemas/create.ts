import { Type, type Static } from 'typebox';
import * as F from './fields.ts';
import { email, list, num, object, reqStr, str } from './kinds.ts';

/** Body of `POST /prospect` (guide §6). */
export const ProspectBody = object(
  {
    nom: reqStr('Nom du prospect'),
    prenom: reqStr('Prénom du prospect'),
    email: email('Email du prospect'),
    tel: reqStr('Téléphone du prospect', { maxLength: 30 }),
  },
  ['nom', 'prenom', 'email', 'tel'],
  'Prospect de contact',
);
export type ProspectBody = Static<typeof ProspectBody>;

const createdCredit = object(F.credit, [...F.CREDIT_REQUIRED], 'Crédit');

export const CreateBorrower = object(
  { ...F.borrowerIdentity, ...F.borrowerJobInline },
  ['nom', 'prenom', 'email', 'telephone'],
  'Emprunteur et sa situation professionnelle',
);

/** Body of `POST /prospectcomplet` (guide §7). */
export const ProspectCompletBody = object(
  {
    emprunteurs: Type.Array(CreateBorrower, { minItems: 1, maxItems: 2, description: 'Emprunteurs (1 ou 2)' }),
    dossier: object({ reference: str('Référence du dossier', { maxLength: 100 }) }, [], 'Dossier (reference générée si absente)', true),
    projet: object(F.project, ['natureprojet', 'typebien'], 'Projet', true),
    enfants: list(object(F.child, ['nom', 'prenom', 'datenaissance'], 'Enfant'), 3, 'Enfants (3 au plus)'),
    biens: list(
      object({ ...F.property, credit: { ...createdCredit, type: ['object', 'null'] } }, [...F.PROPERTY_REQUIRED], 'Bien possédé'),
      3,
      'Biens possédés (3 au plus)',
    ),
    creditsconso: list(createdCredit, 2, 'Crédits à la consommation (2 au plus)'),
    autresrevenus: num('Montant mensuel des autres revenus, en euros'),
    autrescharges: num('Montant mensuel des autres charges, en euros'),
    situationbancaire: object(F.bankSituation, [], 'Banque principale', true),
    souhaitsclient: object(F.wishes, [], 'Souhaits du client', true),
    simulation: object(F.simulation, [], 'Éléments de départ d\'une simulation', true),
  },
  ['emprunteurs'],
  'Dossier prospect complet',
);
export type ProspectCompletBody = Static<typeof ProspectCompletBody>;

export const CreatedResponse = Type.Object({
  dossier: Type.Object({ ref: Type.String(), id: Type.String() }),
});

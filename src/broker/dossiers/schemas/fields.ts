import * as E from '../../enums.ts';
import { RANGES } from '../../ranges.ts';
import { bool, date, email, int, num, oneOf, reqBool, reqDate, reqNum, reqStr, str } from './kinds.ts';

/** Field groups of the CREDITEO guide, shared by the create, update and output shapes. */

export const borrowerIdentity = {
  titre: str('Titre de l\'emprunteur (voir le sélecteur titre)'),
  nom: reqStr('Nom de l\'emprunteur'),
  prenom: reqStr('Prénom de l\'emprunteur'),
  datenaissance: date('Date de naissance'),
  villenaissance: str('Ville de naissance'),
  situationfamiliale: oneOf(E.SITUATIONS_FAMILIALES, 'Situation familiale'),
  nationalite: str('Nationalité (voir le sélecteur nationalites)'),
  paysresidence: str('Pays de résidence'),
  lienparenteemprunteurprincipal: oneOf(E.LIENS_PARENTE, 'Lien de parenté avec l\'emprunteur principal ("Aucun" pour lui-même)'),
  situationimmo: oneOf(E.SITUATIONS_IMMO, 'Situation immobilière'),
  situationimmodepuis: date('Début de la situation immobilière'),
  adresse: str('Adresse'),
  complementadresse: str('Complément d\'adresse'),
  codepostal: str('Code postal', { maxLength: 10 }),
  ville: str('Ville'),
  pays: str('Pays'),
  email: email('Adresse email de l\'emprunteur'),
  telephone: reqStr('Téléphone portable de l\'emprunteur', { maxLength: 30 }),
  telephonefixe: str('Téléphone fixe', { maxLength: 30 }),
  telephonebureau: str('Téléphone du bureau', { maxLength: 30 }),
  accordrecueildonnees: bool('Accord pour le recueil des données personnelles'),
};

const jobCommon = {
  categorie: oneOf(E.CATEGORIES, 'Catégorie socio-professionnelle'),
  intitule: str('Intitulé du poste'),
  contrat: oneOf(E.CONTRATS, 'Type de contrat'),
  salairemensuel: num('Salaire mensuel net, en euros'),
  payesur: int('Nombre de mois de salaire par an', RANGES.paidMonths),
  dateembauche: date('Date d\'embauche'),
  periodeessaiterminee: bool('Période d\'essai terminée'),
  revenufiscalrefn1: num('Revenu fiscal de référence N-1, en euros'),
  revenufiscalrefn2: num('Revenu fiscal de référence N-2, en euros'),
  impotrevenu: num('Impôt sur le revenu, en euros'),
  nomemployeur: str('Nom de l\'employeur'),
};

/** The job fields as the create route takes them, inline in the borrower. */
export const borrowerJobInline = {
  ...jobCommon,
  adressetravail: str('Adresse du lieu de travail'),
  complementadressetravail: str('Complément d\'adresse du lieu de travail'),
  codepostaltravail: str('Code postal du lieu de travail', { maxLength: 10 }),
  villetravail: str('Ville du lieu de travail'),
  paystravail: str('Pays du lieu de travail'),
};

/** The same job fields as a `situationprofessionnelle` entity (output and update). */
export const jobSituation = {
  ...jobCommon,
  adresse: str('Adresse du lieu de travail'),
  complementadresse: str('Complément d\'adresse du lieu de travail'),
  codepostal: str('Code postal du lieu de travail', { maxLength: 10 }),
  ville: str('Ville du lieu de travail'),
  pays: str('Pays du lieu de travail'),
};

/** Maps the inline job fields of the create route to the situation fields. */
export const INLINE_JOB_RENAMES: Record<string, string> = {
  adressetravail: 'adresse',
  complementadressetravail: 'complementadresse',
  codepostaltravail: 'codepostal',
  villetravail: 'ville',
  paystravail: 'pays',
};

export const project = {
  etatprojet: oneOf(E.ETATS_PROJET, 'État du projet'),
  natureprojet: { ...oneOf(E.NATURES_PROJET, 'Nature du projet'), type: 'string', enum: [...E.NATURES_PROJET] },
  destination: oneOf(E.DESTINATIONS, 'Destination'),
  etatbien: oneOf(E.ETATS_BIEN, 'État du bien'),
  typebien: { ...oneOf(E.TYPES_BIEN, 'Type du bien à acquérir'), type: 'string', enum: [...E.TYPES_BIEN] },
  proprietebien: oneOf(E.PROPRIETES_BIEN, 'Propriété du bien'),
  nomvendeur: str('Nom du vendeur'),
  agebien: int('Âge du bien, en années', RANGES.buildingAge),
  dpe: oneOf(E.DPE, 'Diagnostic de performance énergétique'),
  nbpersonnes: int('Nombre de personnes occupant le logement', RANGES.persons),
  libelledescriptif: str('Libellé descriptif'),
  listeannexes: str('Liste des annexes'),
  adressebien: str('Adresse du bien'),
  complementadresse: str('Complément d\'adresse du bien'),
  numeroetage: str('Numéro d\'étage ou de lot', { maxLength: 50 }),
  codepostal: str('Code postal du bien', { maxLength: 10 }),
  ville: str('Ville du bien'),
  referencecadastrale: str('Référence cadastrale'),
  autresprecisionsadressebien: str('Autres précisions sur l\'adresse'),
  nbpieces: str('Nombre de pièces', { maxLength: 50 }),
  surfacehabitable: num('Surface habitable, m²', RANGES.surface),
  surfaceterrain: num('Surface du terrain, m²', RANGES.surface),
  surfaceterrainmoinsdedeuxans: num('Surface du terrain acquis depuis moins de deux ans, m²', RANGES.surface),
  surfaceannexes: num('Surface des annexes, m²', RANGES.surface),
  surfacehabitablecreee: num('Surface habitable créée, m²', RANGES.surface),
  surfacelocauxpro: num('Surface des locaux professionnels, m²', RANGES.surface),
  autresprecisionssuperficie: str('Autres précisions sur la superficie'),
  signaturescompromis: date('Signature du compromis'),
  conditionsuspensivepret: date('Condition suspensive de prêt'),
  debuttravaux: date('Début des travaux'),
  signatureacte: date('Signature de l\'acte'),
  livraisonprevisionnelle: date('Livraison prévisionnelle'),
};

export const child = {
  nom: reqStr('Nom de l\'enfant'),
  prenom: reqStr('Prénom de l\'enfant'),
  datenaissance: reqDate('Date de naissance de l\'enfant'),
};

export const credit = {
  nomcredit: str('Nom du crédit'),
  organismepreteur: str('Organisme prêteur'),
  montantinitial: reqNum('Montant initial, en euros'),
  tauxinterets: num('Taux d\'intérêts annuel, en %', RANGES.fileRate),
  datedebut: reqDate('Date de début du prêt'),
  duree: int('Durée, en mois', RANGES.fileMonths),
  mensualite: reqNum('Mensualité, en euros'),
  datecapitalrestantdu: date('Date du capital restant dû'),
  capitalrestantdu: num('Capital restant dû, en euros'),
  rachatpret: reqBool('Prêt racheté (seulement dans le cadre d\'un rachat de prêt)'),
};
export const CREDIT_REQUIRED = ['montantinitial', 'datedebut', 'mensualite', 'rachatpret'] as const;

export const property = {
  sciproprietaire: str('SCI propriétaire'),
  descriptif: str('Descriptif'),
  anneeachat: int('Année d\'achat', RANGES.year),
  prixachat: num('Prix d\'achat, en euros'),
  valeuractuelle: reqNum('Valeur actuelle, en euros'),
  type: oneOf(E.TYPES_BIEN_POSSEDE, 'Type du bien possédé'),
  adresse: reqStr('Adresse du bien'),
  codepostal: reqStr('Code postal du bien', { maxLength: 10 }),
  ville: reqStr('Ville du bien'),
  pays: reqStr('Pays du bien'),
  bienpaye: reqBool('Bien entièrement payé (alors sans crédit)'),
  biendejahypotheque: bool('Bien déjà hypothéqué'),
  bienenvente: bool('Bien en vente'),
};
export const PROPERTY_REQUIRED = ['valeuractuelle', 'adresse', 'codepostal', 'ville', 'pays', 'bienpaye'] as const;

export const bankSituation = {
  numerocompte: str('Numéro de compte', { maxLength: 64 }),
  typecompte: oneOf(E.TYPES_COMPTE, 'Type de compte'),
  nombanque: str('Nom de la banque'),
  anneeclient: int('Ancienneté, en années', RANGES.customerYears),
  moisclient: int('Ancienneté, mois en plus des années', RANGES.extraMonths),
  bic: str('BIC (11 caractères au plus)', { maxLength: 11 }),
  iban: str('IBAN (34 caractères au plus)', { maxLength: 34 }),
};

export const wishes = {
  duree: int('Durée souhaitée, en mois', RANGES.fileMonths),
  mensualite: num('Mensualité souhaitée, en euros'),
  typetaux: oneOf(E.TYPES_TAUX, 'Type de taux souhaité'),
};

export const simulation = {
  coutprojethorsfrais: num('Coût du projet hors frais, en euros'),
  fraisgarantie: num('Frais de garantie, en euros'),
  fraisdossier: num('Frais de dossier, en euros'),
  fraiscourtage: num('Frais de courtage, en euros'),
  fraisagence: num('Frais d\'agence, en euros'),
  fraisnotaire: num('Frais de notaire, en euros'),
};

export const income = {
  libelle: str('Nom du revenu'),
  montant: reqNum('Montant mensuel, en euros'),
  commentaire: str('Commentaire'),
  avantprojet: bool('Existe avant le projet'),
  apresprojet: bool('Existe après le projet'),
};

export const charge = {
  libelle: str('Nom de la charge'),
  montant: reqNum('Montant mensuel, en euros'),
  avantprojet: bool('Existe avant le projet'),
  apresprojet: bool('Existe après le projet'),
};

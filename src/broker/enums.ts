/**
 * Every enumerated value of the CREDITEO guide, with its exact spelling (accents, typographic
 * apostrophes). Schemas and selectors both read these lists, so they cannot drift apart.
 */

export const TITRES = ['Monsieur', 'Madame'] as const;

export const SITUATIONS_FAMILIALES = [
  'Célibataire', 'Marié(e)', 'Union libre', 'Concubinage', 'Veuf/Veuve', 'Pacsé(e)', 'Divorcé(e)',
  'En instance de séparation',
] as const;

export const LIENS_PARENTE = [
  'Aucun', 'Père', 'Mère', 'Fils', 'Fille', 'Grand-Père', 'Grand-Mère', 'Mari', 'Femme', 'Conjoint',
  'Conjointe', 'Frère', 'Soeur', 'Belle-fille', 'Belle-mère', 'Belle-soeur', 'Beau-fils', 'Beau-père',
  'Beau-frère', 'Cousin', 'Cousine', 'Oncle', 'Tante',
] as const;

export const SITUATIONS_IMMO = ['Locataire', 'Hébergé(e) à titre gratuit', 'Propriétaire'] as const;

/** The input list of §7 has "Profession libérale"; the output list of §9 omits it. We accept it everywhere. */
export const CATEGORIES = [
  'Artisan', 'Fonctionnaire Contractuel(le)', 'Fonctionnaire Stagiaire', 'Fonctionnaire Titulaire',
  'Intermittent', 'Intérimaire', 'Profession libérale', 'Retraité(e)', 'Salarié(e) Cadre',
  'Salarié(e) Gérant', 'Salarié(e) non-cadre', 'Sans profession', 'Travailleur Non Salarié', 'Vacataire',
] as const;

export const CONTRATS = ['CDI', 'CDD', 'Contrat d’intérim'] as const;

export const NATURES_PROJET = [
  'Achat de SCPI', 'Acquisition', 'Acquisition + travaux', 'Acquisition en VEFA', 'Construction',
  'Crédit professionnel', 'Prêt perso', 'Rachat de prêt', 'Rachat de soulte', 'Renégociation de crédits',
  'Terrain', 'Terrain + construction', 'Travaux seuls',
] as const;

export const TYPES_BIEN = [
  'Maison', 'Immeuble', 'Appartement', 'Terrain seul', 'Garage', 'Hangar', 'Local commercial',
] as const;

export const PROPRIETES_BIEN = ['Achat parts', 'Pleine propriété', 'Usufruit', 'Nue propriété'] as const;

export const ETATS_PROJET = [
  'En recherche de bien', 'Bien trouvé', 'Offre d\'achat effectuée', 'Compromis signé',
] as const;

export const DESTINATIONS = [
  'Résidence principale', 'Résidence locative', 'Résidence secondaire', 'Résidence mixte',
  'Local commercial',
] as const;

export const ETATS_BIEN = ['Neuf', 'Ancien'] as const;

export const DPE = ['A', 'B', 'C', 'D', 'E', 'F', 'G'] as const;

/** Type of a property already owned. §7 lists "Terrain" too; §9/§10 do not. We accept it everywhere. */
export const TYPES_BIEN_POSSEDE = [
  'Résidence principale', 'Résidence secondaire', 'Locatif', 'Terrain',
] as const;

export const TYPES_COMPTE = [
  'Compte personnel', 'Compte professionnel', 'Compte joint', 'Compte impôts', 'Compte pour les frais',
] as const;

export const TYPES_TAUX = ['Fixe', 'Variable'] as const;

import type { Row } from './engine.ts';

/** v3 → v2 response tables (spec §6.3, the migration guide's tables read backwards). */

const datePart = (index: 0 | 1 | 2) => (value: unknown) => (typeof value === 'string' ? (value.split('-')[index] ?? null) : null);
const status = (value: unknown) => (value ? 'beneficiaire' : 'non_beneficiaire');
const alwaysNull = () => null;

const PRESTATION: Row[] = [
  { from: 'est_beneficiaire', to: 'status', convert: status },
  { from: 'avec_majoration', to: 'majoration' },
  { from: 'date_debut_droit', to: 'dateDebut' },
  // v2's dateFin was computed and unreliable; v2 has sent null for years (spec §6.3).
  { from: 'est_beneficiaire', to: 'dateFin', convert: alwaysNull },
];

const PERSON: Row[] = [
  { from: 'nom_naissance', to: 'nomNaissance' },
  { from: 'nom_usage', to: 'nomUsuel' },
  { from: 'prenoms', to: 'prenoms' },
  { from: 'date_naissance', to: 'anneeDateDeNaissance', convert: datePart(0) },
  { from: 'date_naissance', to: 'moisDateDeNaissance', convert: datePart(1) },
  { from: 'date_naissance', to: 'jourDateDeNaissance', convert: datePart(2) },
  { from: 'sexe', to: 'sexe' },
];

export const RESPONSE_TABLES: Record<string, Row[]> = {
  rsa: PRESTATION,
  prime_activite: PRESTATION,
  aah: [
    { from: 'est_beneficiaire', to: 'status', convert: status },
    { from: 'date_debut_droit', to: 'dateDebut' },
  ],
  asf: [
    { from: 'est_beneficiaire', to: 'status', convert: status },
    { from: 'date_debut_droit', to: 'dateDebut' },
    { from: 'est_beneficiaire', to: 'dateFin', convert: alwaysNull },
  ],
  c2s: [
    {
      from: 'est_beneficiaire',
      to: 'status',
      convert: (est, data) =>
        !est
          ? 'non_beneficiaire_css'
          : data.avec_participation
            ? 'beneficiaire_avec_participation_financiere'
            : 'beneficiaire_sans_participation_financiere',
    },
    { from: 'date_debut_droit', to: 'dateDebut' },
    { from: 'est_beneficiaire', to: 'dateFin', convert: alwaysNull },
  ],
  quotient_familial: [
    { from: 'quotient_familial.valeur', to: 'quotientFamilial' },
    { from: 'quotient_familial.mois', to: 'mois' },
    { from: 'quotient_familial.annee', to: 'annee' },
    { from: 'quotient_familial.fournisseur', to: 'regime' },
    { from: 'allocataires', to: 'allocataires', each: PERSON },
    { from: 'enfants', to: 'enfants', each: PERSON },
    { from: 'adresse.destinataire', to: 'adresse.identite' },
    { from: 'adresse.complement_information', to: 'adresse.complementInformation' },
    { from: 'adresse.complement_information_geographique', to: 'adresse.complementInformationGeographique' },
    { from: 'adresse.numero_libelle_voie', to: 'adresse.numeroLibelleVoie' },
    { from: 'adresse.lieu_dit', to: 'adresse.lieuDit' },
    { from: 'adresse.code_postal_ville', to: 'adresse.codePostalVille' },
    { from: 'adresse.pays', to: 'adresse.pays' },
  ],
  etudiants: [
    { from: 'identite.nom_naissance', to: 'nom' },
    { from: 'identite.prenom', to: 'prenom' },
    { from: 'identite.date_naissance', to: 'dateNaissance' },
    {
      from: 'admissions',
      to: 'inscriptions',
      each: [
        { from: 'date_debut', to: 'dateDebutInscription' },
        { from: 'date_fin', to: 'dateFinInscription' },
        { from: 'est_inscrit', to: 'statut', convert: (v) => (v ? 'inscrit' : 'admis') },
        { from: 'regime_formation.libelle', to: 'regime' },
        { from: 'code_cog_insee_commune', to: 'codeCommune' },
        { from: 'etablissement_etudes', to: 'etablissement' },
      ],
    },
  ],
  etudiants_boursiers: [
    { from: 'identite.nom', to: 'nom' },
    { from: 'identite.prenoms', to: 'prenom', convert: (v) => (Array.isArray(v) ? (v[0] ?? null) : v) },
    { from: 'identite.prenoms', to: 'prenom2', convert: (v) => (Array.isArray(v) ? (v[1] ?? null) : null) },
    { from: 'identite.date_naissance', to: 'dateNaissance' },
    { from: 'identite.nom_commune_naissance', to: 'lieuNaissance' },
    { from: 'identite.sexe', to: 'sexe' },
    { from: 'est_boursier', to: 'boursier' },
    { from: 'echelon_bourse.echelon', to: 'echelonBourse' },
    { from: 'email', to: 'email' },
    { from: 'periode_versement_bourse.date_rentree', to: 'dateDeRentree' },
    { from: 'periode_versement_bourse.duree', to: 'dureeVersement' },
    { from: 'echelon_bourse.echelon_bourse_regionale_provisoire', to: 'statut', convert: (v) => (v ? 1 : 0) },
    { from: 'echelon_bourse.echelon_bourse_regionale_provisoire', to: 'statutLibelle', convert: (v) => (v ? 'provisoire' : 'définitif') },
    { from: 'etablissement_etudes.nom_commune', to: 'villeEtudes' },
    { from: 'etablissement_etudes.nom_etablissement', to: 'etablissement' },
  ],
  scolarites: [
    { from: 'identite', to: 'eleve' },
    { from: 'etablissement.code_uai', to: 'code_etablissement' },
    { from: 'annee_scolaire', to: 'annee_scolaire' },
    { from: 'est_scolarise', to: 'est_scolarise' },
    { from: 'est_boursier', to: 'est_boursier' },
    { from: 'echelon_bourse', to: 'niveau_bourse' },
    { from: 'statut_eleve', to: 'status_eleve' },
  ],
  situations_pole_emploi: [
    { from: 'identifiant', to: 'identifiant' },
    { from: 'identite.civilite', to: 'civilite' },
    { from: 'identite.nom_naissance', to: 'nom' },
    { from: 'identite.nom_usage', to: 'nomUsage' },
    { from: 'identite.prenom', to: 'prenom' },
    { from: 'identite.sexe', to: 'sexe' },
    { from: 'identite.date_naissance', to: 'dateNaissance' },
    { from: 'inscription.code_certification_cnav', to: 'codeCertificationCNAV' },
    { from: 'inscription.categorie.code', to: 'codeCategorieInscription' },
    { from: 'inscription.categorie.libelle', to: 'libelleCategorieInscription' },
    { from: 'inscription.date_debut', to: 'dateInscription' },
    { from: 'inscription.date_fin', to: 'dateCessationInscription' },
    { from: 'adresse.code_cog_insee_commune', to: 'adresse.INSEECommune' },
    { from: 'adresse.code_postal', to: 'adresse.codePostal' },
    { from: 'adresse.ligne_complement_adresse', to: 'adresse.ligneComplementAdresse' },
    { from: 'adresse.ligne_complement_destinataire', to: 'adresse.ligneComplementDestinataire' },
    { from: 'adresse.ligne_complement_distribution', to: 'adresse.ligneComplementDistribution' },
    { from: 'adresse.ligne_nom', to: 'adresse.ligneNom' },
    { from: 'adresse.ligne_voie', to: 'adresse.ligneVoie' },
    { from: 'adresse.localite', to: 'adresse.localite' },
    { from: 'contact.email', to: 'email' },
    { from: 'contact.telephone', to: 'telephone' },
    { from: 'contact.telephone2', to: 'telephone2' },
  ],
  paiements_pole_emploi: [
    { from: 'identifiant', to: 'identifiant' },
    {
      from: 'paiements',
      to: 'paiements',
      each: [
        { from: 'date_versement', to: 'date' },
        { from: 'montant_total', to: 'montant' },
        { from: 'montant_allocations', to: 'allocations' },
        { from: 'montant_aides', to: 'aides' },
        { from: 'montant_autres', to: 'autres' },
      ],
    },
  ],
};

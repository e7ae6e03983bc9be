/**
 * Scopes → response keys, per API (spec §2.3–2.15: serializers of the production implementation).
 * A path names a key under `data`: `identite`, or a key inside an object (`statut_actuel.organisme_accueil`)
 * or inside each item of an array (`admissions[].est_inscrit`). A key is kept only when the token
 * holds its scope (and, for a nested key, the scope of its parent); keys named by no rule are
 * always kept. `accessOnly` scopes open the endpoint without unlocking a key.
 */
export interface ScopeRule {
  scope: string;
  paths: string[];
}

export interface ApiScopes {
  rules: ScopeRule[];
  accessOnly?: string[];
}

const one = (scope: string, ...paths: string[]): ScopeRule => ({ scope, paths });

const GIP_MDS_SUB = (parent: string): ScopeRule[] => [
  one('gip_mds_service_civique_organisme_accueil', `${parent}.organisme_accueil`),
  one('gip_mds_service_civique_dates', `${parent}.date_debut_contrat`, `${parent}.date_fin_contrat`),
];

const ANTS_KEYS = [
  'identite_particulier',
  'adresse_particulier',
  'statut_rattachement',
  'donnees_immatriculation_vehicule',
  'caracteristiques_techniques_vehicule',
];

const CNOUS_COMMON: ScopeRule[] = [
  one('cnous_identite', 'identite'),
  one('cnous_email', 'email'),
  one('cnous_echelon_bourse', 'echelon_bourse'),
  one('cnous_periode_versement', 'periode_versement_bourse'),
  one('cnous_ville_etudes', 'etablissement_etudes'),
];

/** Keyed by `<version>/<provider>/<resource>` (the path without its modality). */
export const API_SCOPES: Record<string, ApiScopes> = {
  'v3/ants/extrait_immatriculation_vehicule': {
    rules: ANTS_KEYS.map((key) => one(`ants_extrait_immatriculation_vehicule_${key}`, key)),
  },
  'v3/dss/quotient_familial': {
    rules: [
      one('cnaf_quotient_familial', 'quotient_familial'),
      one('cnaf_allocataires', 'allocataires'),
      one('cnaf_enfants', 'enfants'),
      one('cnaf_adresse', 'adresse'),
    ],
  },
  'v3/dss/revenu_solidarite_active': {
    rules: [
      one('revenu_solidarite_active', 'est_beneficiaire', 'date_debut_droit', 'date_fin_droit'),
      one('revenu_solidarite_active_majoration', 'avec_majoration'),
    ],
  },
  'v3/dss/prime_activite': {
    rules: [one('prime_activite', 'est_beneficiaire', 'date_debut_droit', 'date_fin_droit'), one('prime_activite_majoration', 'avec_majoration')],
  },
  'v3/dss/allocation_adulte_handicape': { rules: [one('allocation_adulte_handicape', 'est_beneficiaire', 'date_debut_droit')] },
  'v3/dss/allocation_soutien_familial': { rules: [one('allocation_soutien_familial', 'est_beneficiaire', 'date_debut_droit')] },
  'v3/dss/complementaire_sante_solidaire': {
    rules: [one('complementaire_sante_solidaire', 'est_beneficiaire', 'avec_participation', 'date_debut_droit')],
  },
  // The sources name no AEEH scope (spec §2.5, "UNKNOWN"): named after the API like AAH and ASF.
  'v3/dss/allocation_enfant_handicape': { rules: [one('allocation_enfant_handicape', 'status', 'date_debut_droit')] },
  'v3/dss/participation_familiale_eaje': {
    rules: [
      one('cnav_participation_familiale_eaje_allocataires', 'allocataires'),
      one('cnav_participation_familiale_eaje_enfants', 'enfants'),
      one('cnav_participation_familiale_eaje_adresse', 'adresse'),
      one('cnav_participation_familiale_eaje_parametres_calcul', 'parametres_calcul_participation_familiale'),
    ],
  },
  'v3/cnous/etudiant_boursier': {
    rules: [...CNOUS_COMMON, one('cnous_statut_boursier', 'est_boursier')],
    accessOnly: ['cnous_statut_bourse'],
  },
  'v4/cnous/etudiant_boursier': {
    rules: [...CNOUS_COMMON, one('cnous_statut_boursier', 'statut_boursier')],
    accessOnly: ['cnous_statut_bourse'],
  },
  'v3/mesri/statut_etudiant': {
    rules: [
      one('mesri_identite', 'identite'),
      one('mesri_admissions', 'admissions'),
      one('mesri_admission_inscrit', 'admissions[].est_inscrit'),
      one('mesri_admission_regime_formation', 'admissions[].regime_formation'),
      one('mesri_admission_commune_etudes', 'admissions[].code_cog_insee_commune'),
      one('mesri_admission_etablissement_etudes', 'admissions[].etablissement_etudes'),
    ],
  },
  'v3/men/scolarites': {
    rules: [
      one('men_statut_identite', 'identite'),
      one('men_statut_scolarite', 'annee_scolaire', 'est_scolarise', 'statut_eleve'),
      one('men_statut_etablissement', 'etablissement'),
      one('men_statut_module_elementaire_formation', 'module_elementaire_formation'),
      one('men_statut_boursier', 'est_boursier'),
      one('men_echelon_bourse', 'echelon_bourse'),
    ],
  },
  'v3/france_travail/statut': {
    rules: [
      one('pole_emploi_identifiant', 'identifiant'),
      one('pole_emploi_identite', 'identite'),
      one('pole_emploi_contact', 'contact'),
      one('pole_emploi_adresse', 'adresse'),
      one('pole_emploi_inscription', 'inscription'),
    ],
  },
  // `identifiant` echoes the input and is always sent (spec §2.11).
  'v3/france_travail/indemnites': { rules: [one('pole_emploi_paiements', 'paiements')] },
  'v3/dsnj/service_national': { rules: [one('dsnj_statut_service_national', 'statut_service_national', 'commentaires')] },
  'v3/gip_mds/service_civique': {
    rules: [
      one('gip_mds_service_civique_statut_actuel', 'statut_actuel'),
      one('gip_mds_service_civique_statut_passe', 'statut_passe'),
      ...GIP_MDS_SUB('statut_actuel'),
      ...GIP_MDS_SUB('statut_passe'),
    ],
  },
  'v3/sdh/statut_sportif': {
    rules: [
      one('sdh_statut_sportif_identite', 'identite'),
      one('sdh_statut_sportif_est_sportif_de_haut_niveau', 'est_sportif_de_haut_niveau'),
      one('sdh_statut_sportif_a_ete_sportif_de_haut_niveau', 'a_ete_sportif_de_haut_niveau'),
      one('sdh_statut_sportif_informations_statut', 'informations_statut'),
      one('sdh_statut_sportif_informations_statuts_precedents', 'informations_statuts_precedents'),
    ],
  },
};
/** v4 MEN has the same keys as v3. */
API_SCOPES['v4/men/scolarites'] = API_SCOPES['v3/men/scolarites']!;

/** Every scope a token may hold (the demo token holds them all). */
export const ALL_SCOPES: string[] = [
  ...new Set(Object.values(API_SCOPES).flatMap((api) => [...api.rules.map((r) => r.scope), ...(api.accessOnly ?? [])])),
].sort();

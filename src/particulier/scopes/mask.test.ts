import { describe, expect, it } from 'vitest';
import { API_SCOPES } from '../catalogue/scopes.ts';
import { mayCall, maskData } from './mask.ts';

const mesri = API_SCOPES['v3/mesri/statut_etudiant']!.rules;
const gip = API_SCOPES['v3/gip_mds/service_civique']!.rules;
const qf = API_SCOPES['v3/dss/quotient_familial']!.rules;

const admission = {
  date_debut: '2022-09-01',
  date_fin: '2023-08-31',
  est_inscrit: true,
  regime_formation: { libelle: 'formation initiale', code: 'RF1' },
  code_cog_insee_commune: '29085',
  etablissement_etudes: { uai: '0011402U', nom: 'EGC AIN' },
};
const student = { identite: { nom_naissance: 'MARTIN', prenom: 'Jean', date_naissance: '2000-01-01' }, admissions: [admission, admission] };

describe('maskData', () => {
  it('keeps everything when every scope is held', () => {
    const all = new Set(mesri.map((r) => r.scope));
    expect(maskData(student, mesri, all)).toEqual(student);
  });

  it('omits a top-level key (never nulls it) when its scope is missing', () => {
    const masked = maskData(student, mesri, new Set(['mesri_admissions', 'mesri_admission_inscrit'])) as Record<string, unknown>;
    expect(Object.keys(masked)).toEqual(['admissions']);
    expect('identite' in masked).toBe(false);
  });

  it('applies sub-scopes inside every item of an array', () => {
    const masked = maskData(student, mesri, new Set(['mesri_admissions', 'mesri_admission_inscrit'])) as typeof student;
    expect(masked.admissions).toEqual([
      { date_debut: '2022-09-01', date_fin: '2023-08-31', est_inscrit: true },
      { date_debut: '2022-09-01', date_fin: '2023-08-31', est_inscrit: true },
    ]);
  });

  it('drops an array and all its sub-keys when the parent scope is missing, even with sub-scopes', () => {
    const masked = maskData(student, mesri, new Set(['mesri_identite', 'mesri_admission_inscrit'])) as Record<string, unknown>;
    expect(Object.keys(masked)).toEqual(['identite']);
  });

  it('applies sub-scopes inside objects (GIP-MDS statuts)', () => {
    const statut = { contrat_trouve: true, organisme_accueil: { siret: '1', raison_sociale: 'X' }, date_debut_contrat: '2024-01-01', date_fin_contrat: null };
    const data = { statut_actuel: statut, statut_passe: statut };
    const masked = maskData(data, gip, new Set(['gip_mds_service_civique_statut_actuel', 'gip_mds_service_civique_dates']));
    expect(masked).toEqual({ statut_actuel: { contrat_trouve: true, date_debut_contrat: '2024-01-01', date_fin_contrat: null } });
  });

  it('keeps keys named by no rule and does not touch its input', () => {
    const data = { quotient_familial: { valeur: 1 }, allocataires: [], extra: 1 };
    const copy = structuredClone(data);
    expect(maskData(data, qf, new Set(['cnaf_allocataires']))).toEqual({ allocataires: [], extra: 1 });
    expect(data).toEqual(copy);
  });
});

describe('mayCall', () => {
  it('needs one scope of the endpoint, not all', () => {
    expect(mayCall(['a', 'b'], new Set(['b']))).toBe(true);
    expect(mayCall(['a', 'b'], new Set(['c']))).toBe(false);
    expect(mayCall([], new Set())).toBe(true);
  });
});

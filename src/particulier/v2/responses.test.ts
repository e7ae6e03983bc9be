import { describe, expect, it } from 'vitest';
import { applyRows, getPath } from './engine.ts';
import { RESPONSE_TABLES } from './responses.ts';

const map = (table: string, data: Record<string, unknown>) => applyRows(RESPONSE_TABLES[table]!, data);

describe('v3 → v2 responses, row by row (migration guide tables, spec §6.3)', () => {
  it('every plain row moves its value from the v3 path to the v2 path', () => {
    let rows = 0;
    for (const [table, list] of Object.entries(RESPONSE_TABLES)) {
      for (const row of list) {
        if (row.each || row.convert) continue;
        const source: Record<string, unknown> = {};
        let node = source;
        const steps = row.from.split('.');
        for (const step of steps.slice(0, -1)) node = (node[step] = {}) as Record<string, unknown>;
        node[steps.at(-1)!] = `value of ${row.from}`;
        expect(getPath(map(table, source), row.to), `${table}: ${row.from} → ${row.to}`).toBe(`value of ${row.from}`);
        rows++;
      }
    }
    expect(rows).toBeGreaterThan(40);
  });

  it('RSA / prime d\'activité: est_beneficiaire → status, avec_majoration → majoration, date_debut_droit → dateDebut, dateFin null', () => {
    for (const table of ['rsa', 'prime_activite']) {
      expect(map(table, { est_beneficiaire: true, avec_majoration: false, date_debut_droit: '2024-01-01' })).toEqual({
        status: 'beneficiaire',
        majoration: false,
        dateDebut: '2024-01-01',
        dateFin: null,
      });
      expect(map(table, { est_beneficiaire: false, avec_majoration: null, date_debut_droit: null })).toEqual({
        status: 'non_beneficiaire',
        majoration: null,
        dateDebut: null,
        dateFin: null,
      });
    }
  });

  it('AAH has no dateFin; ASF keeps dateFin null', () => {
    expect(map('aah', { est_beneficiaire: true, date_debut_droit: '2020-02-02' })).toEqual({ status: 'beneficiaire', dateDebut: '2020-02-02' });
    expect(map('asf', { est_beneficiaire: false, date_debut_droit: null })).toEqual({ status: 'non_beneficiaire', dateDebut: null, dateFin: null });
  });

  it('C2S: est_beneficiaire + avec_participation → the three v2 statuses', () => {
    expect(map('c2s', { est_beneficiaire: true, avec_participation: true, date_debut_droit: 'd' }).status).toBe('beneficiaire_avec_participation_financiere');
    expect(map('c2s', { est_beneficiaire: true, avec_participation: false, date_debut_droit: 'd' }).status).toBe('beneficiaire_sans_participation_financiere');
    expect(map('c2s', { est_beneficiaire: false, avec_participation: null, date_debut_droit: null }).status).toBe('non_beneficiaire_css');
  });

  it('quotient familial: nesting undone, snake_case to camelCase, dates split in three, destinataire → identite', () => {
    const v2 = map('quotient_familial', {
      quotient_familial: { fournisseur: 'MSA', valeur: 1045, annee: 2023, mois: 6, annee_calcul: 2023, mois_calcul: 9 },
      allocataires: [{ nom_naissance: 'JACQUES', nom_usage: 'DUPONT', prenoms: 'JEAN-PIERRE THOMAS', date_naissance: '2000-01-20', sexe: 'M' }],
      enfants: [],
      adresse: { destinataire: 'Monsieur JEAN JACQUES', complement_information: null, complement_information_geographique: null, numero_libelle_voie: '1 RUE DE LA GARE', lieu_dit: null, code_postal_ville: '75002', pays: 'FRANCE' },
    });
    expect(v2).toEqual({
      quotientFamilial: 1045,
      mois: 6,
      annee: 2023,
      regime: 'MSA',
      allocataires: [
        { nomNaissance: 'JACQUES', nomUsuel: 'DUPONT', prenoms: 'JEAN-PIERRE THOMAS', anneeDateDeNaissance: '2000', moisDateDeNaissance: '01', jourDateDeNaissance: '20', sexe: 'M' },
      ],
      enfants: [],
      adresse: {
        identite: 'Monsieur JEAN JACQUES',
        complementInformation: null,
        complementInformationGeographique: null,
        numeroLibelleVoie: '1 RUE DE LA GARE',
        lieuDit: null,
        codePostalVille: '75002',
        pays: 'FRANCE',
      },
    });
  });

  it('MESRI: admissions → inscriptions, est_inscrit → "inscrit"/"admis", regime_formation.libelle → regime', () => {
    const v2 = map('etudiants', {
      identite: { nom_naissance: 'MOUSTAKI', prenom: 'Georges', date_naissance: '1992-11-29' },
      admissions: [
        { date_debut: '2022-09-01', date_fin: '2023-08-31', est_inscrit: false, regime_formation: { libelle: 'formation initiale', code: 'RF1' }, code_cog_insee_commune: '29085', etablissement_etudes: { uai: '0011402U', nom: 'EGC' } },
      ],
    });
    expect(v2).toEqual({
      nom: 'MOUSTAKI',
      prenom: 'Georges',
      dateNaissance: '1992-11-29',
      inscriptions: [{ dateDebutInscription: '2022-09-01', dateFinInscription: '2023-08-31', statut: 'admis', regime: 'formation initiale', codeCommune: '29085', etablissement: { uai: '0011402U', nom: 'EGC' } }],
    });
  });

  it('CNOUS: prenoms[] → prenom + prenom2, provisional regional echelon → statut 1 "provisoire"', () => {
    const v2 = map('etudiants_boursiers', {
      identite: { nom: 'MOUSTAKI', prenoms: ['Georges', 'Claude'], date_naissance: '1992-11-29', nom_commune_naissance: 'Poitiers', sexe: 'M' },
      est_boursier: true,
      echelon_bourse: { echelon: '6', echelon_bourse_regionale_provisoire: true },
      periode_versement_bourse: { date_rentree: '2019-09-01', duree: 12 },
    });
    expect(v2).toEqual({
      nom: 'MOUSTAKI',
      prenom: 'Georges',
      prenom2: 'Claude',
      dateNaissance: '1992-11-29',
      lieuNaissance: 'Poitiers',
      sexe: 'M',
      boursier: true,
      echelonBourse: '6',
      dateDeRentree: '2019-09-01',
      dureeVersement: 12,
      statut: 1,
      statutLibelle: 'provisoire',
    });
  });

  it('France Travail paiements: date_versement → date, montant_* → v2 names', () => {
    expect(map('paiements_pole_emploi', { identifiant: 'x', paiements: [{ date_versement: '2024-01-01', montant_total: 10, montant_allocations: 5, montant_aides: 3, montant_autres: 2 }] })).toEqual({
      identifiant: 'x',
      paiements: [{ date: '2024-01-01', montant: 10, allocations: 5, aides: 3, autres: 2 }],
    });
  });

  it('a key masked away in v3 is absent in v2 too (never null)', () => {
    expect(map('rsa', { avec_majoration: true })).toEqual({ majoration: true });
    expect(map('quotient_familial', { enfants: [] })).toEqual({ enfants: [] });
  });
});

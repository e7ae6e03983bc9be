import { describe, expect, it } from 'vitest';
import { renameDss, splitDate, V2_ROUTES } from './requests.ts';

const route = (path: string) => V2_ROUTES.find((r) => r.path === path)!;

describe('v2 → v3 requests (spec §6.1, §6.2)', () => {
  it('DSS: "De" dropped from the date parts, birthplace codes renamed, sexe → sexeEtatCivil upper-cased', () => {
    expect(
      renameDss({
        recipient: '13002526500013',
        nomNaissance: 'DURANT',
        'prenoms[]': ['PIERRE'],
        anneeDateDeNaissance: '1990',
        moisDateDeNaissance: '1',
        jourDateDeNaissance: '2',
        codeInseeLieuDeNaissance: '08480',
        codePaysLieuDeNaissance: '99100',
        codeInseeDepartementNaissance: '08',
        nomCommuneNaissance: 'X',
        sexe: 'm',
        annee: '2024',
        unknown: 'dropped',
      }),
    ).toEqual({
      recipient: '13002526500013',
      nomNaissance: 'DURANT',
      'prenoms[]': ['PIERRE'],
      anneeDateNaissance: '1990',
      moisDateNaissance: '1',
      jourDateNaissance: '2',
      codeCogInseeCommuneNaissance: '08480',
      codeCogInseePaysNaissance: '99100',
      codeCogInseeDepartementNaissance: '08',
      nomCommuneNaissance: 'X',
      sexeEtatCivil: 'M',
      annee: '2024',
    });
  });

  it('routes every v2 DSS path to its v3 identity route', () => {
    expect(route('/api/v2/composition-familiale-v2').resolve({}).path).toBe('/v3/dss/quotient_familial/identite');
    expect(route('/api/v2/complementaire-sante-solidaire').resolve({}).path).toBe('/v3/dss/complementaire_sante_solidaire/identite');
  });

  it('MESRI/CNOUS: ine moves to the /ine route; otherwise nom, prenom(s), date split, lieu, sexe', () => {
    expect(route('/api/v2/etudiants').resolve({ ine: '1234567890G', recipient: 'r' })).toEqual({ path: '/v3/mesri/statut_etudiant/ine', query: { recipient: 'r', ine: '1234567890G' } });
    expect(route('/api/v2/etudiants-boursiers').resolve({ nom: 'MOUSTAKI', prenoms: 'Georges Claude', dateDeNaissance: '1992-11-29', lieuDeNaissance: '86194', sexe: 'm', recipient: 'r' })).toEqual({
      path: '/v3/cnous/etudiant_boursier/identite',
      query: {
        recipient: 'r',
        nomNaissance: 'MOUSTAKI',
        'prenoms[]': ['Georges', 'Claude'],
        anneeDateNaissance: '1992',
        moisDateNaissance: '11',
        jourDateNaissance: '29',
        codeCogInseeCommuneNaissance: '86194',
        sexeEtatCivil: 'M',
      },
    });
  });

  it('splitDate: YYYY-MM-DD in three; anything else passes as the year, for v3 to refuse', () => {
    expect(splitDate('2001-02-03')).toEqual({ anneeDateNaissance: '2001', moisDateNaissance: '02', jourDateNaissance: '03' });
    expect(splitDate('03/02/2001')).toEqual({ anneeDateNaissance: '03/02/2001' });
    expect(splitDate(undefined)).toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../catalogue/operations.ts';
import type { ParticulierError } from '../errors.ts';
import { applyCivilityRules, mockingParams } from './civility.ts';

const op = (path: string) => CATALOGUE().find((o) => o.path === path)!;
const QF = op('/v3/dss/quotient_familial/identite');
const today = new Date('2026-03-15T12:00:00Z');
const base = { nomNaissance: 'DUPONT', 'prenoms[]': ['Jean'], sexeEtatCivil: 'M', codeCogInseePaysNaissance: '99100', codeCogInseeCommuneNaissance: '75056' };

const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    const e = error as ParticulierError;
    return [e.status, e.body.code, e.body.source?.parameter ?? null];
  }
  return null;
};

describe('applyCivilityRules', () => {
  it('renames arrays, normalises typographic apostrophes, drops zero date parts', () => {
    expect(applyCivilityRules(QF, { ...base, nomNaissance: ' D’ARTAGNAN ', anneeDateNaissance: 1990, moisDateNaissance: 0, jourDateNaissance: 12 }, today)).toEqual({
      nomNaissance: "D'ARTAGNAN",
      prenoms: ['Jean'],
      sexeEtatCivil: 'M',
      codeCogInseePaysNaissance: '99100',
      codeCogInseeCommuneNaissance: '75056',
      anneeDateNaissance: 1990,
    });
  });

  it('ignores the month without a year and the day without a month', () => {
    const out = applyCivilityRules(QF, { ...base, moisDateNaissance: 4, jourDateNaissance: 2 }, today);
    expect(out).not.toHaveProperty('moisDateNaissance');
    expect(out).not.toHaveProperty('jourDateNaissance');
  });

  it('born abroad: the commune is dropped; born in France: commune or the complete triplet', () => {
    expect(applyCivilityRules(QF, { ...base, codeCogInseePaysNaissance: '99404' }, today)).not.toHaveProperty('codeCogInseeCommuneNaissance');
    const { codeCogInseeCommuneNaissance: _c, ...noCommune } = base;
    expect(failure(() => applyCivilityRules(QF, noCommune, today))).toEqual([422, '00366', 'codeCogInseeCommuneNaissance']);
    expect(failure(() => applyCivilityRules(QF, { ...noCommune, nomCommuneNaissance: 'Brest', codeCogInseeDepartementNaissance: '29' }, today))).toEqual([
      422,
      '00366',
      'codeCogInseeCommuneNaissance',
    ]);
    expect(applyCivilityRules(QF, { ...noCommune, nomCommuneNaissance: 'Brest', codeCogInseeDepartementNaissance: '29', anneeDateNaissance: 1990 }, today)).toHaveProperty(
      'nomCommuneNaissance',
      'Brest',
    );
  });

  it('refuses impossible dates', () => {
    expect(failure(() => applyCivilityRules(QF, { ...base, anneeDateNaissance: 2001, moisDateNaissance: 2, jourDateNaissance: 29 }, today))).toEqual([422, '00366', 'jourDateNaissance']);
    expect(applyCivilityRules(QF, { ...base, anneeDateNaissance: 2000, moisDateNaissance: 2, jourDateNaissance: 29 }, today)).toHaveProperty('jourDateNaissance', 29);
  });

  it('QF period: not in the future, at most 24 months back; month alone means this year', () => {
    expect(applyCivilityRules(QF, { ...base, annee: 2026, mois: 3 }, today)).toMatchObject({ annee: 2026, mois: 3 });
    expect(applyCivilityRules(QF, { ...base, annee: 2024, mois: 3 }, today)).toMatchObject({ annee: 2024, mois: 3 });
    expect(failure(() => applyCivilityRules(QF, { ...base, annee: 2024, mois: 2 }, today))).toEqual([422, '00366', 'annee']);
    expect(failure(() => applyCivilityRules(QF, { ...base, mois: 4 }, today))).toEqual([422, '00366', 'mois']);
    expect(failure(() => applyCivilityRules(QF, { ...base, annee: 2027 }, today))).toEqual([422, '00366', 'annee']);
  });

  it('MEN: perimeter exclusive with the establishment (00419), formats of anneeScolaire and UAI', () => {
    const men = op('/v3/men/scolarites/identite');
    const person = { nomNaissance: 'X', 'prenoms[]': ['Y'], sexeEtatCivil: 'F', anneeDateNaissance: 2010, moisDateNaissance: 1, jourDateNaissance: 1 };
    expect(failure(() => applyCivilityRules(men, { ...person, anneeScolaire: '2023-2024', codeEtablissement: '0210015C', 'codesBcnRegions[]': ['27'] }, today))).toEqual([
      422,
      '00419',
      null,
    ]);
    expect(failure(() => applyCivilityRules(men, { ...person, anneeScolaire: '23-24' }, today))).toEqual([422, '00366', 'anneeScolaire']);
    expect(failure(() => applyCivilityRules(men, { ...person, anneeScolaire: '2023', codeEtablissement: '021C' }, today))).toEqual([422, '00366', 'codeEtablissement']);
    const params = applyCivilityRules(men, { ...person, anneeScolaire: '2023', degreEtablissement: '2D', 'codesBcnRegions[]': ['27'] }, today);
    expect(Object.keys(mockingParams(men, params)).sort()).toEqual(
      ['anneeDateNaissance', 'anneeScolaire', 'jourDateNaissance', 'moisDateNaissance', 'nomNaissance', 'prenoms', 'sexeEtatCivil'],
    );
  });
});

import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../catalogue/operations.ts';
import { ParticulierError } from '../../errors.ts';
import { civilityFromIdentity, identityFromIntrospection } from './france-connect.ts';

const introspection = (fields: Record<string, unknown>) => ({
  token_introspection: {
    active: true,
    scope: 'openid identite_pivot cnaf_quotient_familial',
    family_name: 'CNAF',
    given_name: 'Georges Pierre',
    birthdate: '2002-01-01',
    gender: 'male',
    birthplace: '75102',
    birthcountry: '99100',
    ...fields,
  },
});

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as ParticulierError).body.code;
  }
  return null;
};

describe('identityFromIntrospection', () => {
  it('reads the identity and the data scopes', () => {
    const identity = identityFromIntrospection(introspection({}));
    expect(identity.scopes).toEqual(['openid', 'identite_pivot', 'cnaf_quotient_familial']);
    expect(identity.family_name).toBe('CNAF');
  });

  it('inactive → 50002; pivot scopes missing → 50003 listing the scopes present', () => {
    expect(codeOf(() => identityFromIntrospection(introspection({ active: false })))).toBe('50002');
    expect(codeOf(() => identityFromIntrospection({}))).toBe('50002');
    try {
      identityFromIntrospection(introspection({ scope: 'openid given_name cnaf_quotient_familial' }));
      expect.unreachable();
    } catch (error) {
      expect((error as ParticulierError).status).toBe(401);
      expect((error as ParticulierError).body.code).toBe('50003');
      expect((error as ParticulierError).body.detail).toContain('openid, given_name, cnaf_quotient_familial');
    }
  });

  it('accepts the aliases profile + birth for the pivot identity', () => {
    expect(identityFromIntrospection(introspection({ scope: 'profile birth cnaf_enfants' })).scopes).toContain('cnaf_enfants');
  });
});

describe('civilityFromIdentity (spec §7.2 step 4)', () => {
  const op = (path: string) => CATALOGUE().find((o) => o.path === path)!;

  it('maps the identity onto the identity route\'s parameters: names split, date split, M/F, commune only for France', () => {
    const identity = identityFromIntrospection(introspection({ preferred_username: 'DUPONT' }));
    expect(civilityFromIdentity(identity, op('/v3/dss/quotient_familial/identite'), { annee: 2025 })).toEqual({
      nomUsage: 'DUPONT',
      nomNaissance: 'CNAF',
      prenoms: ['Georges', 'Pierre'],
      anneeDateNaissance: 2002,
      moisDateNaissance: 1,
      jourDateNaissance: 1,
      sexeEtatCivil: 'M',
      codeCogInseePaysNaissance: '99100',
      codeCogInseeCommuneNaissance: '75102',
      annee: 2025,
    });
    const abroad = identityFromIntrospection(introspection({ birthcountry: '99404', gender: 'female' }));
    const params = civilityFromIdentity(abroad, op('/v3/dss/quotient_familial/identite'), {});
    expect(params).not.toHaveProperty('codeCogInseeCommuneNaissance');
    expect(params.sexeEtatCivil).toBe('F');
  });

  it('keeps only the parameters the identity route declares (GIP-MDS: no sex, no birthplace)', () => {
    const identity = identityFromIntrospection(introspection({}));
    expect(Object.keys(civilityFromIdentity(identity, op('/v3/gip_mds/service_civique/identite'), {})).sort()).toEqual(
      ['anneeDateNaissance', 'jourDateNaissance', 'moisDateNaissance', 'nomNaissance', 'prenoms'],
    );
  });
});

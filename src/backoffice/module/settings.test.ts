import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../platform/config/index.ts';
import { backofficeModule } from './index.ts';
import { backofficeSettingsOf } from './settings.ts';
import { cookiePathOf } from './surface.ts';

const load = (env: Record<string, string>) => loadConfig(env, { sections: [backofficeModule] });

describe('back-office settings', () => {
  it('defaults', () => {
    expect(backofficeSettingsOf(load({}))).toEqual({ prefix: '/backoffice/api', sessionTtlMinutes: 480, loginMaxPerAccount: 5, loginMaxPerIp: 20, loginWindowSeconds: 900 });
  });

  it.each([
    ['FOYER_BACKOFFICE_PREFIX', 'backoffice'],
    ['FOYER_BACKOFFICE_SESSION_TTL_MINUTES', 'abc'],
    ['FOYER_BACKOFFICE_SESSION_TTL_MINUTES', '1'],
    ['FOYER_BACKOFFICE_LOGIN_MAX_PER_ACCOUNT', '0'],
    ['FOYER_BACKOFFICE_LOGIN_MAX_PER_IP', '-3'],
    ['FOYER_BACKOFFICE_LOGIN_WINDOW_SECONDS', '1e9'],
  ])('stops the boot on a bad %s (%s), naming it', (variable, value) => {
    let error: unknown;
    try {
      load({ [variable]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
  });

  it('the cookie path is the parent of the prefix (the API and the pages that call it), or the prefix itself', () => {
    expect(cookiePathOf('/backoffice/api')).toBe('/backoffice');
    expect(cookiePathOf('/bo')).toBe('/bo');
    expect(cookiePathOf('/a/b/api')).toBe('/a/b');
  });
});

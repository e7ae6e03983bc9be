import { sectionOf, type Config, type EnvReader } from '../../platform/config/index.ts';

/** The back-office's own configuration section. */
export interface BackofficeSettings {
  /** Where the operator API is mounted. */
  prefix: string;
  /** Lifetime of an operator session, in minutes (from login; no sliding renewal). */
  sessionTtlMinutes: number;
  /** Failed logins allowed per account within the window before 429. */
  loginMaxPerAccount: number;
  /** Failed logins allowed per client IP within the window before 429. */
  loginMaxPerIp: number;
  /** The throttling window, in seconds. */
  loginWindowSeconds: number;
}

export function readBackofficeSettings(read: EnvReader): BackofficeSettings {
  return {
    prefix: read.prefix('FOYER_BACKOFFICE_PREFIX', '/backoffice/api'),
    sessionTtlMinutes: read.integer('FOYER_BACKOFFICE_SESSION_TTL_MINUTES', 480, 5, 7 * 24 * 60),
    loginMaxPerAccount: read.integer('FOYER_BACKOFFICE_LOGIN_MAX_PER_ACCOUNT', 5, 1, 1000),
    loginMaxPerIp: read.integer('FOYER_BACKOFFICE_LOGIN_MAX_PER_IP', 20, 1, 100_000),
    loginWindowSeconds: read.integer('FOYER_BACKOFFICE_LOGIN_WINDOW_SECONDS', 900, 10, 86_400),
  };
}

export const backofficeSettingsOf = (config: Config): BackofficeSettings => sectionOf<BackofficeSettings>(config, 'backoffice');

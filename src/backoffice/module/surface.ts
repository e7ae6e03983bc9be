import { createHmac } from 'node:crypto';
import type { SurfaceDescriptor } from '../../platform/module.ts';
import { operatorDesk } from '../../rental/index.ts';
import { asBackofficeDb } from '../db.ts';
import { backofficePlugin } from '../http/plugin.ts';
import { LoginThrottle } from '../operators/throttle.ts';
import type { BackofficeSettings } from './settings.ts';

/** The cookie covers the whole back-office (`/backoffice`: the API and the pages that will call it). */
export const cookiePathOf = (prefix: string) => (prefix.split('/').length > 2 ? prefix.slice(0, prefix.lastIndexOf('/')) : prefix);

export const backofficeSurface: SurfaceDescriptor<BackofficeSettings> = {
  title: 'Back-office API (operators)',
  prefix: (settings) => settings.prefix,
  openapiPath: '/openapi.json',
  async plugin(app, context) {
    const { settings } = context;
    await backofficePlugin(
      app,
      {
        db: asBackofficeDb(context.db.kysely),
        desk: await operatorDesk(context.db),
        settings,
        csrfKey: createHmac('sha256', context.masterKey).update('foyer-backoffice-csrf-v1').digest(),
        throttle: new LoginThrottle({ maxPerAccount: settings.loginMaxPerAccount, maxPerIp: settings.loginMaxPerIp, windowMs: settings.loginWindowSeconds * 1000 }),
        now: context.now,
        cookie: { name: 'foyer_bo_session', path: cookiePathOf(settings.prefix), secure: context.config.publicUrl.startsWith('https:') },
      },
      { publicUrl: context.config.publicUrl },
    );
  },
};

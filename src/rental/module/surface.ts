import type { SurfaceDescriptor } from '../../platform/module.ts';
import { rentalPlugin } from '../http/plugin.ts';
import { oauthPlugin } from '../oauth/plugin.ts';
import { sharePublicPlugin } from '../sharing/public-plugin.ts';
import { rentalRuntime } from './runtime.ts';
import type { RentalSettings } from './settings.ts';

export const rentalSurface: SurfaceDescriptor<RentalSettings> = {
  title: 'Rental partner API (DossierFacile-compatible)',
  prefix: (settings) => settings.prefix,
  openapiPath: '/openapi.json',
  async plugin(app, context) {
    await rentalPlugin(app, await rentalRuntime(context), {
      prefix: context.settings.prefix,
      publicUrl: context.config.publicUrl,
      oauthPrefix: context.settings.oauthPrefix,
    });
  },
  mounts: [
    {
      prefix: (settings) => settings.oauthPrefix,
      async plugin(app, context) {
        await oauthPlugin(app, await rentalRuntime(context), context.settings.oauthPrefix);
      },
    },
    {
      prefix: (settings) => settings.publicPrefix,
      document: { name: 'rental-share', title: 'Rental share links (landlord view, public)', openapiPath: '/openapi.json' },
      async plugin(app, context) {
        await sharePublicPlugin(app, await rentalRuntime(context), context.settings.publicPrefix, context.config.publicUrl);
      },
    },
  ],
};

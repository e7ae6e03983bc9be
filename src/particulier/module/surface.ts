import type { SurfaceDescriptor } from '../../platform/module.ts';
import { particulierPlugin } from '../http/plugin.ts';
import { buildDeps } from './runtime.ts';
import type { ParticulierSettings } from './settings.ts';

export const particulierSurface: SurfaceDescriptor<ParticulierSettings> = {
  title: 'Citizen-data API (API Particulier v3-compatible)',
  prefix: (settings) => settings.prefix,
  openapiPath: '/openapi.json',
  async plugin(app, context) {
    await particulierPlugin(app, buildDeps(context));
  },
};

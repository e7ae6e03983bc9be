/** French country names for the `pays` selector, from i18n-iso-countries (ISO 3166-1, `fr` locale). */

import { createRequire } from 'node:module';

type CountriesLibrary = typeof import('i18n-iso-countries');

/**
 * The library says "Russie"; the guide's own example (`pays?debut=f`) shows "Fédération de Russie".
 * With this override the F-countries are exactly the guide's four: Fédération de Russie, Fidji,
 * Finlande, France.
 */
const NAME_OVERRIDES: Readonly<Record<string, string>> = {
  RU: 'Fédération de Russie',
};

const collator = new Intl.Collator('fr');
let cache: readonly string[] | undefined;

/**
 * All 249 ISO 3166-1 entries plus Kosovo (XK) as the library ships them, territories included
 * (Guadeloupe, Hong Kong…): a borrower may live or work there, and the guide gives no narrower list.
 */
export function countryNames(): readonly string[] {
  if (cache) return cache;
  const require = createRequire(import.meta.url);
  // The bare library; the package's main entry would register all of its ~80 locales.
  const countries = require('i18n-iso-countries/index.js') as CountriesLibrary;
  countries.registerLocale(require('i18n-iso-countries/langs/fr.json'));
  const names = countries.getNames('fr', { select: 'official' });
  const labels = Object.entries(names).map(([code, name]) => NAME_OVERRIDES[code] ?? name);
  cache = [...new Set(labels)].sort(collator.compare);
  return cache;
}

export const DEFAULT_COUNTRY = 'France';

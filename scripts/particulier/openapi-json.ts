/**
 * Converts the official API Particulier OpenAPI documents (YAML, Etalab, MIT) into JSON once, at
 * development time: parsing the 700 kB YAML takes ~2 s, the JSON ~5 ms at boot. A test checks that
 * the JSON still equals the YAML.  Run: npx tsx scripts/particulier-openapi-json.ts
 */
import fs from 'node:fs';
import { CORE_SCHEMA, load } from 'js-yaml';

for (const name of ['api-particulier-v3', 'api-particulier-v2']) {
  const source = new URL(`../../data/particulier/${name}.openapi.yaml`, import.meta.url);
  const target = new URL(`../../data/particulier/${name}.openapi.json`, import.meta.url);
  fs.writeFileSync(target, JSON.stringify(load(fs.readFileSync(source, 'utf8'), { schema: CORE_SCHEMA })) + '\n');
  console.log(`wrote ${target.pathname}`);
}

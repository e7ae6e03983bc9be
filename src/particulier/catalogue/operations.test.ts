import fs from 'node:fs';
import { CORE_SCHEMA, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { OFFICIAL_V3_PATH, officialV3, type JsonSchema } from './official.ts';
import { buildCatalogue } from './operations.ts';

const catalogue = buildCatalogue();

/** Follows a scope path (`admissions[].est_inscrit`) through the 200 schema's `data`. */
function schemaAt(schema: JsonSchema, path: string): JsonSchema | undefined {
  let node: JsonSchema | undefined = schema.properties?.data;
  for (const step of path.split('.')) {
    const name = step.replace(/\[\]$/, '');
    node = node?.properties?.[name];
    if (step.endsWith('[]')) node = node?.items;
  }
  return node;
}

describe('the catalogue, derived from the official document', () => {
  it('the JSON copy is the official YAML, parsed', () => {
    const yaml = fs.readFileSync(new URL('../../../data/particulier/api-particulier-v3.openapi.yaml', import.meta.url), 'utf8');
    expect(JSON.parse(fs.readFileSync(OFFICIAL_V3_PATH, 'utf8'))).toEqual(load(yaml, { schema: CORE_SCHEMA }));
  });

  it('has the 35 operations, v3 and v4, all four modalities, each with its official operationId', () => {
    expect(catalogue).toHaveLength(35);
    expect(new Set(catalogue.map((o) => o.modality))).toEqual(new Set(['identite', 'france_connect', 'identifiant', 'ine']));
    expect(catalogue.filter((o) => o.version === 4).map((o) => o.path)).toEqual([
      '/v4/cnous/etudiant_boursier/identite',
      '/v4/cnous/etudiant_boursier/france_connect',
      '/v4/cnous/etudiant_boursier/ine',
      '/v4/men/scolarites/identite',
    ]);
    const qf = catalogue.find((o) => o.path === '/v3/dss/quotient_familial/identite')!;
    expect(qf.id).toBe('api_particulier_v3_cnav_quotient_familial_with_civility');
    expect(qf.cacheTtlSeconds).toBe(86_400);
    expect(qf.provider).toEqual({ name: 'CNAV', code: '37' });
  });

  it('keeps every query parameter with its exact name, requiredness and constraints', () => {
    const doc = officialV3();
    for (const op of catalogue) {
      const official = doc.paths[op.path]!.get.parameters.filter((p) => p.in === 'query' && p.name !== 'recipient');
      expect(op.parameters).toEqual(official);
    }
    const mesri = catalogue.find((o) => o.path === '/v3/mesri/statut_etudiant/identite')!;
    expect(mesri.parameters.find((p) => p.name === 'prenoms[]')!.schema).toMatchObject({ minItems: 1, maxItems: 1 });
    const ine = catalogue.find((o) => o.path === '/v3/cnous/etudiant_boursier/ine')!;
    expect(ine.parameters).toEqual([expect.objectContaining({ name: 'ine', required: true, schema: { type: 'string', pattern: '^[0-9a-zA-Z]{11}$' } })]);
  });

  it('names, in every scope rule, a key the official 200 schema has', () => {
    const notInSpec = new Set(['date_fin_droit']); // in the serializer, not in the document (spec §2.5)
    for (const op of catalogue) {
      for (const rule of op.scopes.rules) {
        for (const path of rule.paths) {
          if (notInSpec.has(path)) continue;
          // FranceConnect answers have no `identite` (spec §8.4): the rule simply finds nothing to mask.
          if (op.modality === 'france_connect' && path === 'identite') continue;
          expect(schemaAt(op.responseSchema, path), `${op.path} ${rule.scope} ${path}`).toBeDefined();
        }
      }
    }
  });

  it('every documented data key is under some scope, except the ones the implementation always sends', () => {
    const alwaysSent = new Set(['/v3/france_travail/indemnites/identifiant identifiant']);
    for (const op of catalogue) {
      const covered = new Set(op.scopes.rules.flatMap((r) => r.paths.map((p) => p.split('.')[0]!.replace(/\[\]$/, ''))));
      for (const key of Object.keys(op.responseSchema.properties.data.properties ?? {})) {
        if (alwaysSent.has(`${op.path} ${key}`)) continue;
        expect(covered.has(key), `${op.path} ${key}`).toBe(true);
      }
    }
  });
});

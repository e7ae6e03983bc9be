/**
 * Writes the shipped sandbox corpus (data/particulier/sandbox/): for every operation one 200 case
 * built from the official document's examples and its `404.yaml`, plus a FranceConnect fake token
 * (`demo`) whose identity drives the FranceConnect cases. Hand-written cases sit beside the
 * generated ones and are kept. Run: npx tsx scripts/particulier-corpus.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { dump } from 'js-yaml';
import { CATALOGUE, type Operation } from '../../src/particulier/catalogue/operations.ts';
import type { JsonSchema } from '../../src/particulier/catalogue/official.ts';
import { civilityFromIdentity } from '../../src/particulier/providers/sandbox/france-connect.ts';

const root = new URL('../../data/particulier/sandbox/', import.meta.url).pathname;

/** The staging fallback generator (spec §5.3 step 5): example → first enum → a plain value of the type. */
function sample(schema: JsonSchema): unknown {
  if (schema.type === 'object' || schema.properties) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) out[key] = sample(child);
    return out;
  }
  if (schema.type === 'array') {
    if (Array.isArray(schema.example) && schema.example.length) return schema.example;
    return [sample(schema.items ?? {})];
  }
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum.find((v: unknown) => v !== null) ?? schema.enum[0];
  if (schema.type === 'string') return schema.format === 'date' ? '2023-01-31' : 'dummy';
  if (schema.type === 'integer') return schema.minimum ?? 1;
  if (schema.type === 'number') return schema.minimum ?? 1;
  if (schema.type === 'boolean') return true;
  return null;
}

/** Identity of the fake FranceConnect token `demo` (the decrypted introspection document, spec §7.2). */
const demoIdentity = {
  active: true,
  aud: 'foyer-demo',
  sub: 'a1b2c3',
  acr: 'eidas1',
  scope:
    'openid identite_pivot given_name family_name birthdate gender birthplace birthcountry ' +
    CATALOGUE()
      .filter((o) => o.modality === 'france_connect')
      .flatMap((o) => o.endpointScopes)
      .filter((s, i, all) => all.indexOf(s) === i)
      .join(' '),
  gender: 'female',
  family_name: 'DUBOIS',
  given_name: 'Angela Claire Louise',
  given_name_array: ['Angela', 'Claire', 'Louise'],
  birthdate: '1962-08-24',
  birthplace: '75107',
  birthcountry: '99100',
};

const SKIP = new Set(['nomUsage', 'nomCommuneNaissance', 'codeCogInseeDepartementNaissance', 'annee', 'mois', 'degreEtablissement', 'codesBcnDepartements[]', 'codesBcnRegions[]', 'codeEtablissement']);

function exampleParams(op: Operation): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const p of op.parameters) {
    if (SKIP.has(p.name)) continue;
    let value = p.example ?? p.schema.example ?? (p.schema.items as JsonSchema | undefined)?.example;
    if (value === undefined) value = p.schema.type === 'integer' ? 1 : 'exemple';
    if (p.schema.type === 'array') value = (Array.isArray(value) ? value : [value]).slice(0, p.schema.maxItems ?? 3);
    if (p.schema.type === 'integer') value = Number(value);
    params[p.name.replace(/\[\]$/, '')] = value;
  }
  if (params.codeCogInseePaysNaissance && params.codeCogInseePaysNaissance !== '99100') delete params.codeCogInseeCommuneNaissance;
  return params;
}

function write(folder: string, file: string, doc: Record<string, unknown>) {
  fs.mkdirSync(path.join(root, folder), { recursive: true });
  fs.writeFileSync(path.join(root, folder, file), dump(doc, { lineWidth: -1 }));
}

const operations = CATALOGUE();
const byApi = new Map(operations.filter((o) => o.modality === 'identite').map((o) => [o.api, o]));
write('france_connect', 'demo.yaml', {
  description: 'Jeton FranceConnect factice : Angela Claire Louise DUBOIS, née le 24/08/1962 à Paris 7e, tous les scopes des routes FranceConnect.',
  params: { token: 'demo' },
  status: 200,
  payload: JSON.stringify({ aud: 'foyer', iat: 1700000000, iss: 'https://fcp.integ01.dev-franceconnect.fr', token_introspection: demoIdentity }, null, 2),
});
write('france_connect', 'inconnu.yaml', {
  description: 'Jeton FranceConnect factice : une personne inconnue de tous les fournisseurs (chaque route FranceConnect répond son 404).',
  params: { token: 'inconnu' },
  status: 200,
  payload: JSON.stringify(
    { aud: 'foyer', iat: 1700000000, iss: 'https://fcp.integ01.dev-franceconnect.fr', token_introspection: { ...demoIdentity, family_name: 'INCONNU', given_name: 'Personne', given_name_array: ['Personne'], birthdate: '1980-05-05' } },
    null,
    2,
  ),
});
for (const op of operations) {
  const params =
    op.modality === 'france_connect'
      ? civilityFromIdentity(
          { ...demoIdentity, scopes: demoIdentity.scope.split(' ') },
          byApi.get(op.api),
          op.parameters.some((p) => p.name === 'immatriculation') ? { immatriculation: 'AA-123-BB' } : {},
        )
      : exampleParams(op);
  write(op.id, '200-exemple.yaml', {
    description: `Réponse d'exemple de ${op.path}, construite à partir des exemples du document OpenAPI officiel.`,
    params,
    status: 200,
    payload: JSON.stringify(sample(op.responseSchema), null, 2),
  });
  write(op.id, '404.yaml', {
    description: 'Aucun cas ne correspond aux paramètres : réponse 404 du fournisseur.',
    params: {},
    status: 404,
    payload: JSON.stringify({ errors: [op.notFound] }, null, 2),
  });
}
console.log(`wrote ${operations.length * 2 + 2} cases under ${root}`);

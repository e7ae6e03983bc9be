import fs from 'node:fs';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/particulier/index.ts';
import { officialV3 } from '../../src/particulier/catalogue/official.ts';
import { isProblem, listCorpus, parseCase, type SandboxCase } from '../../src/particulier/providers/sandbox/cases.ts';
import { bearer, get, mintToken, RECIPIENT, startParticulierApp } from './helpers.ts';
import type { TestApp } from '../support/app.ts';

const Ajv = AjvModule.default ?? AjvModule;
const addFormats = addFormatsModule.default ?? addFormatsModule;

/** A maintained JSON-schema validator over the official document's schemas (OpenAPI 3.0 `nullable` is an ajv keyword). */
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const doc = officialV3();
ajv.addSchema(doc.components.schemas.Error!, '#/components/schemas/Error');

function schemaFor(path: string, status: number) {
  const response = doc.paths[path]!.get.responses[String(status)];
  const schema = response?.content?.['application/json'].schema ?? doc.components.schemas.Error;
  return schema!.$ref ? doc.components.schemas.Error! : schema!;
}

const corpus = listCorpus(new URL('../../data/particulier/sandbox', import.meta.url).pathname);
const cases: { folder: string; kase: SandboxCase }[] = corpus.flatMap(({ folder, files }) =>
  files.map((file) => {
    const parsed = parseCase(file, fs.readFileSync(file, 'utf8'));
    if (isProblem(parsed)) throw new Error(`${parsed.file}: ${parsed.message}`);
    return { folder, kase: parsed };
  }),
);

function queryOf(op: (typeof CATALOGUE extends () => (infer O)[] ? O : never), params: Record<string, unknown>) {
  const query: Record<string, string | number | (string | number)[]> = { recipient: RECIPIENT };
  for (const [key, value] of Object.entries(params)) {
    const declared = op.parameters.find((p) => p.name === key || p.name === `${key}[]`)!;
    query[declared.name] = value as string;
  }
  return query;
}

describe('the shipped sandbox corpus', () => {
  let app: TestApp;
  let token: string;
  beforeAll(async () => {
    app = await startParticulierApp({ FOYER_PARTICULIER_RATE_PER_TOKEN_SECOND: '100000', FOYER_PARTICULIER_RATE_FC_PER_IP_MINUTE: '100000' });
    ({ token } = await mintToken(app));
  });
  afterAll(async () => {
    await app.destroy();
  });

  it('has, for every one of the 35 operations, a 200 case and the 404 case', () => {
    expect(CATALOGUE()).toHaveLength(35);
    for (const op of CATALOGUE()) {
      const mine = cases.filter((c) => c.folder === op.id);
      expect(mine.some((c) => c.kase.status === 200), op.id).toBe(true);
      expect(mine.some((c) => c.kase.status === 404 && /\/404\.ya?ml$/.test(c.kase.file)), op.id).toBe(true);
    }
  });

  it('every stored payload validates against the official schema of its status', () => {
    for (const { folder, kase } of cases) {
      if (folder === 'france_connect') continue;
      const op = CATALOGUE().find((o) => o.id === folder)!;
      const validate = ajv.compile(schemaFor(op.path, kase.status));
      expect(validate(kase.body) ? [] : validate.errors, kase.file).toEqual([]);
    }
  });

  it('every case is served through the HTTP surface with its status, and the body validates against the official schema', async () => {
    let served = 0;
    for (const { folder, kase } of cases) {
      if (folder === 'france_connect') continue;
      const op = CATALOGUE().find((o) => o.id === folder)!;
      const isFallback = /\/404\.ya?ml$/.test(kase.file);
      const fc = op.modality === 'france_connect';
      // The 404 case is what an unmatched request gets: ask for someone the corpus does not hold.
      const params = isFallback ? fallbackParams(op) : fc ? {} : kase.params;
      const extra: Record<string, string> = fc && 'immatriculation' in kase.params && !isFallback ? { immatriculation: kase.params.immatriculation as string } : {};
      const res = await get(app, op.path, { ...queryOf(op, params), ...extra }, bearer(fc ? (isFallback ? 'inconnu' : 'demo') : token));
      expect(res.status, kase.file).toBe(kase.status);
      expect(res.body, kase.file).toEqual(kase.body);
      const validate = ajv.compile(schemaFor(op.path, res.status));
      expect(validate(res.body) ? [] : validate.errors, kase.file).toEqual([]);
      served++;
    }
    expect(served).toBe(75);
  });
});

/** Valid parameters of a person the corpus does not hold. */
function fallbackParams(op: ReturnType<typeof CATALOGUE>[number]): Record<string, unknown> {
  if (op.modality === 'france_connect') return op.parameters.some((p) => p.name === 'immatriculation') ? { immatriculation: 'ZZ-999-ZZ' } : {};
  if (op.modality === 'ine') return { ine: '0000000000Z' };
  if (op.modality === 'identifiant') return { identifiant: 'personne.inconnue' };
  const params: Record<string, unknown> = { nomNaissance: 'INCONNU', prenoms: ['PERSONNE'], anneeDateNaissance: 1980, moisDateNaissance: 5, jourDateNaissance: 5 };
  const names = op.parameters.map((p) => p.name);
  if (names.includes('sexeEtatCivil')) params.sexeEtatCivil = 'F';
  if (names.includes('codeCogInseePaysNaissance')) params.codeCogInseePaysNaissance = '99404';
  if (names.includes('anneeScolaire')) params.anneeScolaire = '2023-2024';
  return params;
}

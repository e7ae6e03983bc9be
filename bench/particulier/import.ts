/**
 * Importing and loading thousands of staging-format cases.
 *
 *   npx tsx bench/particulier/import.ts [--cases 3000]
 *
 * Writes `--cases` QF cases (distinct people) into a scratch directory, times
 * `particulier:import`'s work (check + copy, with its progress bar) and the sandbox loading them,
 * then checks one lookup. Prints a table and writes bench/results/particulier-import.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CATALOGUE } from '../../src/particulier/index.ts';
import { importCases } from '../../src/particulier/module/commands.ts';
import { Sandbox } from '../../src/particulier/providers/sandbox/sandbox.ts';
import { mockingKey } from '../../src/particulier/providers/sandbox/matching.ts';

const { values: args } = parseArgs({ options: { cases: { type: 'string', default: '3000' } } });
const CASES = Number(args.cases);
const op = CATALOGUE().find((o) => o.path === '/v3/dss/quotient_familial/identite')!;
const source = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-import-source-'));
const target = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-import-target-'));
const folder = path.join(source, op.id);
fs.mkdirSync(folder);
const payload = fs.readFileSync(new URL(`../../data/particulier/sandbox/${op.id}/200-exemple.yaml`, import.meta.url), 'utf8').split('payload: |-')[1]!;
for (let i = 0; i < CASES; i++) {
  fs.writeFileSync(
    path.join(folder, `200-personne-${i}.yaml`),
    `description: "Personne ${i}"\nparams:\n  nomNaissance: 'NOM${i}'\n  prenoms: ['JEAN']\n  anneeDateNaissance: 1980\n  sexeEtatCivil: 'M'\n  codeCogInseePaysNaissance: '99100'\n  codeCogInseeCommuneNaissance: '75056'\nstatus: 200\npayload: |-${payload}`,
  );
}
fs.writeFileSync(path.join(folder, 'broken.yaml'), 'params: [');

let started = performance.now();
const report = importCases(source, target, (line) => process.stderr.write(line), () => {});
const importMs = performance.now() - started;
const sandbox = new Sandbox(CATALOGUE());
started = performance.now();
const load = sandbox.load([target]);
const loadMs = performance.now() - started;
const found = await sandbox.call({
  op,
  params: {},
  key: mockingKey({ nomNaissance: 'NOM42', prenoms: ['JEAN'], anneeDateNaissance: 1980, sexeEtatCivil: 'M', codeCogInseePaysNaissance: '99100', codeCogInseeCommuneNaissance: '75056' }),
  recipient: '',
  requestId: '',
  noCache: false,
});
if (found.status !== 200 || report.imported !== CASES || report.skipped.length !== 1 || load.cases !== CASES) throw new Error('import did not do what it should');

const rows = [
  ['particulier:import (check + copy)', `${CASES + 1} files`, (importMs / 1000).toFixed(2), ((importMs * 1000) / (CASES + 1)).toFixed(0)],
  ['sandbox load at boot', `${CASES} cases`, (loadMs / 1000).toFixed(2), ((loadMs * 1000) / CASES).toFixed(0)],
];
console.log(`\n${['step', 'size', 'seconds', 'µs per file'].join(' | ')}\n${'-'.repeat(60)}`);
for (const r of rows) console.log(r.join(' | '));
fs.mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
fs.writeFileSync(
  new URL('../results/particulier-import.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cases: CASES, importSeconds: importMs / 1000, loadSeconds: loadMs / 1000 }, null, 2)}\n`,
);
fs.rmSync(source, { recursive: true, force: true });
fs.rmSync(target, { recursive: true, force: true });

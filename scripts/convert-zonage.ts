/**
 * Converts the housing ministry's zoning list ("Liste des communes selon le zonage ABC", CSV `;`,
 * one row per INSEE commune code) into data/reference/zonage/zonage-<effectiveFrom>.json.
 *
 *   npx tsx scripts/convert-zonage.ts <input.csv> [effectiveFrom YYYY-MM-DD] [output.json]
 *
 * effectiveFrom defaults to the YYYY-MM-DD found in the input file name.
 * One commune per output line, sorted by code, so that the next revision shows up as a readable diff.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

const ZONES = new Set(['Abis', 'A', 'B1', 'B2', 'C']);
const INSEE_RE = /^(\d{5}|2[AB]\d{3})$/;

function convert(inputPath: string, effectiveFrom: string, outputPath: string): void {
  const raw = readFileSync(inputPath);
  const lines = raw.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0]!.split(';');
  const codeCol = header.indexOf('CODGEO');
  const zoneCol = header.findIndex((h) => h.startsWith('Zonage en vigueur'));
  if (codeCol < 0 || zoneCol < 0) throw new Error(`Unexpected header: ${lines[0]}`);

  const zones = new Map<string, string>();
  for (const [i, line] of lines.slice(1).entries()) {
    const cells = line.split(';');
    const code = cells[codeCol]?.trim() ?? '';
    const zone = cells[zoneCol]?.trim() ?? '';
    if (!INSEE_RE.test(code)) throw new Error(`Line ${i + 2}: bad INSEE code "${code}"`);
    if (!ZONES.has(zone)) throw new Error(`Line ${i + 2}: bad zone "${zone}"`);
    if (zones.has(code)) throw new Error(`Line ${i + 2}: duplicate code ${code}`);
    zones.set(code, zone);
  }

  const sorted = [...zones.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const head = {
    effectiveFrom,
    source:
      'Ministère chargé du logement, « Liste des communes selon le zonage ABC » (data.gouv.fr), zonage en vigueur ' +
      `depuis le ${effectiveFrom} (CCH R304-1), copie lionelgueri/zonage-abc-2025 ; licence à vérifier (Licence Ouverte 2.0 présumée)`,
    sourceFile: basename(inputPath),
    sourceSha256: createHash('sha256').update(raw).digest('hex'),
  };
  const headJson = JSON.stringify(head, null, 2).slice(0, -2);
  const body = sorted.map(([code, zone]) => `    ${JSON.stringify(code)}: ${JSON.stringify(zone)}`).join(',\n');
  writeFileSync(outputPath, `${headJson},\n  "zones": {\n${body}\n  }\n}\n`);
  const counts: Record<string, number> = {};
  for (const zone of zones.values()) counts[zone] = (counts[zone] ?? 0) + 1;
  console.log(`${outputPath}: ${zones.size} communes`, counts);
}

const [inputPath, dateArg, outArg] = process.argv.slice(2);
if (!inputPath) {
  console.error('usage: tsx scripts/convert-zonage.ts <input.csv> [effectiveFrom] [output.json]');
  process.exit(2);
}
const effectiveFrom = dateArg ?? /\d{4}-\d{2}-\d{2}/.exec(basename(inputPath))?.[0];
if (!effectiveFrom) throw new Error('effectiveFrom not given and not found in the file name');
convert(inputPath, effectiveFrom, outArg ?? `data/reference/zonage/zonage-${effectiveFrom}.json`);

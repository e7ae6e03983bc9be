/**
 * Bulk seeding of realistic loan files for benchmarks and query-plan checks.
 *
 * Each row is built exactly as `POST /prospectcomplet` would store it: the guide's example body,
 * varied per row, goes through the real `contentFromProspectComplet` (and `checkConsistency`), the
 * list columns come from the real `summaryOf` and the stored answer from the real `renderDossierJson`. Rows are written with multi-row INSERTs of
 * `batchSize` rows, several batches per transaction, bypassing HTTP, validation and the job queue.
 *
 * The INSERTs carry their values as SQL literals (`sql.lit`, quoted by Kysely) rather than as bind
 * parameters: on the embedded database a statement without parameters goes through PGlite's simple
 * protocol, which moves the ~4 KB of JSON per row about 1.5x faster than binding it.
 *
 * Cost on the embedded database is ~0.3-0.5 ms per file: about a quarter building the content in
 * JS, the rest PGlite turning ~4 KB of JSON text into jsonb and storing it (WASM, main thread).
 */
import fs from 'node:fs';
import { sql, type Insertable, type RawBuilder } from 'kysely';
import type { FoyerApp } from '../../src/app.ts';
import { asBrokerDb, type BrokerTables } from '../../src/broker/db.ts';
import { checkConsistency } from '../../src/broker/dossiers/apply-update.ts';
import { contentFromProspectComplet } from '../../src/broker/dossiers/create-content.ts';
import { entityIdGenerator, newDossierId } from '../../src/broker/dossiers/ids.ts';
import { renderDossierJson } from '../../src/broker/dossiers/render.ts';
import type { ProspectCompletBody } from '../../src/broker/dossiers/schemas/create.ts';
import { summaryOf } from '../../src/broker/dossiers/summary.ts';
import { NATURES_PROJET, TYPES_BIEN, DESTINATIONS, ETATS_PROJET, SITUATIONS_FAMILIALES, DPE } from '../../src/broker/enums.ts';

export interface SeedOptions {
  /** Rows per INSERT statement (default 500). */
  batchSize?: number;
  /** INSERT statements per transaction (default 10, i.e. 5 000 rows per commit). */
  batchesPerTransaction?: number;
  /** The newest file's creation instant (default: now). */
  end?: Date;
  /** Creation dates are spread evenly (with jitter) over this many days before `end` (default 3 years). */
  spanDays?: number;
  /** Seed of the pseudo-random variation, so two runs build the same kind of data (default 1). */
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedResult {
  /** Ids of the files created, oldest first. */
  ids: string[];
  ms: number;
}

type Row = Record<string, unknown>;

const GUIDE_EXAMPLE = JSON.parse(
  fs.readFileSync(new URL('../../test/fixtures/guide-prospectcomplet.json', import.meta.url), 'utf8'),
) as ProspectCompletBody & { emprunteurs: Row[]; projet: Row; simulation: Row; souhaitsclient: Row; situationbancaire: Row };

const LAST_NAMES = ['Dupont', 'Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau',
  'Laurent', 'Simon', 'Michel', 'Lefèvre', 'Leroy', 'Roux', 'David', 'Bertrand', 'Morel', 'Fournier', 'Girard', 'Bonnet'];
const FIRST_NAMES = ['Jean', 'Marie', 'Louis', 'Camille', 'Léa', 'Hugo', 'Chloé', 'Lucas', 'Manon', 'Nathan', 'Inès',
  'Gabriel', 'Jade', 'Arthur', 'Zoé', 'Paul', 'Alice', 'Jules', 'Emma', 'Théo'];
const CITIES: [string, string][] = [['54000', 'Nancy'], ['57000', 'Metz'], ['75011', 'Paris'], ['69003', 'Lyon'],
  ['33000', 'Bordeaux'], ['31000', 'Toulouse'], ['44000', 'Nantes'], ['67000', 'Strasbourg'], ['59000', 'Lille']];

/** mulberry32: small, fast, deterministic. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The guide's example, varied: names, dates, amounts, one or two borrowers, some sections left out. */
function variedBody(rand: () => number, n: number): ProspectCompletBody {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const day = () => `${pad2(1 + Math.floor(rand() * 28))}/${pad2(1 + Math.floor(rand() * 12))}`;
  const base = GUIDE_EXAMPLE;
  const nom = pick(LAST_NAMES);
  const [codepostal, ville] = pick(CITIES);
  const borrower = (input: Row, prenom: string, lastName: string) => ({
    ...input,
    nom: lastName,
    prenom,
    datenaissance: `${day()}/${1950 + Math.floor(rand() * 50)}`,
    situationfamiliale: pick(SITUATIONS_FAMILIALES),
    email: `${prenom}.${lastName}.${n}@example.fr`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, ''),
    codepostal,
    ville,
    ...('salairemensuel' in input ? { salairemensuel: Math.round(1500 + rand() * 6000) } : {}),
  });
  const emprunteurs = [borrower(base.emprunteurs[0]!, pick(FIRST_NAMES), nom)];
  if (rand() < 0.6) emprunteurs.push(borrower(base.emprunteurs[1]!, pick(FIRST_NAMES), pick(LAST_NAMES)));
  const price = Math.round(80_000 + rand() * 520_000);
  const complete = rand();
  return {
    ...base,
    emprunteurs,
    dossier: { reference: `DP${String(1_000_000_000 + n).padStart(13, '0')}` },
    projet: {
      ...base.projet,
      natureprojet: pick(NATURES_PROJET),
      typebien: pick(TYPES_BIEN),
      destination: pick(DESTINATIONS),
      etatprojet: pick(ETATS_PROJET),
      dpe: pick(DPE),
      codepostal,
      ville,
      surfacehabitable: Math.round(30 + rand() * 170),
      conditionsuspensivepret: rand() < 0.5 ? `${day()}/2025` : '',
      signatureacte: `${day()}/${2023 + Math.floor(rand() * 3)}`,
    },
    enfants: (base.enfants ?? []).slice(0, Math.floor(rand() * 3)),
    // Leave the last sections out of some files so that `avancement` and `etape` vary.
    situationbancaire: complete < 0.1 ? undefined : base.situationbancaire,
    souhaitsclient: complete < 0.2 ? undefined : { ...base.souhaitsclient, duree: 120 + 12 * Math.floor(rand() * 16) },
    simulation: complete < 0.3 ? undefined : { ...base.simulation, coutprojethorsfrais: price },
  } as ProspectCompletBody;
}

/**
 * Inserts `count` files for `brokerId`, oldest first: INSERTs of `batchSize` rows,
 * `batchesPerTransaction` of them per transaction. Returns the ids in creation order.
 */
export async function seedDossiers(
  app: Pick<FoyerApp, 'db'>,
  brokerId: string,
  count: number,
  opts: SeedOptions = {},
): Promise<SeedResult> {
  const started = performance.now();
  const db = asBrokerDb(app.db.kysely);
  const batchSize = opts.batchSize ?? 500;
  const perTransaction = opts.batchesPerTransaction ?? 10;
  const end = (opts.end ?? new Date()).getTime();
  const span = (opts.spanDays ?? 3 * 365) * 86_400_000;
  const step = count > 1 ? span / (count - 1) : 0;
  const rand = prng(opts.seed ?? 1);
  const ids: string[] = [];
  const taken = new Set<string>();

  const buildRow = (i: number): Insertable<BrokerTables['broker.dossiers']> => {
    const content = contentFromProspectComplet(variedBody(rand, i), entityIdGenerator());
    checkConsistency(content);
    let id: string;
    do id = newDossierId();
    while (taken.has(id));
    taken.add(id);
    ids.push(id);
    // Spread evenly with a jitter smaller than a step, so the order of creation is kept.
    const createdAt = end - span + i * step + Math.floor(rand() * step * 0.9);
    // 60 % of the files were modified since (PUT makes `client` true), up to 60 days later.
    const touched = rand() < 0.6;
    const updatedAt = touched ? Math.min(end, createdAt + Math.floor(rand() * 60 * 86_400_000)) : createdAt;
    const reference = `DP${String(1_000_000_000 + i).padStart(13, '0')}`;
    const row: Record<string, string | number | boolean | Date | null> = {
      id,
      broker_id: brokerId,
      reference,
      client: touched,
      ...summaryOf(content),
      created_at: new Date(createdAt),
      updated_at: new Date(updatedAt),
      rendered: renderDossierJson({ id, reference, updatedAt: new Date(updatedAt) }, content),
    };
    const literals: Record<string, RawBuilder<unknown>> = { content: sql`${sql.lit(JSON.stringify(content))}::jsonb` };
    for (const [key, value] of Object.entries(row)) literals[key] = sql.lit(value);
    return literals as unknown as Insertable<BrokerTables['broker.dossiers']>;
  };

  for (let done = 0; done < count; ) {
    await db.transaction().execute(async (trx) => {
      for (let b = 0; b < perTransaction && done < count; b++) {
        const rows: Insertable<BrokerTables['broker.dossiers']>[] = [];
        for (const last = Math.min(count, done + batchSize); done < last; done++) rows.push(buildRow(done));
        await trx.insertInto('broker.dossiers').values(rows).execute();
      }
    });
    opts.onProgress?.(done, count);
  }
  return { ids, ms: performance.now() - started };
}

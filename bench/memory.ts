/**
 * Where the embedded server's resident memory goes, stage by stage, and what `npm start` holds idle.
 *
 *   npm run bench:memory [-- --runs 3 --idle 3]
 *
 * Builds the service (`npm run build`), then runs each stage in a fresh process
 * (`bench/memory-stage.js`, on the compiled code as `npm start` runs it), idles `--idle` seconds,
 * reports its RSS, then again after a full GC (the difference is start-up garbage):
 *   bare node; + the TypeScript loader alone (tsx: tests, benches, `npm run foyer`; not `npm start`);
 *   + PGlite opened (the app's settings, existing data directory); + app built and listening;
 *   the same with `npm start`'s runtime settings (allocator trim threshold, smaller young generation).
 * Then the real `npm start` (fresh data directory, then a restart on it) is left idle and every
 * process of its tree is measured from /proc: RSS, and PSS (shared pages split between processes,
 * so the PSS sum does not count the node binary twice). It is stopped with SIGTERM to npm, and the
 * run says how npm exited and whether any process of the tree was left behind. Linux only (/proc).
 * Each figure is the median of `--runs` runs. Prints tables and writes bench/results/memory.json.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

interface StageResult {
  stage: string;
  rssIdle: number;
  rssAfterGc: number;
  heapUsedAfterGc: number;
  externalAfterGc: number;
  settings?: Record<string, string>;
}

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, idle: { type: 'string', default: '3' } },
});
const RUNS = Number(args.runs);
const IDLE_MS = Number(args.idle) * 1000;
const ROOT = path.resolve(import.meta.dirname, '..');
const MB = 1048576;
/** What package.json's `start` gives node besides the code: checked below, so the bench says what npm start does. */
const START_ENV = { MALLOC_TRIM_THRESHOLD_: '131072' };
const START_FLAGS = ['--max-semi-space-size=4'];

/** The stages: how each is run, and the stage its added memory is counted from. */
const STAGES: { name: string; label: string; argv: string[]; env?: Record<string, string>; from?: string }[] = [
  { name: 'bare', label: 'bare node', argv: ['bare'] },
  { name: 'loader', label: '+ TypeScript loader (--import tsx)', argv: ['--import', 'tsx', 'bare'], from: 'bare' },
  { name: 'pglite', label: '+ PGlite opened', argv: ['pglite'], from: 'bare' },
  { name: 'app', label: '+ app built, listening', argv: ['app'], from: 'pglite' },
  { name: 'app-start', label: 'app, with npm start\'s runtime settings', argv: [...START_FLAGS, 'app'], env: START_ENV, from: 'app' },
];

function run(command: string, argv: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${argv.join(' ')} exited ${code}:\n${err}`))));
  });
}

async function stage(name: string, dataDir: string): Promise<StageResult> {
  const spec = STAGES.find((s) => s.name === name)!;
  const [stageName, ...flags] = [...spec.argv].reverse();
  const out = await run(process.execPath, ['--expose-gc', ...flags.reverse(), 'bench/memory-stage.js', stageName!, dataDir, String(IDLE_MS)], spec.env);
  return { ...(JSON.parse(out.trim().split('\n').at(-1)!) as StageResult), stage: name };
}

function checkStartScript() {
  const start = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
  const expected = [...Object.entries(START_ENV).map(([k, v]) => `${k}=${v}`), ...START_FLAGS];
  const missing = expected.filter((part) => !start.split(/\s+/).includes(part));
  if (missing.length) throw new Error(`package.json start script "${start}" lacks ${missing.join(', ')}: update START_ENV/START_FLAGS`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Every live process under `root` (itself included), from /proc. */
function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // the process ended meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  return tree.filter((pid) => parents.has(pid));
}

interface ProcessMemory {
  pid: number;
  command: string;
  rss: number;
  pss: number;
}

function memoryOf(pid: number): ProcessMemory {
  const kb = (text: string, key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
  const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  return { pid, command, rss: kb(rollup, 'Rss'), pss: kb(rollup, 'Pss') };
}

/** Starts the real `npm start`, idles, measures its process tree, stops it with SIGTERM. */
async function npmStartTree(dataDir: string): Promise<{ processes: ProcessMemory[]; exitCode: string; left: number[] }> {
  const port = await freePort();
  const npm = spawn('npm', ['start'], {
    cwd: ROOT,
    env: { ...process.env, FOYER_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  npm.stdout.on('data', (d) => (output += d));
  npm.stderr.on('data', (d) => (output += d));
  const exited = new Promise<string>((resolve) => npm.on('exit', (code, signal) => resolve(code === null ? String(signal) : String(code))));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not listen:\n${output}`)), 120_000);
    npm.stdout.on('data', () => {
      if (output.includes('Foyer listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => reject(new Error(`npm start exited ${code}:\n${output}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const tree = processTree(npm.pid!);
  const processes = tree.map(memoryOf);
  npm.kill('SIGTERM');
  const exitCode = await exited;
  await new Promise((resolve) => setTimeout(resolve, 500));
  const left = tree.filter((pid) => fs.existsSync(`/proc/${pid}`) && !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z '));
  for (const pid of left) process.kill(pid, 'SIGKILL');
  return { processes, exitCode, left };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function table(header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
  console.log(`${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}`);
  for (const r of rows) console.log(line(r));
}

const mb = (bytes: number) => (bytes / MB).toFixed(0);

async function main() {
  const started = performance.now();
  checkStartScript();
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  console.log(`Node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; ` +
    `${RUNS} runs, idle ${IDLE_MS / 1000} s`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-memory-'));
  try {
    // An existing, migrated data directory for the PGlite and app stages (a restart, not a first start).
    await stage('app', dataDir);
    const names = STAGES.map((s) => s.name);
    const runs = new Map<string, StageResult[]>(names.map((n) => [n, []]));
    for (let r = 0; r < RUNS; r++) for (const name of names) runs.get(name)!.push(await stage(name, dataDir));
    const stages = names.map((name) => {
      const list = runs.get(name)!;
      return {
        stage: name,
        rssIdle: median(list.map((s) => s.rssIdle)),
        rssAfterGc: median(list.map((s) => s.rssAfterGc)),
        heapUsedAfterGc: median(list.map((s) => s.heapUsedAfterGc)),
        settings: list[0]!.settings,
      };
    });
    const byName = (name: string) => stages.find((s) => s.stage === name)!;
    console.log('\nstages (fresh process each, median of runs)');
    table(
      ['stage', 'RSS idle MB', 'RSS after GC MB', 'vs', 'added MB (idle)', 'added MB (after GC)', 'garbage MB', 'JS heap MB'],
      stages.map((s) => {
        const spec = STAGES.find((x) => x.name === s.stage)!;
        const from = spec.from ? byName(spec.from) : undefined;
        const signed = (n: number) => (n >= 0 ? `+${mb(n)}` : `-${mb(-n)}`);
        return [
          spec.label, mb(s.rssIdle), mb(s.rssAfterGc), spec.from ?? '', from ? signed(s.rssIdle - from.rssIdle) : '',
          from ? signed(s.rssAfterGc - from.rssAfterGc) : '', mb(s.rssIdle - s.rssAfterGc), mb(s.heapUsedAfterGc),
        ];
      }),
    );
    const settings = stages.find((s) => s.stage === 'pglite')!.settings!;
    console.log(`PGlite settings: ${Object.entries(settings).map(([k, v]) => `${k}=${v}`).join(', ')}`);

    const trees: { start: string; processes: ProcessMemory[]; rssSum: number; pssSum: number; exitCode: string; left: number[] }[] = [];
    for (let r = 0; r < RUNS; r++) {
      const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-memory-start-'));
      try {
        for (const start of ['first start', 'restart']) {
          const tree = await npmStartTree(fresh);
          trees.push({ start, ...tree, rssSum: sum(tree.processes.map((p) => p.rss)), pssSum: sum(tree.processes.map((p) => p.pss)) });
        }
      } finally {
        fs.rmSync(fresh, { recursive: true, force: true });
      }
    }
    console.log('\nnpm start, idle: the whole process tree (median of runs)');
    const treeRows = ['first start', 'restart'].map((start) => {
      const list = trees.filter((t) => t.start === start);
      // The server is the tree's biggest process.
      const server = (t: (typeof trees)[number]) => t.processes.reduce((a, b) => (b.rss > a.rss ? b : a));
      return {
        start,
        processes: list[0]!.processes.length,
        rssSum: median(list.map((t) => t.rssSum)),
        pssSum: median(list.map((t) => t.pssSum)),
        serverRss: median(list.map((t) => server(t).rss)),
        exitCodes: list.map((t) => t.exitCode),
        left: list.flatMap((t) => t.left),
        commands: list[0]!.processes.map((p) => `${p.command.slice(0, 60)} (${mb(p.rss)} MB)`),
      };
    });
    table(
      ['npm start', 'processes', 'RSS sum MB', 'PSS sum MB', 'server RSS MB', 'exit on SIGTERM', 'left behind'],
      treeRows.map((t) => [t.start, String(t.processes), mb(t.rssSum), mb(t.pssSum), mb(t.serverRss), t.exitCodes.join(','), String(t.left.length)]),
    );
    for (const t of treeRows) console.log(`  ${t.start}: ${t.commands.join(' → ')}`);

    const out = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      loadAverageAtEnd: os.loadavg(),
      runs: RUNS,
      idleSeconds: IDLE_MS / 1000,
      startEnv: START_ENV,
      startFlags: START_FLAGS,
      pgliteSettings: settings,
      stagesMB: stages.map((s) => ({ stage: s.stage, rssIdle: s.rssIdle / MB, rssAfterGc: s.rssAfterGc / MB, heapUsedAfterGc: s.heapUsedAfterGc / MB })),
      npmStart: treeRows.map((t) => ({ ...t, rssSum: t.rssSum / MB, pssSum: t.pssSum / MB, serverRss: t.serverRss / MB })),
      allTrees: trees,
    };
    fs.mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    fs.writeFileSync(new URL('./results/memory.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
    console.log(`\nwritten to bench/results/memory.json; total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

await main();

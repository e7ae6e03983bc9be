/**
 * Cost of the calculators' output guard (`finiteResult`), in one process:
 *   npx tsx bench/finite-guard.ts
 * For each guide example (and the loan with its 180-line schedule), times the pure calculator alone
 * (the baseline) and the calculator followed by the guard, in interleaved rounds; reports the median
 * µs per call of each and the guard's share. Results: a table on stdout and bench/results/finite-guard.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import { calculateBuyback } from '../../src/broker/calculators/buyback.ts';
import { calculateCapacity } from '../../src/broker/calculators/capacity.ts';
import { finiteResult, OUTPUT_DRIVERS, type OutputDrivers } from '../../src/broker/calculators/finite-result.ts';
import { GUIDE_EXAMPLES } from '../../src/broker/calculators/guide-examples.ts';
import { calculateLoan } from '../../src/broker/calculators/loan.ts';
import { calculateNotaryFees } from '../../src/broker/calculators/notary/notary.ts';
import { calculatePtz } from '../../src/broker/calculators/ptz/ptz.ts';

const ROUNDS = 15;
const CALLS = 2000;
const RESULTS = new URL('../results/finite-guard.json', import.meta.url);
const TODAY = { year: 2021, month: 1, day: 1 };

const CASES: { name: string; run: () => unknown; drivers: OutputDrivers }[] = [
  { name: 'loan (guide)', run: () => calculateLoan(GUIDE_EXAMPLES.loan), drivers: OUTPUT_DRIVERS.loan },
  { name: 'loan detail (180 lines)', run: () => calculateLoan({ ...GUIDE_EXAMPLES.loan, detail: true }), drivers: OUTPUT_DRIVERS.loan },
  { name: 'ptz (guide)', run: () => calculatePtz(GUIDE_EXAMPLES.ptz, { today: TODAY }), drivers: OUTPUT_DRIVERS.ptz },
  { name: 'capacity (guide)', run: () => calculateCapacity(GUIDE_EXAMPLES.capacity), drivers: OUTPUT_DRIVERS.capacity },
  { name: 'buy-back (guide)', run: () => calculateBuyback(GUIDE_EXAMPLES.buyback, TODAY), drivers: OUTPUT_DRIVERS.buyback },
  { name: 'notary (guide)', run: () => calculateNotaryFees(GUIDE_EXAMPLES.notary, TODAY), drivers: OUTPUT_DRIVERS.notary },
];

/** µs per call of `fn` over CALLS calls. */
function time(fn: () => unknown): number {
  let sink = 0;
  const start = performance.now();
  for (let i = 0; i < CALLS; i++) sink += fn() ? 1 : 0;
  const elapsed = performance.now() - start;
  if (sink !== CALLS) throw new Error('unexpected falsy result');
  return (elapsed * 1000) / CALLS;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const rows = CASES.map(({ name, run, drivers }) => {
  const guarded = () => finiteResult(run(), drivers);
  time(run);
  time(guarded); // warm-up
  const bare: number[] = [];
  const withGuard: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    bare.push(time(run));
    withGuard.push(time(guarded));
  }
  const b = median(bare);
  const g = median(withGuard);
  return { name, calculatorUs: b, guardedUs: g, guardSharePercent: ((g - b) / g) * 100 };
});

console.log(`${ROUNDS} interleaved rounds of ${CALLS} calls; medians (load average ${os.loadavg()[0]!.toFixed(1)})\n`);
console.log(`${'case'.padEnd(26)}${'calc µs'.padStart(10)}${'+guard µs'.padStart(11)}${'guard %'.padStart(9)}`);
for (const r of rows) {
  console.log(`${r.name.padEnd(26)}${r.calculatorUs.toFixed(2).padStart(10)}${r.guardedUs.toFixed(2).padStart(11)}${r.guardSharePercent.toFixed(1).padStart(9)}`);
}
fs.mkdirSync(new URL('.', RESULTS), { recursive: true });
fs.writeFileSync(
  RESULTS,
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, loadAverage: os.loadavg()[0], rounds: ROUNDS, calls: CALLS, rows }, null, 2)}\n`,
);

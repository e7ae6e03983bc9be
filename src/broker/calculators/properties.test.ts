import fc from 'fast-check';
import { describe, it } from 'vitest';
import { formatFrenchDate, type DayDate } from '../../platform/http/paris-dates.ts';
import { amortizationSchedule, annuityPayment, roundCents } from './annuity.ts';
import { calculateBuyback } from './buyback.ts';
import { calculateCapacity } from './capacity.ts';
import { calculateLoan } from './loan.ts';

// Realistic ranges: the schema allows e.g. 1e-300 €, where relative tolerances stop meaning much.
const amount = fc.double({ min: 100, max: 5_000_000, noNaN: true });
const rate = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 25, noNaN: true }));
const day: fc.Arbitrary<DayDate> = fc
  .record({ year: fc.integer({ min: 1990, max: 2060 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) });
const fee = fc.option(fc.double({ min: 0, max: 5000, noNaN: true }), { nil: undefined });

const close = (actual: number, expected: number, relative = 1e-6) =>
  Math.abs(actual - expected) <= relative * Math.max(1, Math.abs(expected));
const finite = (values: number[]) => values.every(Number.isFinite);

describe('properties', () => {
  it('a schedule pays mensualite × n in total and repays exactly the principal', () => {
    fc.assert(
      fc.property(amount, rate, fc.integer({ min: 1, max: 600 }), (principal, taux, months) => {
        const lines = amortizationSchedule(principal, taux, months);
        const payment = annuityPayment(principal, taux, months);
        const paid = lines.reduce((sum, l) => sum + l.mensualite, 0);
        const capital = lines.reduce((sum, l) => sum + l.capital, 0);
        return lines.at(-1)!.capitalrestantdu === 0 && close(paid, payment * months) && close(capital, principal);
      }),
    );
  });

  it('capacity inverts the loan', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 500, max: 50_000, noNaN: true }),
        fc.double({ min: 0.01, max: 0.5, noNaN: true }),
        rate,
        fc.integer({ min: 1, max: 540 }),
        (revenumensuel, share, taux, duree) => {
          const mensualite = revenumensuel * share;
          const { capacite } = calculateCapacity({ revenumensuel, taux, mensualite, duree });
          const loan = calculateLoan({ montant: capacite, duree, taux, datedebut: '01/01/2025' });
          return close(loan.mensualite, mensualite);
        },
      ),
    );
  });

  it('loan results are finite and non-negative', () => {
    fc.assert(
      fc.property(amount, rate, fc.integer({ min: 1, max: 600 }), day, fee, fee, fc.boolean(), (montant, taux, duree, start, fraisdossier, fraiscourtage, insured) => {
        const result = calculateLoan({
          montant, duree, taux, datedebut: formatFrenchDate(start), detail: true,
          fraisdossier: fraisdossier === undefined ? undefined : Math.min(fraisdossier, montant / 4),
          fraiscourtage: fraiscourtage === undefined ? undefined : Math.min(fraiscourtage, montant / 4),
          tauxassurance: insured ? 0.3 : undefined,
        });
        const numbers = [result.mensualite, result.totalpaiements, result.totalinterets, result.assurancemensuelle!, result.taeg!];
        const lines = result.echeancier!.flatMap((l) => [l.mensualite, l.interets, l.capital, l.capitalrestantdu]);
        return finite([...numbers, ...lines]) && [...numbers, ...lines].every((n) => n >= 0) && result.taeg! >= 0;
      }),
    );
  });

  it('capacity results are finite and non-negative', () => {
    fc.assert(
      fc.property(amount, rate, fc.double({ min: 0.001, max: 50, noNaN: true }), fc.integer({ min: 1, max: 540 }), (revenumensuel, taux, endettement, duree) => {
        const result = calculateCapacity({ revenumensuel, taux, endettement, duree });
        const numbers = [result.capacite, result.valeurbien, result.mensualite!];
        return finite(numbers) && numbers.every((n) => n >= 0);
      }),
    );
  });

  it('buy-back results are finite, counts and amounts non-negative, gains consistent', () => {
    const today: DayDate = { year: 2025, month: 6, day: 15 };
    fc.assert(
      fc.property(
        amount, rate, rate, rate, rate,
        fc.integer({ min: 2, max: 540 }), fc.integer({ min: 1, max: 540 }),
        fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('CI' as const, 'CRD' as const),
        fee, fee, fee,
        (montantancien, tauxhaancien, tauxassuranceancien, tauxnominalnouveau, tauxassurancenouveau, dureeancien, dureenouveau, progress, typeassuranceancien, fraisnouvellegarantie, fraisdossier, fraiscourtage) => {
          // Start so that between 0 and dureeancien − 1 instalments are paid on the buy-back date (today).
          const paid = Math.floor(progress * (dureeancien - 1));
          const index = today.year * 12 + today.month - 1 - paid;
          const start = { year: Math.floor(index / 12), month: (index % 12) + 1, day: 15 };
          const result = calculateBuyback(
            {
              montantancien, datedebutancien: formatFrenchDate(start), dureeancien, tauxhaancien, typeassuranceancien,
              tauxassuranceancien: tauxassuranceancien / 10, daterachat: formatFrenchDate(today),
              fraisnouvellegarantie, fraisdossier, fraiscourtage, dureenouveau, tauxnominalnouveau,
              tauxassurancenouveau: tauxassurancenouveau / 10,
            },
            today,
          );
          const [counts, ha, ttc, cost] = result.resultats as [number[], number[], number[], number[]];
          const { crd, ira, nouveaucapital, moisecoules } = result.detail;
          const nonNegative = [counts[0]!, counts[1]!, ha[0]!, ha[1]!, ttc[0]!, ttc[1]!, cost[0]!, cost[1]!, crd, ira, nouveaucapital];
          const all = [result.gaintresorerie, result.gaincoutcredit, ...result.resultats.flat(), crd, ira, nouveaucapital];
          return (
            moisecoules === paid &&
            finite(all) &&
            nonNegative.every((n) => n >= 0) &&
            counts[0] === dureeancien - paid &&
            result.gaincoutcredit === cost[2] &&
            roundCents(ttc[0]! - ttc[1]!) === ttc[2]
          );
        },
      ),
    );
  });
});

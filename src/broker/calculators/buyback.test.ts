import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { isFrenchDate, parseFrenchDate, type DayDate } from '../../platform/http/paris-dates.ts';
import { annuityPayment, outstandingAfter, roundCents } from './annuity.ts';
import { BuybackBody, calculateBuyback, earlyRepaymentPenalty, instalmentsPaid, type BuybackInput } from './buyback.ts';
import { CalculatorInputError } from './input-error.ts';
import { GUIDE_EXAMPLES } from './guide-examples.ts';

const day = (text: string): DayDate => parseFrenchDate(text)!;

/** The guide's §14 input, except the buy-back date: 01/04/2023 is 111 months after 01/01/2014. */
const guide: BuybackInput = { ...GUIDE_EXAMPLES.buyback, daterachat: '01/04/2023' };
const today = day('01/01/2023');

/** Independent reference: the old loan's balance by walking its schedule month by month. */
function balanceAfter(principal: number, taux: number, months: number, paid: number): number {
  const r = taux / 1200;
  const payment = (principal * r) / (1 - (1 + r) ** -months);
  let balance = principal;
  for (let k = 0; k < paid; k++) balance -= payment - balance * r;
  return balance;
}

/*
 * Seed parity, building blocks only. The guide's printed answer (gains 1 523.99 / 2 579.09) cannot
 * come from its printed input: 01/01/2014 → 11/04/2022 is 99 months, not the 111 its numbers need,
 * and it then counts 89 remaining instalments (#112–#200) while buying back the capital left after
 * #112, i.e. one instalment's capital too little (spec A.4). calculateBuyback pairs 89 instalments
 * with the capital after 111 instead; here we check that our helpers, fed the guide's k = 112,
 * give its figures to the cent.
 */
describe('buy-back building blocks against the guide’s own arithmetic (k = 112)', () => {
  const crd = roundCents(outstandingAfter(150000, 1.3, 200, 112));
  const ira = earlyRepaymentPenalty(crd, 1.3);
  const capital = roundCents(crd + ira + 600);
  const oldTtc = roundCents(annuityPayment(150000, 1.3, 200) + (150000 * 0.125) / 1200);
  const newHa = roundCents(annuityPayment(capital, 1.25, 70));
  const newTtc = roundCents(annuityPayment(capital, 1.25, 70) + (capital * 0.1) / 1200);

  it('reproduces CRD, IRA, new capital and monthly amounts', () => {
    expect(crd).toBe(70015.29);
    expect(ira).toBe(455.1);
    expect(capital).toBe(71070.39);
    expect(roundCents(annuityPayment(150000, 1.3, 200))).toBe(834.59);
    expect(oldTtc).toBe(850.21);
    expect(newHa).toBe(1053.29);
    expect(newTtc).toBe(1059.21);
  });

  it('reproduces the guide’s gains from them with 89 instalments', () => {
    const oldCost = roundCents(89 * oldTtc - crd);
    const newCost = roundCents(70 * newTtc - capital);
    expect(oldCost).toBe(5653.4);
    expect(newCost).toBe(3074.31);
    expect(roundCents(oldCost - newCost)).toBe(2579.09);
    expect(roundCents(89 * oldTtc - 70 * newTtc)).toBe(1523.99);
  });
});

describe('calculateBuyback: consistent computation', () => {
  const result = calculateBuyback(guide, today);

  it('counts 111 paid instalments and buys back the capital after #111', () => {
    expect(result.detail.moisecoules).toBe(111);
    const crd = roundCents(balanceAfter(150000, 1.3, 200, 111));
    expect(crd).toBe(70773.21);
    expect(result.detail.crd).toBe(crd);
    expect(result.detail.ira).toBe(roundCents(Math.min(0.03 * crd, crd * 0.013 * 0.5)));
    expect(result.detail.ira).toBe(460.03);
    expect(result.detail.nouveaucapital).toBe(71833.24);
  });

  it('compares 89 remaining instalments with the new loan', () => {
    const r = 1.25 / 1200;
    const newHa = (71833.24 * r) / (1 - (1 + r) ** -70);
    const newTtc = roundCents(newHa + (71833.24 * 0.1) / 1200);
    expect(newTtc).toBe(1070.58);
    const oldTotal = roundCents(89 * 850.21);
    const newTotal = roundCents(70 * newTtc);
    const oldCost = roundCents(oldTotal - 70773.21);
    const newCost = roundCents(newTotal - 71833.24);
    expect(result.resultats).toEqual([
      [89, 70, 19],
      [834.59, roundCents(newHa), roundCents(834.59 - roundCents(newHa))],
      [850.21, newTtc, roundCents(850.21 - newTtc)],
      [oldCost, newCost, roundCents(oldCost - newCost)],
    ]);
    expect(result.gaintresorerie).toBe(roundCents(oldTotal - newTotal));
    expect(result.gaincoutcredit).toBe(roundCents(oldCost - newCost));
  });

  it('gives the hand-checked figures', () => {
    expect(result).toEqual({
      gaintresorerie: 728.09,
      gaincoutcredit: 1788.12,
      resultats: [
        [89, 70, 19],
        [834.59, 1064.59, -230],
        [850.21, 1070.58, -220.37],
        [4895.48, 3107.36, 1788.12],
      ],
      detail: { moisecoules: 111, crd: 70773.21, ira: 460.03, nouveaucapital: 71833.24 },
    });
  });

  it('charges CRD insurance on the declining balance of each remaining instalment', () => {
    const crdInsured = calculateBuyback({ ...guide, typeassuranceancien: 'CRD' }, today);
    const payment = annuityPayment(150000, 1.3, 200);
    let total = 0;
    for (let numero = 112; numero <= 200; numero++) {
      total += roundCents(payment + (balanceAfter(150000, 1.3, 200, numero - 1) * 0.125) / 1200);
    }
    const first = roundCents(payment + (balanceAfter(150000, 1.3, 200, 111) * 0.125) / 1200);
    expect(first).toBe(841.96);
    expect(crdInsured.resultats[2]![0]).toBe(first);
    expect(crdInsured.resultats[3]![0]).toBe(roundCents(roundCents(total) - 70773.21));
    expect(crdInsured.resultats[3]![0]).toBe(3841.99);
    expect(crdInsured.detail).toEqual(result.detail);
  });

  it('has no penalty and no cost at zero rates', () => {
    const free = calculateBuyback(
      { ...guide, tauxhaancien: 0, tauxassuranceancien: 0, tauxnominalnouveau: 0, tauxassurancenouveau: 0, fraisnouvellegarantie: 0, fraisdossier: 0, fraiscourtage: 0 },
      today,
    );
    expect(free.detail.ira).toBe(0);
    expect(free.detail.crd).toBe(66750);
    expect(free.resultats[3]!.slice(0, 2).every((cost) => cost >= 0 && cost < 1)).toBe(true);
  });
});

describe('validateBuyback', () => {
  const error = (input: BuybackInput, at: DayDate) => {
    try {
      calculateBuyback(input, at);
    } catch (caught) {
      if (caught instanceof CalculatorInputError) return caught;
      throw caught;
    }
    throw new Error('expected a CalculatorInputError');
  };

  it('refuses a buy-back date in the past', () => {
    expect(error(guide, day('02/04/2023'))).toMatchObject({ field: 'daterachat', kind: 'invalid' });
    expect(calculateBuyback(guide, day('01/04/2023')).detail.moisecoules).toBe(111);
  });

  it('refuses a loan already finished at the buy-back date', () => {
    expect(calculateBuyback({ ...guide, daterachat: '01/08/2030' }, today).resultats[0]![0]).toBe(1);
    const finished = error({ ...guide, daterachat: '01/09/2030' }, today);
    expect(finished.field).toBe('daterachat');
    expect(finished.message).toMatch(/terminé/);
  });

  it('refuses a buy-back before the old loan starts', () => {
    expect(error({ ...guide, datedebutancien: '01/05/2023' }, today).field).toBe('daterachat');
  });

  it('gives the printed date 99 elapsed months (spec A.4)', () => {
    const printed = calculateBuyback({ ...guide, daterachat: '11/04/2022' }, day('11/04/2022'));
    expect(printed.detail.moisecoules).toBe(99);
    expect(printed.resultats[0]![0]).toBe(101);
  });
});

describe('instalmentsPaid', () => {
  it('counts an instalment on its due date, end-of-month clamping included', () => {
    expect(instalmentsPaid(day('01/01/2014'), day('01/01/2014'))).toBe(0);
    expect(instalmentsPaid(day('01/01/2014'), day('31/01/2014'))).toBe(0);
    expect(instalmentsPaid(day('01/01/2014'), day('01/02/2014'))).toBe(1);
    expect(instalmentsPaid(day('31/01/2024'), day('28/02/2024'))).toBe(0);
    expect(instalmentsPaid(day('31/01/2024'), day('29/02/2024'))).toBe(1);
    expect(instalmentsPaid(day('31/01/2023'), day('28/02/2023'))).toBe(1);
    expect(instalmentsPaid(day('31/01/2023'), day('30/04/2023'))).toBe(3);
  });
});

describe('BuybackBody schema', () => {
  const validate = new Ajv({ allErrors: true }).addFormat('date-fr', isFrenchDate).compile(BuybackBody);

  it('accepts the guide example, fees optional', () => {
    expect(validate(guide)).toBe(true);
    const { fraisnouvellegarantie: _g, fraisdossier: _d, fraiscourtage: _c, ...noFees } = guide;
    expect(validate(noFees)).toBe(true);
  });

  it.each([
    ['an extra field', { ...guide, extra: 1 }],
    ['an unknown insurance type', { ...guide, typeassuranceancien: 'XX' }],
    ['an old duration over 540', { ...guide, dureeancien: 541 }],
    ['a zero new duration', { ...guide, dureenouveau: 0 }],
    ['a negative fee', { ...guide, fraisdossier: -1 }],
    ['a bad date', { ...guide, daterachat: '2023-04-01' }],
  ])('rejects %s', (_label, body) => {
    expect(validate(body)).toBe(false);
  });

  it('documents every field', () => {
    for (const [name, field] of Object.entries(BuybackBody.properties)) {
      expect((field as { description?: string }).description, name).toBeTruthy();
    }
  });
});

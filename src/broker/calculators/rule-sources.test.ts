import { describe, expect, it } from 'vitest';
import { isIsoDay, sourcesProblem } from './rule-sources.ts';

const decree = { kind: 'décret', text: 'Décret n° 2024-304 du 2 avril 2024', date: '2024-04-02', checked: '2026-12-01' };

describe('sourcesProblem', () => {
  it('accepts a dated décret, an article without date, and a doubt left to check', () => {
    expect(sourcesProblem([decree])).toBeUndefined();
    expect(sourcesProblem([{ kind: 'article', text: 'CGI art. 879', checked: '2026-12-01', verify: 'x' }])).toBeUndefined();
  });

  it.each([
    [undefined, 'needs at least one source'],
    [[], 'needs at least one source'],
    [[{ ...decree, kind: 'blog' }], 'sources[0].kind must be one of article, loi, décret, arrêté, DGFiP review, other'],
    [[{ ...decree, text: ' ' }], 'sources[0].text must name the text'],
    [[{ ...decree, date: undefined }], 'sources[0].date is required for a décret'],
    [[{ ...decree, kind: 'DGFiP review', date: undefined }], 'sources[0].date is required for a DGFiP review'],
    [[{ ...decree, date: '02/04/2024' }], 'sources[0].date must be YYYY-MM-DD'],
    [[{ ...decree, checked: undefined }], 'sources[0].checked must be YYYY-MM-DD'],
    [[decree, { ...decree, checked: '2026-02-30' }], 'sources[1].checked must be YYYY-MM-DD'],
    [[{ ...decree, checked: '2024-04-01' }], 'sources[0].checked predates the text'],
    [[{ ...decree, verify: '' }], 'sources[0].verify must say what is left to check'],
  ])('%j → %s', (sources, problem) => {
    expect(sourcesProblem(sources)).toBe(problem);
  });

  it('isIsoDay checks the calendar', () => {
    expect([isIsoDay('2028-02-29'), isIsoDay('2026-02-29'), isIsoDay('2026-1-01'), isIsoDay(20260101)])
      .toEqual([true, false, false, false]);
  });
});

import { describe, expect, it } from 'vitest';
import { eventOfStatusChange } from './status-events.ts';

describe('eventOfStatusChange (§7.2)', () => {
  it.each([
    ['INCOMPLETE', 'TO_PROCESS', 'CREATED_ACCOUNT'],
    ['TO_PROCESS', 'VALIDATED', 'VERIFIED_ACCOUNT'],
    ['TO_PROCESS', 'DECLINED', 'DENIED_ACCOUNT'],
    ['INCOMPLETE', 'DECLINED', 'DENIED_ACCOUNT'],
    ['VALIDATED', 'TO_PROCESS', 'REOPENED_ACCOUNT'],
    ['DECLINED', 'TO_PROCESS', 'REOPENED_ACCOUNT'],
    ['TO_PROCESS', 'INCOMPLETE', null],
    ['VALIDATED', 'INCOMPLETE', null],
    ['DECLINED', 'INCOMPLETE', null],
    ['TO_PROCESS', 'TO_PROCESS', null],
  ] as const)('%s → %s sends %s', (from, to, event) => {
    expect(eventOfStatusChange(from, to)).toBe(event);
  });
});

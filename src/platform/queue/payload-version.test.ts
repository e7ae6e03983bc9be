import { describe, expect, it } from 'vitest';
import { checkPayload } from './payload-version.ts';

describe('checkPayload', () => {
  const job = { name: 'mail', version: 2 };

  it('hands over a payload of the same version', () => {
    expect(checkPayload(job, { v: 2, p: { to: 'x' } })).toEqual({ ok: true, payload: { to: 'x' } });
  });

  it('refuses another version, older or newer, when nothing migrates it', () => {
    expect(checkPayload(job, { v: 1, p: {} })).toEqual({
      ok: false,
      reason: 'job mail: payload version 1 is not v2, the version this worker handles (and the definition has no migrate hook)',
    });
    expect(checkPayload(job, { v: 3, p: {} })).toEqual({
      ok: false,
      reason: 'job mail: payload version 3 is not v2, the version this worker handles (a newer version than this worker knows)',
    });
  });

  it('refuses a payload without a version', () => {
    expect(checkPayload(job, { to: 'x' })).toEqual({ ok: false, reason: 'job mail: the stored payload carries no version (this worker handles v2)' });
    expect(checkPayload(job, null)).toMatchObject({ ok: false });
  });

  it('migrates an older payload when the definition says how, and only an older one', () => {
    const migrating = { ...job, migrate: (p: unknown, from: number) => ({ ...(p as object), from }) };
    expect(checkPayload(migrating, { v: 1, p: { to: 'x' } })).toEqual({ ok: true, payload: { to: 'x', from: 1 } });
    expect(checkPayload(migrating, { v: 3, p: {} })).toMatchObject({ ok: false });
    const failing = { ...job, migrate: () => { throw new Error('no address'); } };
    expect(checkPayload(failing, { v: 1, p: {} })).toEqual({
      ok: false,
      reason: 'job mail: migrating the payload from v1 to v2 failed: no address',
    });
  });
});

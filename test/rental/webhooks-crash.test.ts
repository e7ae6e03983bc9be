import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { freePort, runCli, startServer } from '../platform/processes.ts';
import { startReceiver, until } from '../support/webhook-receiver.ts';

/**
 * The real `foyer serve` killed with SIGKILL while a webhook is in flight, then restarted on the
 * same data directory: every event arrives, each under its one webhook-id, and only the deliveries
 * in flight at the kill (sent, or answered but not yet recorded) arrive twice (after their lease expires).
 */
describe('webhook delivery across a SIGKILL', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-webhook-crash-'));
  const children: ChildProcess[] = [];
  const saved = { ...process.env };
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
    process.env = saved;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('nothing is lost, no event under two ids, only the in-flight delivery repeated', async () => {
    // The child processes inherit these (startServer passes process.env through).
    Object.assign(process.env, {
      FOYER_RENTAL_WEBHOOK_ALLOW_PRIVATE: 'true',
      FOYER_RENTAL_WEBHOOK_RETRY_SCHEDULE: '100ms,100ms,100ms,100ms,100ms',
      FOYER_RENTAL_WEBHOOK_CONNECT_TIMEOUT_MS: '500',
      // Long enough that the hung delivery is still in flight at the kill however slow the deletes are.
      FOYER_RENTAL_WEBHOOK_TIMEOUT_MS: '15000',
      FOYER_RENTAL_WEBHOOK_POLL_MS: '50',
      FOYER_RENTAL_WEBHOOK_CONCURRENCY: '1',
      FOYER_DEMO: 'false',
    });
    let hung: string | undefined;
    let killed: (() => void) | undefined;
    const killedNow = new Promise<void>((resolve) => (killed = resolve));
    // The first request is left hanging: the server is killed while it is in flight.
    const hook = await startReceiver((r) => {
      if (hung === undefined) {
        hung = String(r.headers['webhook-id']);
        killed!();
        return 'hang';
      }
      return 200;
    });
    try {
      const port = await freePort();
      const first = startServer(dataDir, port);
      children.push(first.child);
      await first.listening;
      const created = await runCli(dataDir, ['rental:partner:create', '--name', 'crash-partner', '--display-name', 'Crash', '--callback-url', `${hook.url}/in`]);
      expect(created.code).toBe(0);
      const partner = JSON.parse(created.stdout) as { clientId: string; clientSecret: string; webhookSecret: string };
      const base = `http://127.0.0.1:${port}`;
      const tokenRes = await fetch(`${base}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: partner.clientId, client_secret: partner.clientSecret }).toString(),
      });
      const token = ((await tokenRes.json()) as { access_token: string }).access_token;
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      // Six accounts, each deleted: six DELETED_ACCOUNT events, one per tenant.
      const tenants: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await fetch(`${base}/api-partner/register/account`, { method: 'POST', headers, body: JSON.stringify({ email: `crash${i}@example.com` }) });
        tenants.push(((await res.json()) as { id: number }).id);
      }
      for (const id of tenants) {
        expect((await fetch(`${base}/api-partner/tenant/${id}/user/deleteAccount`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      }
      await killedNow;
      first.child.kill('SIGKILL');
      await first.exited;
      const before = hook.received.length;

      const second = startServer(dataDir, port);
      children.push(second.child);
      await second.listening;
      const distinct = () => new Set(hook.received.map((r) => r.headers['webhook-id'])).size;
      await until('all six webhook-ids received', () => distinct() === 6, 120_000);
      // The in-flight one comes back once its lease has expired.
      await until('the in-flight delivery repeated', () => hook.received.filter((r) => r.headers['webhook-id'] === hung).length >= 2, 60_000);

      const byId = new Map<string, number>();
      const idsOfTenant = new Map<number, Set<string>>();
      for (const r of hook.received) {
        const id = String(r.headers['webhook-id']);
        byId.set(id, (byId.get(id) ?? 0) + 1);
        const body = JSON.parse(r.body) as { partnerCallBackType: string; onTenantId: number };
        expect(body.partnerCallBackType).toBe('DELETED_ACCOUNT');
        idsOfTenant.set(body.onTenantId, (idsOfTenant.get(body.onTenantId) ?? new Set()).add(id));
        expect(() => new Webhook(partner.webhookSecret).verify(r.body, r.headers as Record<string, string>)).not.toThrow();
      }
      expect([...idsOfTenant.keys()].sort((a, b) => a - b)).toEqual([...tenants].sort((a, b) => a - b));
      for (const ids of idsOfTenant.values()) expect(ids.size).toBe(1);
      // In flight at the kill, from the database's view: the hung delivery, and the one answered just
      // before it if its outcome was not written yet (outcomes are written in 10 ms batches).
      const hungAt = hook.received.findIndex((r) => r.headers['webhook-id'] === hung);
      const inFlight = new Set([hung, ...(hungAt > 0 ? [String(hook.received[hungAt - 1]!.headers['webhook-id'])] : [])]);
      expect(byId.get(hung!)).toBe(2);
      for (const [id, count] of byId) expect([id, count]).toEqual([id, inFlight.has(id) ? expect.toSatisfy((n: number) => n === 1 || n === 2) : 1]);
      expect(before).toBeGreaterThanOrEqual(1);

      const dead = await runCli(dataDir, ['rental:webhooks:dead']);
      expect(JSON.parse(dead.stdout)).toEqual({ dead: [] });
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      await hook.close();
    }
  }, 300_000);
});

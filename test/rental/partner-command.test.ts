import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoCredentials } from '../../src/platform/demo.ts';
import { MODULES } from '../../src/modules.ts';
import { rentalModule, type RentalSettings } from '../../src/rental/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { tokenFor } from './helpers.ts';

describe('partners: the admin command and the demo partner', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.destroy());

  const command = rentalModule.commands.find((c) => c.name === 'rental:partner:create')!;
  const run = (values: Record<string, string>) => command.run({ config: app.config, settings: app.contexts.get('rental')!.settings as RentalSettings, db: app.db }, values);

  it('rental:partner:create prints the secret once and stores only an argon2id hash of it', async () => {
    const out = (await run({ name: 'agence-x', 'display-name': 'Agence X', 'callback-url': 'https://agence-x.example/webhook', 'callback-api-key': 'k' })) as {
      clientId: string;
      clientSecret: string;
    };
    expect(out.clientId).toBe('agence-x');
    expect(out.clientSecret).toMatch(/^foyer_rs_[A-Za-z0-9_-]{43}$/);
    const row = await app.db.kysely
      .selectFrom('rental.partners' as never)
      .select(['secret_hash', 'display_name', 'callback_url'] as never)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ display_name: 'Agence X', callback_url: 'https://agence-x.example/webhook' });
    expect((row as { secret_hash: string }).secret_hash).toMatch(/^\$argon2id\$/);
    expect((row as { secret_hash: string }).secret_hash).not.toContain(out.clientSecret);
    expect(await tokenFor(app, 'agence-x', out.clientSecret)).toMatch(/^ey/);
  });

  it('refuses a duplicate name, a bad name or a bad callback URL with a message naming the option', async () => {
    await expect(run({ name: 'agence-x', 'display-name': 'Again' })).rejects.toThrow('name: a partner named agence-x already exists');
    await expect(run({ name: 'a b', 'display-name': 'X' })).rejects.toThrow('name: letters, digits');
    await expect(run({ name: 'agence-y', 'display-name': 'Y', 'callback-url': 'ftp://x' })).rejects.toThrow('callback URL: must be http or https');
    await expect(run({ name: 'agence-z' })).rejects.toThrow('--display-name is required');
  });

  it('the demo partner joins demo-credentials.json as rental.clientId / rental.clientSecret, and can get a token', async () => {
    const { credentials, lines } = await ensureDemoCredentials(app.dataDir, MODULES, app.contexts);
    const rental = credentials.rental as { clientId: string; clientSecret: string };
    expect(rental.clientId).toMatch(/^demo-partner-/);
    expect(lines.find((l) => l.startsWith('rental API'))).toContain('/oauth/token');
    expect(await tokenFor(app, rental.clientId, rental.clientSecret)).toMatch(/^ey/);
  });
});

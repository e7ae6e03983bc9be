import fs from 'node:fs';
import path from 'node:path';
import type { FoyerApp } from './app.ts';
import { asBrokerDb, createApiKey, createBroker } from './broker/index.ts';

export interface DemoCredentials {
  broker: { token: string; brokerId: string };
}

export const DEMO_FILE = 'demo-credentials.json';

/**
 * On the first start of an empty data directory, creates one demo account per surface and writes
 * the credentials to `FOYER_DATA_DIR/demo-credentials.json` (mode 0600). Later starts reuse it.
 */
export async function ensureDemoCredentials(app: FoyerApp): Promise<{ credentials: DemoCredentials; created: boolean }> {
  const file = path.join(app.config.dataDir, DEMO_FILE);
  if (fs.existsSync(file)) return { credentials: JSON.parse(fs.readFileSync(file, 'utf8')) as DemoCredentials, created: false };
  const db = asBrokerDb(app.db.kysely);
  const brokerId = await createBroker(db, 'Courtier de démonstration');
  const key = await createApiKey(db, brokerId, {
    label: 'demo',
    allowedOrigins: [new URL(app.config.publicUrl).origin],
  });
  const credentials: DemoCredentials = { broker: { token: key.token, brokerId } };
  fs.mkdirSync(app.config.dataDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  return { credentials, created: true };
}

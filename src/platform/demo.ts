import fs from 'node:fs';
import path from 'node:path';
import type { AnyModule, ModuleContext } from './module.ts';

export const DEMO_FILE = 'demo-credentials.json';

export type DemoCredentials = Record<string, Record<string, unknown>>;

/**
 * Demo accounts, one per surface, kept in `FOYER_DATA_DIR/demo-credentials.json` (mode 0600) under
 * each module's name. A module added since the file was written gets its account on the next start;
 * existing ones are reused, so the printed credentials stay valid across restarts.
 */
export async function ensureDemoCredentials(
  dataDir: string,
  modules: readonly AnyModule[],
  contexts: Map<string, ModuleContext>,
): Promise<{ credentials: DemoCredentials; created: string[]; lines: string[] }> {
  const file = path.join(dataDir, DEMO_FILE);
  const credentials: DemoCredentials = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as DemoCredentials) : {};
  const created: string[] = [];
  const lines: string[] = [];
  for (const module of modules) {
    const context = contexts.get(module.name);
    if (!module.demo || !context) continue;
    if (!credentials[module.name]) {
      credentials[module.name] = await module.demo.create(context);
      created.push(module.name);
    }
    lines.push(module.demo.describe(credentials[module.name]!, { publicUrl: context.config.publicUrl, settings: context.settings }));
  }
  if (created.length) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
    fs.renameSync(temporary, file);
  }
  return { credentials, created, lines };
}

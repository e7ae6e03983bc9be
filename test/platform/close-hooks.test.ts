import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { defineModule } from '../../src/platform/module.ts';
import { startTestApp } from '../support/app.ts';

const migrations = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-closer-migrations-'));
fs.writeFileSync(path.join(migrations, '001_closer.sql'), 'create schema closer;');

/** A module holding a resource of its own (like the rental documents pool) releases it through `onClose`. */
function closerModule(events: string[]) {
  return defineModule<{ prefix: string }>({
    name: 'closer',
    readConfig: (read) => ({ prefix: read.prefix('FOYER_CLOSER_PREFIX', '/closer') }),
    migrations: { module: 'closer', directory: migrations },
    jobs: [],
    redactHeaders: [],
    surface: {
      title: 'Closer',
      prefix: (settings) => settings.prefix,
      openapiPath: '/openapi.json',
      async plugin(app, context) {
        context.onClose(() => {
          throw new Error('first hook fails');
        });
        context.onClose(async () => {
          // The database is still open: the hook may record its last words.
          const row = await sql<{ one: number }>`select 1 as one`.execute(context.db.kysely);
          events.push(`closed with db ${row.rows[0]!.one}, http listening ${app.server.listening}`);
        });
      },
    },
    commands: [],
  });
}

describe('module close hooks', () => {
  it('run once at close, after the HTTP server, with the database still open, even after a failing hook', async () => {
    const events: string[] = [];
    const app = await startTestApp({ modules: [closerModule(events)] });
    await app.http.listen({ host: '127.0.0.1', port: 0 });
    expect(events).toEqual([]);
    await Promise.all([app.close(), app.close()]);
    await app.destroy();
    expect(events).toEqual(['closed with db 1, http listening false']);
  });
});

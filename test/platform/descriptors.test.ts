import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../../src/modules.ts';
import { ensureDemoCredentials } from '../../src/platform/demo.ts';
import { registerSurfaceDocument } from '../../src/platform/http/openapi.ts';
import { defineModule } from '../../src/platform/module.ts';
import { defineJob } from '../../src/platform/queue/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

/**
 * A surface is added by its descriptor alone: this probe module, unknown to every platform file,
 * gets its configuration section, migrations, jobs, routes, OpenAPI document, index entry and demo
 * credentials from the loops over the descriptor list.
 */
const migrations = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-probe-migrations-'));
fs.writeFileSync(path.join(migrations, '001_probe.sql'), 'create schema probe; create table probe.pings (id serial primary key, note text);');

const worked: string[] = [];
const probeJob = defineJob<{ note: string }>({
  name: 'probe-ping',
  version: 1,
  async handler(payload, { module }) {
    // The handler runs in its module's context: its settings and its database.
    await sql`insert into probe.pings (note) values (${payload.note})`.execute(module.db.kysely);
    worked.push(`${payload.note} ${(module.settings as { greeting: string }).greeting}`);
  },
});

const probeModule = defineModule<{ prefix: string; greeting: string }>({
  name: 'probe',
  readConfig: (read) => ({ prefix: read.prefix('FOYER_PROBE_PREFIX', '/probe'), greeting: read.string('FOYER_PROBE_GREETING', 'bonjour') }),
  migrations: { module: 'probe', directory: migrations },
  jobs: [probeJob],
  redactHeaders: ['x-probe-key'],
  surface: {
    title: 'Probe API',
    prefix: (settings) => settings.prefix,
    openapiPath: '/openapi.json',
    async plugin(app, context) {
      await registerSurfaceDocument(app, { decorator: 'probeOpenapi', info: { title: 'Probe', version: '1' }, serverUrl: context.config.publicUrl });
      app.get('/hello', { schema: { operationId: 'hello' } }, async () => {
        await context.queue.enqueue(probeJob, { note: 'hello' });
        return { greeting: context.settings.greeting };
      });
    },
  },
  demo: {
    async create() {
      return { secret: 'probe-demo' };
    },
    describe: (credentials, { settings }) => `probe ${settings.prefix} ${String(credentials.secret)}`,
  },
  commands: [],
});

describe('module descriptors', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ modules: [...MODULES, probeModule], env: { FOYER_PROBE_PREFIX: '/sonde', FOYER_PROBE_GREETING: 'salut' } });
  });
  afterAll(async () => {
    await app.destroy();
    fs.rmSync(migrations, { recursive: true, force: true });
  });

  it("mounts the surface at its configured prefix with its own settings, and works its jobs", async () => {
    const res = await app.http.inject({ method: 'GET', url: '/sonde/hello' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ greeting: 'salut' });
    await app.queue.drain([probeJob.name], 20_000);
    expect(worked).toEqual(['hello salut']);
    const rows = await sql<{ note: string }>`select note from probe.pings`.execute(app.db.kysely);
    expect(rows.rows).toEqual([{ note: 'hello' }]);
  });

  it("applies the module's migrations", async () => {
    await sql`insert into probe.pings (note) values ('x')`.execute(app.db.kysely);
    const rows = await sql<{ module: string }>`select module from platform.schema_migrations where module = 'probe'`.execute(app.db.kysely);
    expect(rows.rows).toEqual([{ module: 'probe' }]);
  });

  it('lists the surface in GET / and serves its OpenAPI document', async () => {
    const index = (await app.http.inject({ method: 'GET', url: '/' })).json();
    expect(index.surfaces).toContainEqual({ name: 'probe', title: 'Probe API', prefix: '/sonde', openapi: '/sonde/openapi.json' });
    expect(index.surfaces.map((s: { name: string }) => s.name)).toEqual(['broker', 'particulier', 'rental', 'rental-share', 'backoffice', 'probe']);
    const doc = (await app.http.inject({ method: 'GET', url: '/sonde/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(['/sonde/hello']);
    expect(doc.paths['/sonde/hello'].get.operationId).toBe('hello');
  });

  it('creates its demo credentials beside the others, once', async () => {
    const first = await ensureDemoCredentials(app.dataDir, [...MODULES, probeModule], app.contexts);
    expect(first.created).toEqual(['broker', 'particulier', 'rental', 'backoffice', 'probe']);
    expect(first.lines).toContain('probe /sonde probe-demo');
    const second = await ensureDemoCredentials(app.dataDir, [...MODULES, probeModule], app.contexts);
    expect(second.created).toEqual([]);
    expect(second.credentials).toEqual(first.credentials);
    expect(fs.statSync(path.join(app.dataDir, 'demo-credentials.json')).mode & 0o777).toBe(0o600);
  });
});

describe('platform pages', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.destroy();
  });

  it('GET / answers an index of the surfaces and their documents', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      service: 'Foyer',
      docs: '/docs',
      health: '/health',
      ready: '/ready',
      surfaces: [
        { name: 'broker', title: 'Broker API (CREDITEO-compatible)', prefix: '/crediteo', openapi: '/crediteo/openapi.json' },
        {
          name: 'particulier',
          title: 'Citizen-data API (API Particulier v3-compatible)',
          prefix: '/api-particulier',
          openapi: '/api-particulier/openapi.json',
        },
        { name: 'rental', title: 'Rental partner API (DossierFacile-compatible)', prefix: '/api-partner', openapi: '/api-partner/openapi.json' },
        { name: 'rental-share', title: 'Rental share links (landlord view, public)', prefix: '/api', openapi: '/api/openapi.json' },
        { name: 'backoffice', title: 'Back-office API (operators)', prefix: '/backoffice/api', openapi: '/backoffice/api/openapi.json' },
      ],
    });
  });

  it('/docs sends a Content-Security-Policy without inline scripts', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    const init = await app.http.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    expect(init.body).toContain('/crediteo/openapi.json');
  });
});

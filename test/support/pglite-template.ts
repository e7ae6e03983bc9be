import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { embeddedStartParams } from '../../src/platform/db/embedded-memory.ts';

/**
 * Global setup of every suite: initdb once. Each embedded database a test creates (in memory or in a
 * new data directory, in the test's process or in a `foyer` child process) then starts from this
 * tarball (FOYER_EMBEDDED_DB_TEMPLATE) instead of running initdb again: ~0.7 s instead of 3.5–5 s each.
 * The files are the ones initdb writes; migrations still run. Kept in the temporary directory under
 * PGlite's version, so the next run (and CI's next stage) reuses it.
 */
export default async function setup() {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const { version } = JSON.parse(fs.readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  const file = path.join(os.tmpdir(), `foyer-pglite-template-${version}.tar`);
  if (!fs.existsSync(file)) {
    const pglite = await PGlite.create({ startParams: embeddedStartParams(PGlite.defaultStartParams) });
    const partial = `${file}.${process.pid}`;
    fs.writeFileSync(partial, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()));
    await pglite.close();
    fs.renameSync(partial, file);
  }
  process.env.FOYER_EMBEDDED_DB_TEMPLATE = file;
}

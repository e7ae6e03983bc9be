// `npm start`: runs the compiled service in this very process, building it first when the sources
// changed since the last build (or on a fresh clone).
//
// Why not a TypeScript loader: on Node 20 a loader runs in a second thread, and `tsx` as a command
// in a second process too; together they held ~100 MB more than the compiled code, and a SIGTERM
// sent to npm reached the wrapper, not the server. Here npm's child *is* the server (package.json
// `exec`s node), so npm forwards SIGTERM to it, the server drains and exits 0, and npm with it.
// The build itself (`npm run build`) runs in a child process that is gone before the server starts.
import { spawnSync } from 'node:child_process';
import console from 'node:console';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const root = path.resolve(import.meta.dirname, '..');
const entry = path.join(root, 'dist', 'main.js');
const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** Latest modification time among the build's inputs. */
function newestInput() {
  let newest = 0;
  for (const input of inputs) {
    const full = path.join(root, input);
    const files = fs.statSync(full).isDirectory()
      ? fs.readdirSync(full, { recursive: true }).map((f) => path.join(full, String(f)))
      : [full];
    for (const file of files) if (!file.endsWith('.test.ts')) newest = Math.max(newest, fs.statSync(file).mtimeMs);
  }
  return newest;
}

// Every build rewrites dist/main.js; a failed build removes it, so that it is retried next time.
const built = fs.existsSync(entry) ? fs.statSync(entry).mtimeMs : -1;
if (built < newestInput()) {
  console.log('Building the service (sources changed since the last build)…');
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    fs.rmSync(entry, { force: true });
    console.error('build failed: fix the errors above, or run the sources with `npm run foyer -- serve`');
    process.exit(result.status ?? 1);
  }
}

await import('../dist/main.js');

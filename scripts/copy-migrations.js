// `npm run build`: tsc compiles src/ to dist/; each module's SQL migrations are copied beside it.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
for (const entry of fs.readdirSync(path.join(root, 'src'), { withFileTypes: true })) {
  const from = path.join(root, 'src', entry.name, 'migrations');
  if (entry.isDirectory() && fs.existsSync(from)) fs.cpSync(from, path.join(root, 'dist', entry.name, 'migrations'), { recursive: true });
}

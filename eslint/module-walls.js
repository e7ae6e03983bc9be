// Module walls (DESIGN.md): `src/platform` imports no module; a module reaches another module only
// through that module's `index.ts`. Tests, benches and scripts obey the same walls: `test/<area>/`,
// `bench/<area>/` and `scripts/<area>/` belong to the area they name; files directly under them, and the
// files at the root of `src/` (app, main, modules), belong to no module.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const SRC = path.join(ROOT, 'src');

function moduleNames() {
  return fs
    .readdirSync(SRC, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'platform')
    .map((d) => d.name);
}

/** 'platform', a module name, or null (belongs to no module) for a file of the repository. */
function areaOf(file) {
  const rel = path.relative(ROOT, file).split(path.sep);
  if (rel[0] === 'src') return rel.length > 2 ? rel[1] : null;
  if (['test', 'bench', 'scripts'].includes(rel[0]) && rel.length > 2) return rel[1];
  return null;
}

export const moduleWalls = {
  meta: {
    type: 'problem',
    docs: { description: 'platform imports no module; modules meet only through index.ts' },
    schema: [],
    messages: {
      platformImportsModule: "src/platform must not import '{{source}}': the platform knows no module (it receives descriptors instead).",
      platformImportsRoot: "src/platform must not import '{{source}}': the app's root files build on the platform, not the other way round.",
      throughIndex: "'{{source}}' reaches into module '{{target}}': import only its index.ts ('{{index}}').",
    },
  },
  create(context) {
    const file = context.filename ?? context.getFilename();
    const from = areaOf(file);
    const modules = new Set(moduleNames());
    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), source);
      const relTarget = path.relative(SRC, target).split(path.sep);
      if (relTarget[0] === '..') return;
      const targetArea = relTarget.length > 1 ? relTarget[0] : null;
      if (from === 'platform' && path.relative(ROOT, file).startsWith('src')) {
        if (targetArea && modules.has(targetArea)) return context.report({ node, messageId: 'platformImportsModule', data: { source } });
        if (targetArea === null) return context.report({ node, messageId: 'platformImportsRoot', data: { source } });
      }
      if (!targetArea || !modules.has(targetArea) || targetArea === from) return;
      const isIndex = relTarget.length === 2 && relTarget[1] === 'index.ts';
      if (!isIndex) {
        const index = path.relative(path.dirname(file), path.join(SRC, targetArea, 'index.ts'));
        context.report({ node, messageId: 'throughIndex', data: { source, target: targetArea, index } });
      }
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { rules: { 'module-walls': moduleWalls } };

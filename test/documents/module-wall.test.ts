import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// src/documents is a library module (no descriptor: no routes, tables or jobs yet). The walls rule
// finds it as any directory of src/, so other modules reach it only through its index.ts.
const root = path.resolve(import.meta.dirname, '../..');

async function wallErrors(file: string, code: string): Promise<string[]> {
  const [result] = await new ESLint({ cwd: root }).lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'foyer/module-walls').map((m) => m.message);
}

describe('src/documents behind its wall', () => {
  it('the rental module may import its index.ts, not its files', async () => {
    expect(await wallErrors('src/rental/x.ts', "import { DocumentPool } from '../documents/index.ts';\nexport const p = DocumentPool;\n")).toEqual([]);
    expect(await wallErrors('src/rental/x.ts', "import { processDocument } from '../documents/process.ts';\nexport const p = processDocument;\n")).toEqual([
      "'../documents/process.ts' reaches into module 'documents': import only its index.ts ('../documents/index.ts').",
    ]);
  });
});

import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The module walls of DESIGN.md are enforced by `npm run lint`; these cases prove the rule bites. */
const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function wallErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'foyer/module-walls').map((m) => m.message);
}

describe('module walls (eslint rule foyer/module-walls)', () => {
  it('refuses a platform file that imports a module', async () => {
    expect(await wallErrors('src/platform/http/x.ts', "import { brokerModule } from '../../broker/index.ts';\nexport const m = brokerModule;\n")).toEqual([
      "src/platform must not import '../../broker/index.ts': the platform knows no module (it receives descriptors instead).",
    ]);
  });

  it('refuses a platform file that imports the app root', async () => {
    expect(await wallErrors('src/platform/x.ts', "import { MODULES } from '../modules.ts';\nexport const m = MODULES;\n")).toHaveLength(1);
  });

  it("refuses a reach into another module's files, from code, tests and benches", async () => {
    const code = "import { BROKER_ERRORS } from '../../src/broker/errors.ts';\nexport const e = BROKER_ERRORS;\n";
    expect(await wallErrors('test/platform/x.test.ts', code)).toEqual([
      "'../../src/broker/errors.ts' reaches into module 'broker': import only its index.ts ('../../src/broker/index.ts').",
    ]);
    expect(await wallErrors('bench/x.ts', "import { BROKER_ERRORS } from '../src/broker/errors.ts';\nexport const e = BROKER_ERRORS;\n")).toHaveLength(1);
    expect(await wallErrors('src/app.ts', "import { guidePage } from './broker/http/guide-page.ts';\nexport const g = guidePage;\n")).toHaveLength(1);
  });

  it("allows a module's own files, another module's index.ts and the platform", async () => {
    expect(await wallErrors('src/broker/http/x.ts', "import { BROKER_ERRORS } from '../errors.ts';\nimport { loadConfig } from '../../platform/config/index.ts';\nexport const a = [BROKER_ERRORS, loadConfig];\n")).toEqual([]);
    expect(await wallErrors('test/broker/x.test.ts', "import { listDossiers } from '../../src/broker/dossiers/list.ts';\nexport const l = listDossiers;\n")).toEqual([]);
    expect(await wallErrors('test/platform/x.test.ts', "import { brokerModule } from '../../src/broker/index.ts';\nexport const m = brokerModule;\n")).toEqual([]);
  });
});

// Two libraries turn off a fast path of V8 for the whole process as soon as they are loaded:
// apache-arrow marks its vectors concat-spreadable (every Array.prototype.concat slow), exceljs
// breaks the typed-array species guarantee (subarray, slice twice as slow). The build's stages
// load without them; the site's SQL page Arrow copies (site/arrow-copy.ts) and the download
// workbooks (basics/xlsx-write.ts) load them when they are made, at the end of a build.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../pipeline/basics/paths.ts';

/** Whether concat and typed-array species are on their fast paths after running `code` (module imports). */
const probe = (code: string) =>
  execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', `
    ${code}
    console.log(JSON.stringify({ concat: %IsConcatSpreadableProtector(), species: %TypedArraySpeciesProtector() }));
  `], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();

describe("V8's fast paths in a build", () => {
  it('stay on while the build, report and site modules load', () => {
    const imports = ['./pipeline/build.ts', './pipeline/report/report.ts', './pipeline/site/site.ts', './pipeline/evaluate/indicator-values.ts'];
    expect(JSON.parse(probe(imports.map((m) => `await import(${JSON.stringify(m)});`).join('\n')))).toEqual({ concat: true, species: true });
  }, 60_000);

  it('go off only when the Arrow copies or a workbook are made (the probe can tell)', () => {
    expect(JSON.parse(probe("await import('./pipeline/site/arrow-copy.ts');"))).toEqual({ concat: false, species: true });
    expect(JSON.parse(probe("const { newWorkbook } = await import('./pipeline/basics/xlsx-write.ts'); newWorkbook();"))).toEqual({ concat: true, species: false });
  }, 60_000);
});

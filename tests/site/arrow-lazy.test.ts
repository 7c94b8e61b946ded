// apache-arrow marks its vectors concat-spreadable, which switches V8's fast Array.prototype.concat
// off for the whole process. The report and site stages load without it; only the SQL page's
// Arrow copies load it (site/arrow-copy.ts), when they are made.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../pipeline/basics/paths.ts';

const probe = (imports: string[]) =>
  execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', `
    ${imports.map((m) => `await import(${JSON.stringify(m)});`).join('\n')}
    console.log(%IsConcatSpreadableProtector());
  `], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();

describe('apache-arrow is loaded only for the SQL page', () => {
  it('the report and site stages load without switching fast concat off; the Arrow copies do switch it off', () => {
    expect(probe(['./pipeline/report/report.ts', './pipeline/site/site.ts'])).toBe('true');
    expect(probe(['./pipeline/site/arrow-copy.ts'])).toBe('false');
  }, 60_000);
});

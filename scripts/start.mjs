// `npm start`: the whole job on the bundled sample data. Installs npm dependencies when
// missing, generates the sample workbooks into data/sample/ when missing, writes the
// blank templates, then runs the build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ensureNodeModules, ensureSystemTools } from './setup.mjs';

ensureNodeModules();
// Chromium prints the PDF reports; without it the build says how to install it or skip PDFs.
ensureSystemTools(['chromium', 'chromium-headless-shell']);

const planeval = (args) => {
  process.stderr.write(`\n$ planeval ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'planeval.mjs'), ...args], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const sample = join(ROOT, 'data', 'sample');
if (!existsSync(join(sample, '2020'))) planeval(['sample', '--out', 'data/sample', '--seed', '1', '--years', '2020-2025']);
planeval(['templates', '--year', '2026', '--out', 'out/templates']);
planeval(['build', '--input', 'data/sample', '--out', 'out']);
process.stderr.write('\n完成。打开 out/site/index.html（或运行 npx planeval serve）查看网站和报告；PDF 在 out/pdf/；数据在 out/data/ 和 out/warehouse.duckdb。\n');

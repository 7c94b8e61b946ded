/**
 * Scripts of the site written in TypeScript (`site/browser/*.ts`), bundled for the browser
 * at build time with esbuild: one self-contained script per page, no module loader, the
 * same bytes for the same sources.
 */
import { buildSync } from 'esbuild';
import { projectPath } from '../basics/paths.ts';

/** The bundle of `site/browser/<name>.ts` as the text of a classic script. */
export function browserScript(name: string): string {
  const result = buildSync({
    entryPoints: [projectPath('pipeline', 'site', 'browser', `${name}.ts`)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild 没有输出 ${name}.ts 的脚本`);
  return `// planeval: ${name}（由 pipeline/site/browser/${name}.ts 打包生成）\n${file.text}`;
}

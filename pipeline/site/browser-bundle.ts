/**
 * Scripts of the site written in TypeScript (`site/browser/*.ts`), bundled for the browser
 * at build time with esbuild: one self-contained script per page, no module loader, the
 * same bytes for the same sources. A bundle is kept (node_modules/.cache/planeval/browser/)
 * with the digests of the sources it was made from, and made again only when one of them
 * changed: esbuild's synchronous build, which starts its service, took ≈ 140 ms of every
 * build's site stage.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync, version as esbuildVersion } from 'esbuild';
import { projectPath } from '../basics/paths.ts';
import { writeFileAtomically } from '../basics/files.ts';

/** Where the bundles are kept between builds. */
export const BROWSER_SCRIPT_CACHE = projectPath('node_modules', '.cache', 'planeval', 'browser');

/** A kept bundle: the esbuild that made it, its sources (project-relative) with their digests, its text. */
interface KeptScript {
  esbuild: string;
  inputs: Record<string, string>;
  text: string;
}

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** The kept bundle's text when its esbuild and every source are as they were; else undefined. */
function keptScript(file: string): string | undefined {
  try {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as Partial<KeptScript>;
    if (kept.esbuild !== esbuildVersion || typeof kept.text !== 'string' || !kept.inputs || Object.keys(kept.inputs).length === 0) return undefined;
    for (const [input, digest] of Object.entries(kept.inputs)) {
      if (sha256(readFileSync(projectPath(input))) !== digest) return undefined;
    }
    return kept.text;
  } catch {
    return undefined;
  }
}

/** The bundle of `site/browser/<name>.ts` as the text of a classic script. */
export function browserScript(name: string, cacheDir: string = BROWSER_SCRIPT_CACHE): string {
  const cached = join(cacheDir, `${name}.json`);
  const kept = keptScript(cached);
  if (kept !== undefined) return kept;
  const result = buildSync({
    entryPoints: [projectPath('pipeline', 'site', 'browser', `${name}.ts`)],
    absWorkingDir: projectPath(),
    bundle: true,
    write: false,
    metafile: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild 没有输出 ${name}.ts 的脚本`);
  const text = `// planeval: ${name}（由 pipeline/site/browser/${name}.ts 打包生成）\n${file.text}`;
  try {
    // the metafile names the sources relative to absWorkingDir, the project
    const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((input) => [input, sha256(readFileSync(projectPath(input)))]));
    writeFileAtomically(cached, JSON.stringify({ esbuild: esbuildVersion, inputs, text } satisfies KeptScript));
  } catch {
    // A bundle that cannot be kept (or a source esbuild names that cannot be read) is made again next time.
  }
  return text;
}

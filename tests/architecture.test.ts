/**
 * The shape of pipeline/: one folder per stage, imports pointing downwards only, no
 * import cycle. Read from the sources, so a new sideways import fails here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../pipeline/basics/paths.ts';

const PIPELINE = join(PROJECT_ROOT, 'pipeline');

/** Stages from the bottom up: a module may import its own stage and those below it. */
const LAYERS: readonly string[][] = [
  ['basics'],
  ['plan'],
  ['ingest'],
  ['warehouse'],
  ['evaluate'],
  ['present'],
  ['report'],
  ['site'],
  ['forms', 'sample'],
  ['.', 'serve'],
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports of a module (static and dynamic), resolved to files. */
function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.\.?\/[^'"]+)['"]/g)) out.push(resolve(dirname(file), m[1]!));
  return out;
}

const stageOf = (file: string) => {
  const rel = relative(PIPELINE, file);
  return rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : '.';
};
const rankOf = (file: string) => LAYERS.findIndex((l) => l.includes(stageOf(file)));

const files = sources(PIPELINE);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

describe('pipeline/', () => {
  it('has at most 8 loose files beside the stage folders', () => {
    const loose = readdirSync(PIPELINE).filter((n) => n.endsWith('.ts'));
    expect(loose.length).toBeLessThanOrEqual(8);
  });

  it('puts every module in a known stage', () => {
    expect(files.filter((f) => rankOf(f) < 0).map((f) => relative(PIPELINE, f))).toEqual([]);
  });

  it('imports only existing modules', () => {
    const missing = [...graph].flatMap(([f, deps]) => deps.filter((d) => !graph.has(d)).map((d) => `${relative(PIPELINE, f)} → ${relative(PIPELINE, d)}`));
    expect(missing).toEqual([]);
  });

  it('imports point downwards: no stage imports from a later one, sample and forms are not imported by stages', () => {
    const upward: string[] = [];
    for (const [f, deps] of graph) {
      for (const d of deps) {
        if (!graph.has(d)) continue;
        const [rf, rd] = [rankOf(f), rankOf(d)];
        const sideTool = ['forms', 'sample'].includes(stageOf(d)) && stageOf(f) !== stageOf(d) && stageOf(f) !== '.';
        if (rd > rf || sideTool) upward.push(`${relative(PIPELINE, f)} → ${relative(PIPELINE, d)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('the site does not import the report stage (build hands it the reports written)', () => {
    const sideways = [...graph].flatMap(([f, deps]) => (stageOf(f) === 'site' ? deps.filter((d) => stageOf(d) === 'report').map((d) => `${relative(PIPELINE, f)} → ${relative(PIPELINE, d)}`) : []));
    expect(sideways).toEqual([]);
  });

  it('has no import cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 'open');
      stack.push(f);
      for (const d of graph.get(f) ?? []) {
        if (!graph.has(d)) continue;
        if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d].map((x) => relative(PIPELINE, x)).join(' → '));
        else if (!state.has(d)) visit(d);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of files) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });
});

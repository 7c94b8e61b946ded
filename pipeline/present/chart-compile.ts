/**
 * vega-lite's compile, once per chart shape. The report's charts repeat a few shapes (a
 * town's trend of one indicator, a year's bars across towns) with different rows: vega-lite
 * compiles a spec without looking at its inline rows, which it copies into the vega spec's
 * data (making one data source of equal ones). So a spec is compiled with each inline
 * `data.values` replaced by a marker row, the same marker for equal rows; the result (and
 * the warnings compile gave) is kept by the marked spec, and a spec of the same shape takes
 * a copy with its own rows put where the markers are. A compiled spec in which a marker is
 * missing or found elsewhere than as a data source's `values` is not kept: a spec of that
 * shape is compiled as it is, every time.
 */
import type { TopLevelSpec } from 'vega-lite';

/** The key of a marker row; no chart row has it. */
const SLOT = '__planeval_rows__';

/** Compiled vega specs (as JSON) by marked spec, with the warnings compile gave. */
const shapes = new Map<string, { json: string; warnings: string[] } | null>();
const MAX_SHAPES = 2000;

type Json = unknown;

/** The spec with every inline `data.values` array replaced by a marker row, and the arrays in marker order. */
function marked(spec: TopLevelSpec): { spec: Json; rows: unknown[][] } {
  const rows: unknown[][] = [];
  const slots = new Map<string, number>();
  const walk = (node: Json, key: string | undefined): Json => {
    if (Array.isArray(node)) return node.map((n) => walk(n, undefined));
    if (node === null || typeof node !== 'object') return node;
    const obj = node as Record<string, Json>;
    if (key === 'data' && Array.isArray(obj.values)) {
      // Equal rows get the same marker: vega-lite makes one data source of equal inline data.
      const json = JSON.stringify(obj.values);
      let slot = slots.get(json);
      if (slot === undefined) {
        slot = rows.length;
        slots.set(json, slot);
        rows.push(obj.values);
      }
      return { ...obj, values: [{ [SLOT]: slot }] };
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, walk(v, k)]));
  };
  return { spec: walk(spec, undefined), rows };
}

/** Puts `rows[i]` where marker i is, in place; false unless each marker was found (as `values`, and nothing else was). */
function fill(compiled: Json, rows: readonly unknown[][]): boolean {
  const found = new Array<number>(rows.length).fill(0);
  let stray = false;
  const walk = (node: Json): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const obj = node as Record<string, Json>;
    for (const [k, v] of Object.entries(obj)) {
      const slot = markerOf(v);
      if (slot === undefined) {
        walk(v);
        continue;
      }
      if (k !== 'values' || slot < 0 || slot >= rows.length) stray = true;
      else {
        found[slot]! += 1;
        obj[k] = rows[slot];
      }
    }
  };
  walk(compiled);
  return !stray && found.every((n) => n >= 1);
}

/** The marker's number when `v` is a marker array (one row with only the marker key). */
function markerOf(v: Json): number | undefined {
  if (!Array.isArray(v) || v.length !== 1) return undefined;
  const row = v[0] as Record<string, Json> | null;
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return undefined;
  const keys = Object.keys(row);
  return keys.length === 1 && keys[0] === SLOT && typeof row[SLOT] === 'number' ? row[SLOT] : undefined;
}

/**
 * The vega spec of `spec`, compiled by `compile` (vega-lite's, with the caller's config and
 * logger) or taken from an earlier spec of the same shape; `onWarning` gets the warnings
 * compile gave for the shape, on every use. `salt` names what else the compile depends on
 * (config), which the marked spec does not show.
 */
export function compileByShape(
  spec: TopLevelSpec,
  salt: string,
  compile: (spec: TopLevelSpec, onWarning: (w: string) => void) => Json,
  onWarning: (w: string) => void,
): Json {
  const { spec: shape, rows } = marked(spec);
  const key = `${salt}\u0000${JSON.stringify(shape)}`;
  const known = shapes.get(key);
  if (known === null) return compile(spec, onWarning);
  if (known) {
    const compiled = JSON.parse(known.json) as Json;
    if (fill(compiled, rows)) {
      for (const w of known.warnings) onWarning(w);
      return compiled;
    }
    return compile(spec, onWarning);
  }
  const warnings: string[] = [];
  const compiled = compile(shape as TopLevelSpec, (w) => warnings.push(w));
  const json = JSON.stringify(compiled);
  if (shapes.size >= MAX_SHAPES) shapes.clear();
  if (!fill(compiled, rows)) {
    shapes.set(key, null);
    return compile(spec, onWarning);
  }
  shapes.set(key, { json, warnings });
  for (const w of warnings) onWarning(w);
  return compiled;
}

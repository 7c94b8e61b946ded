import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { CHART_CONFIG } from '../../pipeline/present/chart-style.ts';
import { compileByShape } from '../../pipeline/present/chart-compile.ts';

const vl = (spec: TopLevelSpec, warn: (w: string) => void) =>
  compile(spec, { config: CHART_CONFIG, logger: quietLogger(warn) as never }).spec;

function quietLogger(warn: (w: string) => void) {
  const logger = {
    level: () => logger,
    error: () => logger,
    warn: (...args: unknown[]) => (warn(args.map(String).join(' ')), logger),
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** A trend-like layered chart: rows, a target rule with its own row, labels of some rows. */
const trend = (rows: { year: number; value: number | null }[], target: number): TopLevelSpec => ({
  width: 300,
  height: 120,
  layer: [
    { data: { values: [{ value: target }] }, mark: 'rule', encoding: { y: { field: 'value', type: 'quantitative' } } },
    {
      data: { values: rows },
      mark: 'line',
      encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'value', type: 'quantitative', scale: { domain: [0, 10] } } },
    },
    { data: { values: rows.filter((r) => r.value !== null && r.value > 5) }, mark: 'text', encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'value', type: 'quantitative' }, text: { field: 'value' } } },
  ],
});

describe('compileByShape(spec, salt, compile, onWarning)', () => {
  it('gives what vega-lite gives, for the first spec of a shape and for later ones with other rows', () => {
    const specs = [
      trend([{ year: 2020, value: 3 }, { year: 2021, value: 7 }], 8),
      trend([{ year: 2020, value: 9 }, { year: 2021, value: null }, { year: 2022, value: 6 }], 2),
      trend([], 1),
    ];
    for (const spec of specs) {
      const direct = vl(structuredClone(spec), () => {});
      const byShape = compileByShape(structuredClone(spec), 'test-same', vl, () => {});
      expect(JSON.parse(JSON.stringify(byShape))).toEqual(JSON.parse(JSON.stringify(direct)));
    }
  });

  it('compiles a shape once and puts each spec’s own rows in', () => {
    let compiles = 0;
    const counting = (s: TopLevelSpec, w: (w: string) => void) => (compiles++, vl(s, w));
    // (In both, the three layers' rows differ from each other: the same shape.)
    const a = compileByShape(trend([{ year: 2020, value: 3 }, { year: 2021, value: 7 }], 8), 'test-once', counting, () => {});
    const b = compileByShape(trend([{ year: 2020, value: 9 }, { year: 2021, value: 4 }, { year: 2022, value: 2 }], 6), 'test-once', counting, () => {});
    expect(compiles).toBe(1);
    expect(JSON.stringify(a)).toContain('"value":3');
    expect(JSON.stringify(b)).toContain('"value":9');
    expect(JSON.stringify(b)).not.toContain('"value":3');
    // Equal rows make one data source in vega-lite: another shape.
    compileByShape(trend([{ year: 2020, value: 9 }], 6), 'test-once', counting, () => {});
    expect(compiles).toBe(2);
    expect(JSON.stringify(b)).not.toContain('__planeval_rows__');
  });

  it('replays the shape’s compile warnings on every spec of the shape', () => {
    const spec = (v: number): TopLevelSpec => ({ data: { values: [{ a: v, b: 'x' }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'quantitative' }, shape: { field: 'b', type: 'nominal' } } });
    const first: string[] = [];
    const second: string[] = [];
    compileByShape(spec(1), 'test-warn', vl, (w) => first.push(w));
    compileByShape(spec(2), 'test-warn', vl, (w) => second.push(w));
    expect(first.join('\n')).toMatch(/shape/);
    expect(second).toEqual(first);
  });

  it('compiles each spec as it is when the compile does not copy the rows through', () => {
    // A compile that looks at the rows: the markers do not come out, so nothing is kept.
    const seen: unknown[] = [];
    const looking = (s: TopLevelSpec) => {
      const values = (s as { data: { values: unknown[] } }).data.values;
      seen.push(values);
      return { count: values.length };
    };
    const spec = (n: number) => ({ data: { values: Array.from({ length: n }, (_, i) => ({ i })) }, mark: 'bar' }) as TopLevelSpec;
    expect(compileByShape(spec(3), 'test-look', looking, () => {})).toEqual({ count: 3 });
    expect(compileByShape(spec(5), 'test-look', looking, () => {})).toEqual({ count: 5 });
  });

  it('keeps shapes of different salts (config) apart', () => {
    let compiles = 0;
    const counting = (s: TopLevelSpec, w: (w: string) => void) => (compiles++, vl(s, w));
    compileByShape(trend([{ year: 2020, value: 3 }], 8), 'salt-1', counting, () => {});
    compileByShape(trend([{ year: 2020, value: 3 }], 8), 'salt-2', counting, () => {});
    expect(compiles).toBe(2);
  });
});

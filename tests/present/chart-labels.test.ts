/**
 * The value labels of every trend chart the sample's build draws, read from the SVG as vega
 * wrote it (report.md §5: labels never collide with the target line): no label's glyphs on
 * the target line, and in the reports none on the time-progress path or the comparison
 * place's line either. The site's phone-width charts (340 px, 29 px a year) have no room to
 * keep every 4-digit label off the path; there only the target line is checked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { textWidth } from '../../pipeline/present/chart-style.ts';
import { fullBuild } from '../support/fixtures.ts';

type Point = [number, number];

interface Trend {
  page: string;
  title: string;
  width: number;
  /** The target rule's y (SVG pixels, in the plot's frame). */
  target: number | null;
  /** The other lines: time-progress path, comparison place (not the chart's own series). */
  lines: Point[][];
  /** Value labels: glyph boxes [x1, x2, y1, y2] in the plot's frame. */
  labels: { text: string; box: [number, number, number, number] }[];
}

const OWN_SERIES = '#1d4f91';

function pathPoints(d: string): Point[][] {
  const runs: Point[][] = [];
  for (const [, cmd, x, y] of d.matchAll(/([ML])(-?[\d.]+),(-?[\d.]+)/g)) {
    if (cmd === 'M') runs.push([]);
    runs[runs.length - 1]!.push([Number(x), Number(y)]);
  }
  return runs;
}

/** The trend charts of a page: SVGs with a target rule or a line layer and value labels. */
function trendsOf(page: string, html: string): Trend[] {
  return [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].flatMap(([svg]) => {
    if (!svg.includes('mark-line role-mark')) return [];
    const title = /<title[^>]*>([^<]*)<\/title>/.exec(svg)?.[1] ?? '';
    const width = Number(/width="(\d+)"/.exec(svg)![1]);
    const rule = /<g class="mark-rule role-mark [^"]*"><line transform="translate\((-?[\d.]+),(-?[\d.]+)\)"/.exec(svg);
    const lines = [...svg.matchAll(/<g class="mark-line role-mark [^"]*"><path d="([^"]*)" stroke="(#\w+)"/g)]
      .filter((m) => m[2] !== OWN_SERIES)
      .flatMap((m) => pathPoints(m[1]!));
    const labels = [...svg.matchAll(/<g class="mark-text role-mark [^"]*">([\s\S]*?)<\/g>/g)].flatMap(([, group]) =>
      [...group!.matchAll(/<text[^>]*text-anchor="(\w+)" transform="translate\((-?[\d.]+),(-?[\d.]+)\)"[^>]*>([^<]+)<\/text>/g)].flatMap(
        ([, anchor, xs, ys, text]) => {
          if (text === '无数据') return [];
          const x = Number(xs);
          const y = Number(ys);
          const w = textWidth(text!, 12);
          const x1 = anchor === 'middle' ? x - w / 2 : anchor === 'end' ? x - w : x;
          // Digits stand on the alphabetic baseline (the translate's y), about 0.72 em tall.
          return [{ text: text!, box: [x1, x1 + w, y - 8.6, y] as [number, number, number, number] }];
        },
      ),
    );
    return [{ page, title, width, target: rule ? Number(rule[2]) : null, lines, labels }];
  });
}

/** Whether the polyline passes through the box. */
function meets(line: Point[], [x1, x2, y1, y2]: readonly number[]): boolean {
  return line.slice(1).some((b, i) => {
    const [p, q] = line[i]![0] <= b[0] ? [line[i]!, b] : [b, line[i]!];
    const lo = Math.max(x1!, p[0]);
    const hi = Math.min(x2!, q[0]);
    if (lo > hi) return false;
    const at = (x: number) => (q[0] === p[0] ? p[1] : p[1] + ((q[1] - p[1]) * (x - p[0])) / (q[0] - p[0]));
    const ys = [at(lo), at(hi)];
    return Math.max(...ys) >= y1! && Math.min(...ys) <= y2!;
  });
}

let trends: Trend[];

beforeAll(async () => {
  const site = (await fullBuild()).siteDir;
  const pages = (readdirSync(site, { recursive: true }) as string[]).filter((p) => p.endsWith('.html'));
  trends = pages.flatMap((p) => trendsOf(p, readFileSync(join(site, p), 'utf8')));
});

describe('the value labels of the trend charts', () => {
  it('are read from the build (reports and indicator pages, both widths)', () => {
    expect(trends.filter((t) => t.page.startsWith('reports')).length).toBeGreaterThan(20);
    expect(trends.filter((t) => t.width < 400).length).toBeGreaterThan(20);
    expect(trends.flatMap((t) => t.labels).length).toBeGreaterThan(500);
  });

  it('never sit on the target line', () => {
    const hits = trends.flatMap((t) =>
      t.target === null ? [] : t.labels.filter((l) => t.target! >= l.box[2] && t.target! <= l.box[3]).map((l) => `${t.page} ${t.title} (${t.width}px): ${l.text}`),
    );
    expect(hits).toEqual([]);
  });

  it('in the reports as printed, never cross the time-progress path or the comparison line', () => {
    // the desktop rendering, which the PDF prints; a phone's (screen only, as on the indicator
    // pages) has no clear place for some labels at its width and keeps them off the target line alone
    const hits = trends
      .filter((t) => t.page.startsWith('reports') && t.width >= 400)
      .flatMap((t) => t.labels.filter((l) => t.lines.some((line) => meets(line, l.box))).map((l) => `${t.page} ${t.title}: ${l.text}`));
    expect(hits).toEqual([]);
  });
});

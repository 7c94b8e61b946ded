/**
 * The small view shapes the site templates share: table cells that may be links, status
 * badges or sparklines; download links; key facts. Texts arrive formatted (format.ts);
 * the templates escape them.
 */
import type { IndicatorValue, Status } from '../evaluate/evaluate.ts';
import type { Geography } from '../plan/geography.ts';
import type { Indicator, Plan } from '../plan/plan.ts';
import { badge, type StatusBadge } from '../present/status.ts';
import type { YearReports } from '../present/report-documents.ts';
import type { Sparkline } from '../present/sparkline.ts';
import type { ValueIndex } from '../present/value-index.ts';

export interface Cell {
  text: string;
  href?: string;
  badge?: StatusBadge;
  /** Right-aligned tabular figures. */
  num?: boolean;
  /** Precede with ★ (binding indicator), with a text for screen readers. */
  star?: boolean;
  spark?: Sparkline;
  /** A row header (`<th scope="row">`). */
  header?: boolean;
  /** Keep on one line (short labels: units, statuses). */
  nowrap?: boolean;
  /** Several links in one cell (`网页版 · PDF`), instead of `href`; `hidden` is read by screen readers only. */
  links?: { text: string; href: string; hidden?: string }[];
  /** Language of the text when it is not Chinese (`en`). */
  lang?: string;
}

export interface Column {
  text: string;
  num?: boolean;
  /** Language of the header when it is not Chinese (`en`). */
  lang?: string;
  /** Not offered for sorting (a column of sparklines). */
  noSort?: boolean;
}

/** A table of cells (`site-table` partial); cells marked `header` are row headers. */
export interface LinkTable {
  caption: string;
  className?: string;
  /** Sortable by column header where JavaScript runs (`assets/table-sort.js`). */
  sortable?: boolean;
  columns: Column[];
  rows: Cell[][];
  /** Rows after the body (a total, the district), left in place when the body is sorted. */
  foot?: Cell[][];
}

export interface Fact {
  label: string;
  value: string;
}

export interface Download {
  href: string;
  label: string;
  /** `CSV，12.3 KB` */
  detail: string;
}

export const text = (t: string, extra: Omit<Cell, 'text'> = {}): Cell => ({ text: t, ...extra });
/** A short label kept on one line. */
export const label = (t: string): Cell => ({ text: t, nowrap: true });
export const num = (t: string): Cell => ({ text: t, num: true });
export const link = (t: string, href: string, extra: Omit<Cell, 'text' | 'href'> = {}): Cell => ({ text: t, href, ...extra });

/** A status as a coloured badge; `—` when there is none. */
export function statusCell(status: Status | null, none = '—'): Cell {
  const b = badge(status);
  return b ? { text: b.text, badge: b, nowrap: true } : { text: none };
}

/** `★指标3 每千名常住人口养老床位数` as a heading reads. */
export function indicatorTitle(ind: Indicator): string {
  return `指标${ind.id} ${ind.name}`;
}

export function attributeText(ind: Indicator): string {
  return ind.isBinding ? '约束性' : '预期性';
}

/** Site path of an indicator's page. */
export function indicatorPath(id: number): string {
  return `indicators/${id}.html`;
}

/** Site path of a town's page. */
export function townPath(code: string): string {
  return `towns/${code}.html`;
}

/** What every page builder reads: the plan, the places, the judged values and the reports found. */
export interface SiteContext {
  plan: Plan;
  geography: Geography;
  values: readonly IndicatorValue[];
  index: ValueIndex;
  /** Every year with values, ascending (the baseline year included). */
  years: number[];
  /** The year the site reports on: the latest plan year with values (the latest year when there is none). */
  latestYear: number;
  /** Reports per year, newest first. */
  reports: YearReports[];
  /** The publication date (`2026-03-01`), when the build was given one. */
  published?: string;
}

/** One page of the site, before rendering: template `site/<template>`, view and frame data. */
export interface SitePageSpec {
  /** Relative to the site root. */
  path: string;
  template: string;
  /** `<title>` and the page list. */
  title: string;
  /** The meta description (a sentence on what the page offers); the site's by default. */
  description?: string;
  section: string;
  breadcrumbs?: { label: string; href?: string }[];
  /** Scripts that enhance the page (site-root relative), e.g. table sorting. */
  scripts?: string[];
  view: object;
}

/** The enhancement script of sortable tables. */
export const TABLE_SORT_SCRIPT = 'assets/table-sort.js';

/** How the site names a year's district report: `2024年度实施评估报告`, `实施情况总结评估报告（2021—2025年）`. */
export function reportLabel(r: Pick<YearReports, 'year' | 'name'>, start: number): string {
  if (!r.name) return `${r.year}年度实施评估报告`;
  return r.name.startsWith(String(r.year)) ? r.name : `${r.name}（${start}—${r.year}年）`;
}

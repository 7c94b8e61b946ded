/**
 * The small view shapes the site templates share: table cells that may be links, status
 * badges or sparklines; download links; key facts. Texts arrive formatted (format.ts);
 * the templates escape them.
 */
import { INCOMPLETE_MARK } from '../basics/format.ts';
import type { IndicatorValue, Status } from '../evaluate/evaluate.ts';
import type { Geography } from '../plan/geography.ts';
import type { Indicator, Plan } from '../plan/plan.ts';
import { badge, type StatusBadge } from '../present/status.ts';
import type { YearReports } from '../present/report-documents.ts';
import type { Sparkline } from '../present/sparkline.ts';
import type { DoubtfulCell } from '../present/doubtful.ts';
import type { SheetRole } from '../warehouse/lineage.ts';
import { isMarked } from '../present/incomplete.ts';
import type { ValueIndex } from '../present/value-index.ts';
import type { InputData } from '../ingest/read-inputs.ts';

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
  /** What the table sorts the cell by where its text is not a plain number (`+8.6个百分点` → `8.6`). */
  sort?: string;
  /** A footnote mark after the text: `*` for a value computed from incomplete data (evaluation.md). */
  mark?: string;
  /** A mark of a note under the table (`①`: the value printed at its target while below it). */
  note?: string;
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
  /** Notes under the table, each starting with the mark (`①`) its cells carry. */
  notes?: string[];
}

export interface Fact {
  label: string;
  value: string;
  /** A footnote mark after the value (`*`: incomplete data). */
  mark?: string;
  /** A link after the value (the font licence's text). */
  link?: { href: string; text: string };
}

export { INCOMPLETE_MARK };

/** `{ mark: '*' }` for a value computed from the rows that loaded while something lost could change it; `{}` otherwise. */
export function markOf(v: IndicatorValue | undefined | null): { mark?: string } {
  return isMarked(v) ? { mark: INCOMPLETE_MARK } : {};
}

/** The footnote of the marks on a page (the `site-incomplete-note` partial). */
export interface IncompleteNote {
  /** What the mark means, and what was left out where the page can say it. */
  text: string;
  /** This page's sources section (`#sec-lineage`), where there is one. */
  lineageHref: string | null;
  /** The incomplete figures on the data-quality page. */
  methodHref: string;
  /** What a marked comparison of a complete value means, when the page has one (kept when the lineage adds the causes). */
  comparisons?: string;
}

/** The note for a page with marked values; `causes` names what was left out (present/incomplete.ts), `comparisons` what a marked comparison of a complete value means. */
export function incompleteNote(from: string, opts: { lineage: boolean; causes?: string; comparisons?: string }): IncompleteNote {
  const depth = from.split('/').length - 1;
  return {
    text: `标“${INCOMPLETE_MARK}”的数值和评价所用数据不完整（有填报数据未通过校验、缺报或文件无法读取），由通过校验的数据算出并照常评价，仅供参考。${opts.comparisons ?? ''}${opts.causes ?? ''}`,
    ...(opts.comparisons ? { comparisons: opts.comparisons } : {}),
    lineageHref: opts.lineage ? '#sec-lineage' : null,
    methodHref: `${'../'.repeat(depth)}method.html#incomplete`,
  };
}

export interface Download {
  href: string;
  label: string;
  /** `CSV，12.3 KB` */
  detail: string;
}

/** A ratio's unit as the site says it everywhere (the site review: 比值, ／ and — for one unit). */
export const unitOrRatio = (ind: Indicator) => ind.unit || '比值';

export const text = (t: string, extra: Omit<Cell, 'text'> = {}): Cell => ({ text: t, ...extra });
/** A short label kept on one line. */
export const label = (t: string): Cell => ({ text: t, nowrap: true });
export const num = (t: string, extra: Omit<Cell, 'text' | 'num'> = {}): Cell => ({ text: t, num: true, ...extra });
export const link = (t: string, href: string, extra: Omit<Cell, 'text' | 'href'> = {}): Cell => ({ text: t, href, ...extra });

/** A status as a coloured badge; `—` when there is none. Marked when `of` (the value judged) is incomplete. */
export function statusCell(status: Status | null, none = '—', of?: IndicatorValue | null): Cell {
  const b = badge(status);
  return b ? { text: b.text, badge: b, nowrap: true, ...markOf(of) } : { text: none };
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
  /** The cells asked to be checked that count in a published value (present/doubtful.ts). */
  doubtful?: readonly DoubtfulCell[];
  /** Each indicator's sheets as numerator or denominator, by year (warehouse `readSheetRoles`): whether a loss could turn a verdict. */
  sheetRoles?: readonly SheetRole[];
  /** The loaded rows, for what a figure is made of (a district-level facility counted in its host town). */
  data?: InputData;
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

/** A column head for a year's reports: `2023年度`, `总结评估（2021—2025年）`. */
export function reportShortLabel(r: Pick<YearReports, 'year' | 'name'>, start: number): string {
  if (!r.name || r.name.startsWith(String(r.year))) return `${r.year}年度`;
  return `${r.name.replace(/^实施情况/, '').replace(/报告$/, '')}（${start}—${r.year}年）`;
}

/** A town's report of a year: `2023年度黄村镇实施评估报告`, `黄村镇实施情况总结评估报告（2021—2025年）`. */
export function townReportLabel(r: Pick<YearReports, 'year' | 'name'>, start: number, town: string): string {
  if (!r.name || r.name.startsWith(String(r.year))) return `${r.year}年度${town}实施评估报告`;
  return `${town}${reportLabel(r, start)}`;
}

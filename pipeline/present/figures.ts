/**
 * Figures of the reports and the site: each chart with its caption and the table of its
 * numbers (never a chart without its table). All numbers go through format.ts.
 */
import { differingBaseline } from '../evaluate/printed-baseline.ts';
import { heatmap, statusChart, townBarChart, trendChart, trendIsFlat, type Chart, type HeatmapInput } from './charts.ts';
import { PHONE_CHART_WIDTH } from './chart-style.ts';
import { PLAN_STATUSES, type IndicatorValue, type StatusTally } from '../evaluate/evaluate.ts';
import { STATUS_COLORS } from './status.ts';
import { decimalsBelowTarget } from './phrases.ts';
import { difference, formatFigure, formatNumber, formatPercent, formatSignedFigure, formatPrinted, formatTarget, formatValue, MISSING, roundHalfEven, townSpec } from '../basics/format.ts';
import type { Geography } from '../plan/geography.ts';
import type { Indicator, Plan } from '../plan/plan.ts';

export interface DataTable {
  caption: string;
  columns: string[];
  rows: string[][];
}

export interface Figure {
  id: string;
  /** `图3 每千名常住人口养老床位数（2020—2023年）` */
  caption: string;
  svg: string;
  /** The same chart laid out for a phone's width (PHONE_CHART_WIDTH), when asked for. */
  phoneSvg?: string;
  description: string;
  table: DataTable;
  /** A note under the caption: the printed baseline a chart draws where the data give another (evaluation.md). */
  note?: string;
}

/**
 * Render a chart, and with `phone` a second rendering of it PHONE_CHART_WIDTH wide (its
 * own ids), which the site shows on narrow screens instead of shrinking the first.
 */
function renderings<I extends { id: string; width?: number }>(draw: (input: I) => Chart, input: I, phone: boolean | undefined, phoneInput: Partial<I> = {}): { chart: Chart; phoneSvg?: string } {
  const chart = draw(input);
  if (!phone) return { chart };
  return { chart, phoneSvg: draw({ ...input, ...phoneInput, id: `${input.id}-phone`, width: PHONE_CHART_WIDTH }).svg };
}

/** Figure numbering within one document. */
export class FigureCounter {
  private n = 0;
  next(): number {
    return ++this.n;
  }
}

function unitLabel(ind: Indicator): string {
  return ind.unit === '' ? '' : ind.unit;
}

/** The name after a place or 各镇街: `全区社区社会组织数量` loses its 全区 (`清源街道社区社会组织数量`). */
function nameAfterPlace(ind: Indicator): string {
  return ind.name.replace(/^全区/, '');
}

/** The value of the indicator as the plan prints it, for the target line label: `7张`. */
function targetLabel(ind: Indicator): string {
  return formatTarget(ind, { unit: true });
}

/** The planned path (时序进度): straight from the baseline to the target over the plan period. */
function plannedPath(plan: Plan, ind: Indicator): { year: number; value: number }[] | undefined {
  const b = ind.baseline ?? 0;
  if (ind.isMaintain) return undefined;
  const span = plan.targetYear - plan.baselineYear;
  const out = [];
  for (let y = plan.baselineYear; y <= plan.targetYear; y++) out.push({ year: y, value: b + ((ind.target - b) * (y - plan.baselineYear)) / span });
  return out;
}

/**
 * Whether a place's trend says something a table cannot: not a constant at the printed
 * precision (5 → 4.98 prints 5 → 5.0), nor a line the chart's axis leaves flat beside the
 * other lines it draws (`others`: the target, the baseline, the district's values).
 */
export function trendWorthDrawing(series: readonly IndicatorValue[], precision: number, others: readonly number[]): boolean {
  const known = series.flatMap((v) => (v.value === null ? [] : [v.value]));
  if (new Set(known.map((x) => roundHalfEven(x, precision))).size <= 1) return false;
  return !trendIsFlat([...known, ...others]);
}

/** Whether the district's trend of `ind` is worth a chart: drawn beside its baseline and target (trendWorthDrawing). */
export function districtTrendWorthDrawing(ind: Indicator, series: readonly IndicatorValue[]): boolean {
  return trendWorthDrawing(series, ind.precision, [...(ind.baseline === null ? [] : [ind.baseline]), ind.target]);
}

/**
 * Trend of one indicator for one place, baseline year … `year`: line, target, planned path.
 * `series` holds the rows of that place (any years); the district's baseline is the plan's.
 *
 * With `district` (a town's trend): the town's line beside the district's, and for ratio
 * indicators the district target as the benchmark line (全区目标); no planned path (the
 * plan sets no town targets). A count is not drawn against the district's total or target
 * (a different scale): the table gives the district and the town's share each year.
 */
export function trendFigure(opts: {
  plan: Plan;
  ind: Indicator;
  series: readonly IndicatorValue[];
  year: number;
  placeName: string;
  figureNo: number;
  idPrefix: string;
  /** For a town: the district's rows, shown as a second table column. */
  district?: readonly IndicatorValue[];
  /** Also render the chart for a phone's width. */
  phone?: boolean;
}): Figure {
  const { plan, ind, year, placeName, figureNo } = opts;
  const id = `${opts.idPrefix}-trend-${ind.id}`;
  // A value below the target line that the plan's precision rounds onto it is labelled with the
  // places that keep it below (0.149, not 0.15 under a target line of 0.15), as table 1's note gives it.
  const drawsTarget = !opts.district || ind.aggregation === 'ratio';
  const label = (v: number | null) => formatNumber(v, (drawsTarget && v !== null ? decimalsBelowTarget(ind, v) : null) ?? ind.precision);
  const years: { year: number; value: number | null; label: string }[] = [];
  for (let y = plan.baselineYear; y <= year; y++) {
    // The district's baseline is the plan's printed figure everywhere (evaluation.md).
    if (y === plan.baselineYear && !opts.district && ind.baseline !== null) {
      years.push({ year: y, value: ind.baseline, label: ind.baselineText });
      continue;
    }
    const v = opts.series.find((s) => s.year === y);
    years.push({ year: y, value: v?.value ?? null, label: label(v?.value ?? null) });
  }
  // `区级精神卫生福利床位数` is already the district's: no `全区区级…`.
  const subject = placeName === '全区' && /^区级/.test(ind.name) ? ind.name : `${placeName}${nameAfterPlace(ind)}`;
  const caption = `图${figureNo} ${subject}（${plan.baselineYear}—${year}年）`;
  const baseline = { year: plan.baselineYear, value: ind.baseline ?? 0 };
  const columns = ['项目', ...years.map((y) => `${y.year}年`)];
  const unitName = ind.unit || '比值';
  // Years across, as printed statistical tables do: one row per series.
  const rows = [[`${placeName}（${unitName}）`, ...years.map((y) => y.label)]];

  if (opts.district) {
    const district = years.map((y) => {
      const d = opts.district!.find((x) => x.year === y.year);
      return { year: y.year, value: d?.value ?? null, label: formatNumber(d?.value ?? null, ind.precision) };
    });
    const isRatio = ind.aggregation === 'ratio';
    const { chart, phoneSvg } = renderings(trendChart, {
      id,
      title: caption,
      subject,
      unit: unitLabel(ind),
      years,
      baseline,
      target: isRatio ? { year: plan.targetYear, value: ind.target, label: targetLabel(ind), name: '全区目标' } : undefined,
      plannedPath: [],
      seriesName: placeName,
      comparison: isRatio ? { name: '全区', years: district } : undefined,
      lastYear: plan.targetYear,
    }, opts.phone);
    rows.push([`全区（${unitName}）`, ...district.map((d) => d.label)]);
    if (!isRatio) {
      rows.push(['占全区比重', ...years.map((y) => formatShare(opts.series.find((s) => s.year === y.year)?.shareOfDistrict ?? null))]);
    }
    const tableCaption = isRatio ? `${caption}数据（全区目标：${targetLabel(ind)}）` : `${caption}数据`;
    return { id, caption, svg: chart.svg, phoneSvg, description: chart.description, table: { caption: tableCaption, columns, rows } };
  }

  const path = plannedPath(plan, ind);
  const { chart, phoneSvg } = renderings(trendChart, {
    id,
    title: caption,
    subject,
    unit: unitLabel(ind),
    years,
    baseline,
    target: { year: plan.targetYear, value: ind.target, label: targetLabel(ind) },
    plannedPath: path,
  }, opts.phone);
  if (path) rows.push(['按时序进度应达到', ...years.map((y) => formatNumber(path.find((p) => p.year === y.year)?.value ?? null, ind.precision))]);
  const dataBaseline = differingBaseline(ind, opts.series.find((s) => s.year === plan.baselineYear)?.value);
  const note = dataBaseline !== null
    ? `注：${plan.baselineYear}年数值为规划印发的基期值${formatPrinted(ind, ind.baselineText)}；按科室报送数据计算为${formatValue(ind, dataBaseline)}。`
    : firstStepNote(plan, ind, opts.series);
  return {
    id,
    caption,
    ...(note === null ? {} : { note }),
    svg: chart.svg,
    phoneSvg,
    description: chart.description,
    table: { caption: `${caption}数据（规划${plan.targetYear}年目标：${targetLabel(ind)}）`, columns, rows },
  };
}

/**
 * Where the data's own baseline-year figure rounds to the printed baseline but the line's first
 * step, drawn from the printed one, goes the other way from the data's (5 → 4.98 drawn as a
 * fall, 4.956 → 4.983 a rise): a note saying so, with the decimals that show it —
 * `注：2020年数值为规划印发的基期值5张；按科室报送数据计算为4.96张，2021年为4.98张，较之有所提高；图中2020—2021年的下降来自两者的差异。`
 * (the 2023 and 2024 reviews: a dip the data do not have). Null otherwise.
 */
function firstStepNote(plan: Plan, ind: Indicator, series: readonly IndicatorValue[]): string | null {
  const y0 = plan.baselineYear;
  const own = series.find((s) => s.year === y0)?.value;
  const first = series.find((s) => s.year === y0 + 1)?.value;
  if (ind.baseline === null || own == null || first == null || first === own) return null;
  const drawn = Math.sign(first - ind.baseline);
  if (drawn === Math.sign(first - own)) return null;
  // the fewest decimals past the plan's at which the two figures differ
  let d = ind.precision + 1;
  while (d < ind.precision + 3 && roundHalfEven(own, d) === roundHalfEven(first, d)) d++;
  const fmt = (x: number) => `${formatNumber(x, d)}${ind.unit}`;
  const step = drawn === 0 ? '持平' : drawn < 0 ? '下降' : '上升';
  return `注：${y0}年数值为规划印发的基期值${formatPrinted(ind, ind.baselineText)}；按科室报送数据计算为${fmt(own)}，${y0 + 1}年为${fmt(first)}，较之有所${first > own ? '提高' : '下降'}；图中${y0}—${y0 + 1}年的${step}来自两者的差异。`;
}

/** Towns' values of one indicator in `year`, sorted, with the district target as benchmark for ratios. */
export function townFigure(opts: {
  plan: Plan;
  ind: Indicator;
  geography: Geography;
  values: readonly IndicatorValue[];
  year: number;
  figureNo: number;
  idPrefix: string;
  highlight?: string;
  /** Row height in px (charts.ts default 20). */
  step?: number;
  /** Also render the chart for a phone's width. */
  phone?: boolean;
}): Figure {
  const { ind, geography, year, figureNo } = opts;
  const id = `${opts.idPrefix}-towns-${ind.id}`;
  const rows = geography.towns.map((t) => {
    const v = opts.values.find((x) => x.year === year && x.geoCode === t.code && x.indicatorId === ind.id);
    return { town: t, v };
  });
  const caption = `图${figureNo} 各镇街${nameAfterPlace(ind)}（${year}年）`;
  const isRatio = ind.aggregation === 'ratio';
  const spec = townSpec({ unit: unitLabel(ind), precision: ind.precision });
  const { chart, phoneSvg } = renderings(townBarChart, {
    id,
    title: caption,
    subject: `各镇街${nameAfterPlace(ind)}`,
    unit: spec.unit,
    // Shown in the towns' unit (人 where the district counts 万人), bars on the same scale
    towns: rows.map(({ town, v }) => ({ name: town.name, value: v?.value == null ? null : v.value * 10 ** (spec.shift ?? 0), label: formatFigure(spec, v?.value ?? null) })),
    benchmark: isRatio ? { value: ind.target, label: targetLabel(ind) } : undefined,
    highlight: opts.highlight,
    step: opts.step,
  }, opts.phone);
  const sorted = [...rows].sort((a, b) => (b.v?.value ?? -Infinity) - (a.v?.value ?? -Infinity) || a.town.order - b.town.order);
  const columns = ['镇街', `${year}年（${spec.unit || '比值'}）`, isRatio ? '对照全区目标' : '占全区比重', '较上年'];
  const tableRows = sorted.map(({ town, v }) => [
    town.name,
    formatFigure(spec, v?.value ?? null),
    isRatio ? (v?.benchmark ?? MISSING) : formatShare(v?.shareOfDistrict ?? null),
    // The difference of the two printed values, as the narrative and the town report write it.
    formatSignedFigure(spec, v?.value != null && v.changeOnLastYear !== null ? difference(v.value - v.changeOnLastYear, v.value) : null),
  ]);
  return { id, caption, svg: chart.svg, phoneSvg, description: chart.description, table: { caption: `${caption}数据`, columns, rows: tableRows } };
}

/** A share (fraction) as a per cent with one decimal: 0.125 → `12.5%` (as the narrative writes it: `formatPercent`). */
export function formatShare(x: number | null): string {
  return formatPercent(x);
}

/** A signed change: `+1.2`, `-3`, `0`. */
export function formatSigned(x: number | null, precision: number): string {
  if (x === null) return MISSING;
  const s = formatNumber(x, precision);
  return /^-/.test(s) || /^0(\.0*)?$/.test(s) ? s : `+${s}`;
}

export function statusFigure(opts: { tally: StatusTally; figureNo: number; idPrefix: string; year: number; phone?: boolean }): Figure {
  const { tally, figureNo, year } = opts;
  const id = `${opts.idPrefix}-status`;
  const caption = `图${figureNo} ${year}年主要指标进度评价`;
  const items = PLAN_STATUSES.map((status) => ({ status, count: tally.all[status], fg: STATUS_COLORS[status].fg, bg: STATUS_COLORS[status].bg }));
  const { chart, phoneSvg } = renderings(statusChart, { id, title: caption, items }, opts.phone);
  return {
    id,
    caption,
    svg: chart.svg,
    phoneSvg,
    description: chart.description,
    table: {
      caption: `${caption}数据`,
      columns: ['进度评价', '指标数（项）', '其中约束性指标（项）'],
      rows: [
        ...PLAN_STATUSES.map((status) => [status, String(tally.all[status]), String(tally.binding[status])]),
        ['合计', String(tally.total), String(tally.bindingTotal)],
      ],
    },
  };
}

/** Town × indicator grid of the ratio indicators' benchmark judgement in `year`. */
export function heatmapFigure(opts: { plan: Plan; geography: Geography; values: readonly IndicatorValue[]; year: number; figureNo: number; idPrefix: string; phone?: boolean }): Figure {
  const { plan, geography, values, year, figureNo } = opts;
  const id = `${opts.idPrefix}-heatmap`;
  const inds = plan.indicators.filter((i) => i.level === 'DT' && i.aggregation === 'ratio');
  const caption = `图${figureNo} ${year}年各镇街比率类指标对照全区目标情况`;
  const short = (s: string | null) => (s === '达到全区目标水平' ? '达标' : s === '未达到全区目标水平' ? '未达' : MISSING);
  const cellsOf = (text: (s: string | null) => string) => {
    const cells: HeatmapInput['cells'] = [];
    for (const t of geography.towns) {
      for (const i of inds) {
        const v = values.find((x) => x.year === year && x.geoCode === t.code && x.indicatorId === i.id);
        const status = v?.value === null || v === undefined ? null : v.benchmark;
        if (status === null) continue;
        const color = STATUS_COLORS[status];
        cells.push({ row: t.code, column: String(i.id), text: text(status), fg: color.fg, bg: color.bg });
      }
    }
    return cells;
  };
  const input: HeatmapInput = {
    id,
    title: caption,
    rows: geography.towns.map((t) => ({ key: t.code, label: t.name })),
    columns: inds.map((i) => ({ key: String(i.id), label: String(i.id) })),
    cells: cellsOf(short),
    columnTitle: '指标序号',
    legend: [
      { text: '达标', label: '达到全区目标水平' },
      { text: '未达', label: '未达到全区目标水平' },
    ],
  };
  // On a phone: one character per cell (达 / 未), so 11 columns fit its width.
  const phoneShort = (s: string | null) => short(s).slice(0, 1);
  const { chart, phoneSvg } = renderings(heatmap, input, opts.phone, {
    cells: cellsOf(phoneShort),
    legend: input.legend!.map((l) => ({ ...l, text: phoneShort(l.label) })),
    minCellWidth: 24,
  });
  const table: DataTable = {
    caption: `${caption}数据（“达标”指达到全区目标水平）`,
    columns: ['镇街', ...inds.map((i) => `${i.id} ${i.name}`)],
    rows: geography.towns.map((t) => [
      t.name,
      ...inds.map((i) => {
        const v = values.find((x) => x.year === year && x.geoCode === t.code && x.indicatorId === i.id);
        return v?.value == null ? MISSING : `${formatNumber(v.value, i.precision)}（${short(v.benchmark)}）`;
      }),
    ]),
  };
  return { id, caption, svg: chart.svg, phoneSvg, description: chart.description, table };
}

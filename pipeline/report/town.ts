/**
 * A town's annual evaluation report (镇街分报告) as a view: the district report's skeleton
 * restricted to the indicators the plan computes for towns (level DT), each compared with
 * the district value and, the plan setting no town targets, with the district target as a
 * benchmark (evaluation.md): ratio indicators 达到/未达到全区目标水平 with their rank among the
 * towns, counts as a share of the district total; both with the change on last year.
 * As in report-model.ts, every text and number is computed here (numbers via format.ts),
 * so `town-report.hbs` only lays them out.
 *
 * Decisions:
 * - 三、主要任务进展 keeps every heading of the plan's 第三部分 (the district report's tree);
 *   a section whose indicators are district-only says so and names them. The key-task
 *   ledger is the district's (区级牵头单位), so its tables stay in the district report.
 * - Counts are not ranked (evaluate.ts ranks ratio indicators only: a count measures the
 *   town's size); the rank column shows “/” (不适用) for them, “—” only for missing data.
 * - Changes on last year are differences of the printed values (format.ts
 *   `difference`), as in the narrative, so table, facts and sentences agree.
 * - Problems and recommendations are generated from the town's own gaps. The district's
 *   recommendation templates (`recommendations.txt`) speak of completion and time progress,
 *   which towns do not have, so they are not reused here.
 */
import { statusChart } from '../present/charts.ts';
import type { IndicatorValue } from '../evaluate/evaluate.ts';
import { difference, formatChange, formatDelta, formatDifference, formatNumber, formatPercent, formatTarget, formatValue, chineseNumeral, MISSING } from '../basics/format.ts';
import type { Geography, Place } from '../plan/geography.ts';
import { townSentence } from '../present/narrative.ts';
import type { Chapter, Indicator, Plan } from '../plan/plan.ts';
import { FigureCounter, formatShare, townFigure, trendFigure, type DataTable, type Figure } from '../present/figures.ts';
import { badge, STATUS_COLORS, type StatusBadge } from '../present/status.ts';
import {
  definitionRows, HeadingList, reportTitle, ROUNDING_METHOD, TOWN_METHOD, townValuesTable,
  type Heading, type IndicatorBlock, type SectionView,
} from './district.ts';
import { ValueIndex } from '../present/value-index.ts';

/** Written in the rank column for counts, which are not ranked (不适用). */
export const NOT_RANKED = '/';

export interface TownIndicatorRow {
  anchor: string;
  number: string;
  name: string;
  star: string;
  unit: string;
  value: string;
  district: string;
  target: string;
  /** Ratio indicators: the benchmark judgement as a badge; counts: null (see `share`). */
  benchmark: StatusBadge | null;
  /** Counts: share of the district total; ratio indicators: empty. */
  share: string;
  rank: string;
  change: string;
}

export interface TownReportView {
  lang: 'zh-CN';
  kind: 'town';
  year: number;
  town: { code: string; name: string };
  /** `大兴区“十四五”时期民政事业发展规划2023年度实施评估报告（清源街道）` */
  title: string;
  runningHeader: string;
  cover: { lines: string[]; place: string | null; issuer: string; dataDate: string; note: string };
  toc: Heading[];
  overview: { heading: Heading; paragraphs: string[]; figure: Figure; districtNote: string };
  table: { heading: Heading; caption: string; columns: string[]; rows: TownIndicatorRow[]; notes: string[] };
  tasks: { heading: Heading; intro: string; sections: SectionView[] };
  problems: { heading: Heading; items: string[] };
  recommendations: { heading: Heading; intro: string; items: string[] };
  appendix: {
    heading: Heading;
    definitions: { heading: Heading; table: DataTable };
    method: { heading: Heading; paragraphs: string[]; table: DataTable };
    towns: { heading: Heading; table: DataTable };
  };
  links: {
    pdf: string | null;
    district: string;
    /** The other towns' reports of the year (screen only). */
    towns: { name: string; href: string }[];
    townsIntro: string;
  };
}

export interface TownReportInput {
  plan: Plan;
  geography: Geography;
  year: number;
  town: Place;
  values: ValueIndex;
  /** The PDF, relative to the page; null when no PDF is printed. */
  pdfHref: string | null;
  /** The district report of the year, relative to the page. */
  districtHref: string;
  /** Another town's report of the year, relative to the page. */
  townHref: (code: string) => string;
}

/** One indicator of the town in `year`, with what the report compares it with. */
interface TownFact {
  ind: Indicator;
  v: IndicatorValue | undefined;
  district: IndicatorValue | undefined;
  value: number | null;
  /** Change on last year as printed (difference of the rounded values); null without both years. */
  change: number | null;
}

const quoted = (ind: Indicator) => `“${ind.name}”`;
/** Adjacent quotations run together (GB/T 15834): “A”“B”. */
const names = (inds: readonly Indicator[]) => inds.map(quoted).join('');
const count = (n: number) => formatNumber(n, 0);
/** At most `max` names, then 等N项指标: “A”“B”“C”等5项指标. */
const someNames = (inds: readonly Indicator[], max = 3) =>
  inds.length <= max ? names(inds) : `${names(inds.slice(0, max))}等${count(inds.length)}项指标`;
const isRatio = (ind: Indicator) => ind.aggregation === 'ratio';
/** The district target as the plan prints it, in words: `不低于80%`, `7张`. */
const targetPhrase = (ind: Indicator) => formatTarget(ind, { words: true });
/** `在22个镇街中居第3位` */
const rankPhrase = (v: IndicatorValue) => `在${count(v.rankOf!)}个镇街中居第${count(v.rank!)}位`;

/** Indicators a town report covers: those the plan computes for towns too (level DT). */
export function townIndicators(plan: Plan): Indicator[] {
  return plan.indicators.filter((i) => i.level === 'DT');
}

function townFacts(input: TownReportInput): TownFact[] {
  const { plan, year, town, values } = input;
  return townIndicators(plan).map((ind) => {
    const v = values.get(year, town.code, ind.id);
    const prev = values.get(year - 1, town.code, ind.id);
    const value = v?.value ?? null;
    return { ind, v, district: values.districtValue(year, ind.id), value, change: difference(prev?.value, value) };
  });
}

// ---- 一、总体评价 ------------------------------------------------------------------

function overviewParagraphs(geography: Geography, year: number, townName: string, facts: readonly TownFact[]): string[] {
  const ratios = facts.filter((f) => isRatio(f.ind));
  const counts = facts.filter((f) => !isRatio(f.ind));
  const out: string[] = [];
  out.push(
    `${year}年，${townName}参与镇街层面评价的指标共${count(facts.length)}项，其中比率类指标${count(ratios.length)}项、总量类指标${count(counts.length)}项。` +
      `规划未对镇街分解目标：比率类指标以全区目标为参照，判断是否达到全区目标水平；总量类指标看${townName}占全区的比重和较上年变化。`,
  );

  // Ratio indicators: benchmark, against the district value
  if (ratios.length > 0) {
    const reached = ratios.filter((f) => f.v?.benchmark === '达到全区目标水平').map((f) => f.ind);
    const below = ratios.filter((f) => f.v?.benchmark === '未达到全区目标水平').map((f) => f.ind);
    const missing = ratios.filter((f) => f.value === null).map((f) => f.ind);
    let s: string;
    if (reached.length === ratios.length) s = `${count(ratios.length)}项比率类指标，${townName}均达到全区目标水平。`;
    else if (below.length === ratios.length) s = `${count(ratios.length)}项比率类指标，${townName}均未达到全区目标水平。`;
    else {
      // The reached ones are counted (chart and table name them), the gaps named.
      const parts = [reached.length ? `${count(reached.length)}项达到全区目标水平` : '没有指标达到全区目标水平'];
      if (below.length) parts.push(`${count(below.length)}项未达到（${someNames(below)}）`);
      if (missing.length) parts.push(`${count(missing.length)}项缺少数据（${someNames(missing)}）`);
      s = `比率类指标中，${townName}${parts.join('，')}。`;
    }
    const gaps = ratios.map((f) => difference(f.district?.value, f.value)).filter((d): d is number => d !== null);
    if (gaps.length > 0) {
      const higher = gaps.filter((d) => d > 0).length;
      const lower = gaps.filter((d) => d < 0).length;
      const same = gaps.length - higher - lower;
      const parts = [[higher, '高于全区水平'], [lower, '低于全区水平'], [same, '与全区持平']].filter(([n]) => n).map(([n, what]) => `${count(n as number)}项${what}`);
      s += `与全区水平相比，${parts.join('，')}。`;
    }
    out.push(s);

    // Best and weakest ranks
    const ranked = ratios.filter((f) => f.v?.rank != null && f.v.rankOf != null);
    if (ranked.length > 0) {
      const best = Math.min(...ranked.map((f) => f.v!.rank!));
      const worst = Math.max(...ranked.map((f) => f.v!.rank!));
      const at = (r: number) => ranked.filter((f) => f.v!.rank === r);
      const clause = (fs: TownFact[]) => `${someNames(fs.map((f) => f.ind))}（${rankPhrase(fs[0]!.v!)}）`;
      out.push(
        best === worst
          ? `从位次看，${townName}各项比率类指标的位次均为第${count(best)}位：${clause(at(best))}。`
          : `从位次看，${townName}位次最靠前的是${clause(at(best))}，最靠后的是${clause(at(worst))}。`,
      );
    }
  }

  // Counts: share of the district total
  if (counts.length > 0) {
    const shared = counts.filter((f) => f.v?.shareOfDistrict != null).sort((a, b) => b.v!.shareOfDistrict! - a.v!.shareOfDistrict!);
    const missing = counts.filter((f) => f.value === null).map((f) => f.ind);
    const n = geography.towns.length;
    if (shared.length > 0) {
      const top = shared[0]!;
      const low = shared[shared.length - 1]!;
      const average = 1 / n;
      const above = shared.filter((f) => f.v!.shareOfDistrict! >= average).length;
      let s = `总量类指标中，${townName}占全区比重最高的是${quoted(top.ind)}（${formatPercent(top.v!.shareOfDistrict)}）`;
      if (shared.length > 1) s += `，最低的是${quoted(low.ind)}（${formatPercent(low.v!.shareOfDistrict)}）`;
      s += `；按${count(n)}个镇街平均，每个镇街约占全区的${formatPercent(average)}，${townName}有${count(above)}项达到或超过这一平均比重`;
      if (missing.length) s += `；${someNames(missing)}缺少数据`;
      out.push(`${s}。`);
    } else if (missing.length === counts.length) {
      out.push(`总量类指标均缺少${townName}的数据。`);
    }
  }

  // Change on last year
  const compared = facts.filter((f) => f.change !== null);
  if (compared.length === 0) {
    out.push(`各项指标缺少${year - 1}年的可比数据，本年度不作较上年比较。`);
  } else {
    const up = compared.filter((f) => f.change! > 0);
    const down = compared.filter((f) => f.change! < 0);
    const flat = compared.length - up.length - down.length;
    const parts = [`${count(up.length)}项指标上升`, `${count(down.length)}项下降${down.length ? `（${someNames(down.map((f) => f.ind))}）` : ''}`];
    if (flat) parts.push(`${count(flat)}项持平`);
    const none = facts.length - compared.length;
    out.push(`与${year - 1}年相比，${parts.join('，')}${none ? `；${count(none)}项缺少可比数据` : ''}。`);
  }
  return out;
}

/** The town's ratio indicators per benchmark judgement: chart and table. */
function benchmarkFigure(year: number, townName: string, facts: readonly TownFact[], figureNo: number): Figure {
  const ratios = facts.filter((f) => isRatio(f.ind));
  const statuses = ['达到全区目标水平', '未达到全区目标水平', '无法评估'] as const;
  const groups = statuses.map((status) => ({
    status,
    inds: ratios.filter((f) => (f.value === null ? '无法评估' : f.v?.benchmark) === status).map((f) => f.ind),
  }));
  const id = 'town-benchmark';
  const caption = `图${figureNo} ${year}年${townName}比率类指标对照全区目标情况`;
  const chart = statusChart({
    id,
    title: caption,
    items: groups.map((g) => ({ status: g.status, count: g.inds.length, fg: STATUS_COLORS[g.status].fg, bg: STATUS_COLORS[g.status].bg })),
  });
  return {
    id,
    caption,
    svg: chart.svg,
    description: chart.description,
    table: {
      caption: `${caption}数据`,
      columns: ['对照全区目标', '指标数（项）', '指标'],
      rows: [
        ...groups.map((g) => [g.status, count(g.inds.length), g.inds.length ? g.inds.map((i) => `${i.id} ${i.name}`).join('、') : MISSING]),
        ['合计', count(ratios.length), ''],
      ],
    },
  };
}

// ---- 二、主要指标完成情况 ----------------------------------------------------------

function tableRow(f: TownFact): TownIndicatorRow {
  const { ind, v } = f;
  const ratio = isRatio(ind);
  let rank: string;
  if (!ratio) rank = NOT_RANKED;
  else if (v?.rank == null || v.rankOf == null) rank = MISSING;
  else rank = formatNumber(v.rank, 0);
  return {
    anchor: `ind-${ind.id}`,
    number: String(ind.id),
    name: ind.name,
    star: ind.isBinding ? '★' : '',
    unit: ind.unit || '—',
    value: formatNumber(f.value, ind.precision),
    district: formatNumber(f.district?.value ?? null, ind.precision),
    target: formatTarget(ind),
    benchmark: ratio ? badge(f.value === null ? '无法评估' : (v?.benchmark ?? '无法评估')) : null,
    share: ratio ? '' : formatShare(v?.shareOfDistrict ?? null),
    rank,
    change: formatDelta(ind, f.change),
  };
}

// ---- 三、主要任务进展 --------------------------------------------------------------

function factsOf(f: TownFact, year: number): { label: string; value: string }[] {
  const { ind, v } = f;
  const out = [
    { label: `${year}年镇街值`, value: formatValue(ind, f.value) },
    { label: '全区值', value: formatValue(ind, f.district?.value ?? null) },
    { label: '全区目标', value: formatTarget(ind, { unit: true }) },
  ];
  if (isRatio(ind)) {
    out.push({ label: '对照全区目标', value: f.value === null ? '无法评估' : (v?.benchmark ?? '无法评估') });
    out.push({ label: '位次', value: v?.rank != null && v.rankOf != null ? `第${count(v.rank)}位（共${count(v.rankOf)}个镇街）` : MISSING });
  } else {
    out.push({ label: '占全区比重', value: formatShare(v?.shareOfDistrict ?? null) });
  }
  out.push({ label: '较上年', value: formatDelta(ind, f.change) });
  return out;
}

/**
 * Print layout of 三: each indicator (text, trend, town chart: about a page) starts a page,
 * together with the headings of the sections it opens; sections without town indicators
 * (a note each) run on below the previous indicator. `afterBreak`: the first of `sections`
 * directly follows a heading that already starts a page.
 */
function markPageStarts(sections: readonly SectionView[], afterBreak: boolean): void {
  const opensWithIndicator = (s: SectionView): boolean => s.indicators.length > 0 || (s.children.length > 0 && opensWithIndicator(s.children[0]!));
  sections.forEach((s, i) => {
    s.pageStart = opensWithIndicator(s) && !(i === 0 && afterBreak);
    s.indicators.forEach((b, j) => (b.pageStart = j > 0));
    markPageStarts(s.children, s.indicators.length === 0 && (s.pageStart === true || (i === 0 && afterBreak)));
  });
}

// ---- 四、存在问题 / 五、下一步工作建议 -----------------------------------------------

interface Gaps {
  /** Ratio indicators below the district target, most serious first (binding, then furthest below). */
  below: TownFact[];
  falling: TownFact[];
  /** Counts (not cumulative) still at zero. */
  zero: TownFact[];
  missing: TownFact[];
}

function gapsOf(facts: readonly TownFact[]): Gaps {
  const below = facts
    .filter((f) => isRatio(f.ind) && f.value !== null && f.v?.benchmark === '未达到全区目标水平')
    .sort((a, b) => Number(b.ind.isBinding) - Number(a.ind.isBinding) || a.value! / a.ind.target - b.value! / b.ind.target);
  return {
    below,
    falling: facts.filter((f) => f.change !== null && f.change < 0),
    zero: facts.filter((f) => !isRatio(f.ind) && !f.ind.isCumulative && f.value !== null && difference(0, f.value) === 0),
    missing: facts.filter((f) => f.value === null),
  };
}

function problemItems(year: number, townName: string, gaps: Gaps): string[] {
  const items: string[] = [];
  for (const f of gaps.below) {
    const { ind, v } = f;
    const gap = formatDifference(ind, difference(f.value, ind.target));
    const half = f.value! < 0.5 * ind.target ? '，不足全区目标的一半' : '';
    const rank = v?.rank != null && v.rankOf != null ? `，${rankPhrase(v)}` : '';
    const binding = ind.isBinding ? '约束性指标' : '';
    items.push(`${binding}${quoted(ind)}未达到全区目标水平：${townName}${year}年为${formatValue(ind, f.value)}，全区目标为${targetPhrase(ind)}，相差${gap}${half}${rank}。`);
  }
  if (gaps.falling.length > 0) {
    const list = gaps.falling.map((f) => `${quoted(f.ind)}（${formatChange(f.ind, f.value! - f.change!, f.value)}）`).join('、');
    items.push(`较${year - 1}年下降的指标${count(gaps.falling.length)}项：${list}。`);
  }
  if (gaps.zero.length > 0) {
    items.push(`${names(gaps.zero.map((f) => f.ind))}${gaps.zero.length > 1 ? `${count(gaps.zero.length)}项指标` : ''}在${townName}仍为零。`);
  }
  if (gaps.missing.length > 0) {
    const list = gaps.missing.length > 6 ? someNames(gaps.missing.map((f) => f.ind), 6) : `${names(gaps.missing.map((f) => f.ind))}${count(gaps.missing.length)}项指标`;
    items.push(`${list}缺少${townName}${year}年的数据，本年度无法评估（见表1中的“${MISSING}”）。`);
  }
  if (items.length === 0) {
    items.push(`${year}年${townName}参与评价的比率类指标均达到全区目标水平，各项指标较上年没有下降，数据齐全，未发现需要重点关注的问题。`);
  }
  return items;
}

function recommendationItems(plan: Plan, year: number, townName: string, gaps: Gaps): string[] {
  const final = year >= plan.targetYear;
  const items: string[] = [];
  for (const f of gaps.below) {
    const { ind, v } = f;
    const gap = formatDifference(ind, difference(f.value, ind.target));
    const lowRank = v?.rank != null && v.rankOf != null && v.rank > 0.75 * v.rankOf ? `，位次靠后（第${count(v.rank)}位）` : '';
    const action = final ? '应查找原因，尽快补齐短板' : '应制定年度达标计划，逐年缩小差距';
    items.push(`对照全区目标（${targetPhrase(ind)}），加快提升${quoted(ind)}：距全区目标还差${gap}${lowRank}，${action}。`);
  }
  if (gaps.falling.length > 0) {
    items.push(`分析${names(gaps.falling.map((f) => f.ind))}较上年下降的原因，采取针对性措施，防止继续下滑。`);
  }
  if (gaps.zero.length > 0) {
    items.push(`推动${names(gaps.zero.map((f) => f.ind))}实现零的突破，结合本镇街实际明确建设时序。`);
  }
  if (gaps.missing.length > 0) {
    const what = gaps.missing.length > 1 ? `${names(gaps.missing.slice(0, 6).map((f) => f.ind))}等${count(gaps.missing.length)}项指标` : `${quoted(gaps.missing[0]!.ind)}指标`;
    items.push(`落实数据报送责任，补齐${what}的镇街数据，确保下一年度能够评估。`);
  }
  if (gaps.below.length === 0) {
    items.push(`巩固${townName}比率类指标达到全区目标水平的成果，总结经验做法，在全区推广。`);
  }
  const next = final ? '下一阶段' : `${year + 1}年度`;
  items.push(`将上述事项纳入${townName}${next}民政工作计划，明确责任人和完成时限；全区层面的工作建议见全区报告“五、下一步工作建议”。`);
  return items;
}

// ---- the view ------------------------------------------------------------------------

/** Build the report view of one town for `year`. */
export function townReport(input: TownReportInput): TownReportView {
  const { plan, geography, year, town, values } = input;
  const H = new HeadingList();
  const figures = new FigureCounter();
  const facts = townFacts(input);
  const factById = new Map(facts.map((f) => [f.ind.id, f]));
  const ofYear = values.ofYear(year);
  const title = reportTitle(plan, year, town.name);
  const nTowns = geography.towns.length;

  // 一、总体评价
  const overviewHeading = H.add('overview', '一、总体评价', 1);
  const overviewFigure = benchmarkFigure(year, town.name, facts, figures.next());

  // 二、主要指标完成情况
  const tableHeading = H.add('indicators', '二、主要指标完成情况', 1);

  // 三、主要任务进展: every heading of the plan's 第三部分, the town's indicators under theirs
  const tasksHeading = H.add('tasks', '三、主要任务进展', 1);
  const part3 = plan.parts.find((p) => p.number === '第三部分')!;
  const inPart3 = (ch: Chapter): number[] => [...ch.indicatorIds, ...ch.children.flatMap(inPart3)];
  const notForTowns = inPart3(part3).map((id) => plan.indicatorById.get(id)!).filter((i) => i.level !== 'DT').sort((a, b) => a.id - b.id);
  const section = (ch: Chapter, level: number): SectionView => {
    const heading = H.add(`sec-${ch.id}`, ch.number + ch.title, level);
    const own = ch.indicatorIds.map((id) => plan.indicatorById.get(id)!);
    const districtOnly = own.filter((i) => i.level !== 'DT');
    const blocks = own.filter((i) => i.level === 'DT').map((ind): IndicatorBlock => {
      const f = factById.get(ind.id)!;
      const blockHeading = H.add(`ind-${ind.id}-detail`, `${ind.isBinding ? '★' : ''}指标${ind.id} ${ind.name}`, level + 1);
      const trend = trendFigure({
        plan, ind, series: values.series(town.code, ind.id, year), year, placeName: town.name,
        figureNo: figures.next(), idPrefix: 'town', district: values.districtSeries(ind.id, year),
      });
      // Rows of 15 px: the chart shares the indicator's page with the trend (print CSS).
      const towns = townFigure({ plan, ind, geography, values: ofYear, year, figureNo: figures.next(), idPrefix: 'town', highlight: town.name, step: 15 });
      return {
        heading: blockHeading,
        isBinding: ind.isBinding,
        paragraph: f.v ? townSentence(plan, ind, f.v, f.district ?? null, town.name) : `${year}年，${town.name}${ind.name.replace(/^全区/, '')}缺少数据，无法评估。`,
        facts: factsOf(f, year),
        trend,
        towns,
        // Said once, in the chapter's introduction: a note under every chart would push it off its page.
        townsNote: null,
      };
    });
    const children = ch.children.map((c) => section(c, level + 1));
    // A section without town indicators says why; district-only indicators beside town ones
    // are named in the chapter's introduction (a note after them would print on a page of its own).
    let note: string | null = null;
    if (blocks.length === 0 && children.length === 0) {
      note = districtOnly.length > 0
        ? `本节${names(districtOnly)}${districtOnly.length > 1 ? `${count(districtOnly.length)}项指标` : '指标'}只统计全区数值，不分镇街评价，其进展见全区报告。`
        : '规划本节未设置量化指标，镇街层面无对应的评价内容。';
    }
    return { heading, indicators: blocks, tasks: [], noIndicatorNote: note, noTaskNote: null, children };
  };
  const sections = part3.children.map((c) => section(c, 2));
  markPageStarts(sections, true);

  // 四、存在问题 and 五、下一步工作建议, from the town's gaps
  const gaps = gapsOf(facts);
  const problemsHeading = H.add('problems', '四、存在问题', 1);
  const recHeading = H.add('recommendations', '五、下一步工作建议', 1);

  // 附录
  const appendixHeading = H.add('appendix', '附录', 1);
  const defHeading = H.add('appendix-definitions', '附录一 指标定义与计算口径', 2);
  const methodHeading = H.add('appendix-method', '附录二 评价方法', 2);
  const townsHeading = H.add('appendix-towns', `附录三 ${year}年各镇街指标一览`, 2);
  const inds = townIndicators(plan);

  return {
    lang: 'zh-CN',
    kind: 'town',
    year,
    town: { code: town.code, name: town.name },
    title,
    runningHeader: `${plan.region}“十四五”民政规划${year}年度实施评估报告（${town.name}）`,
    cover: {
      lines: [plan.title, `${year}年度实施评估报告`, `（${town.name}）`],
      place: null,
      issuer: plan.issuers[plan.issuers.length - 1]!,
      dataDate: `数据截至${year}年12月31日`,
      note: `规划期${plan.period.start}—${plan.period.end}年，本报告为实施第${chineseNumeral(year - plan.baselineYear)}年的年度评估镇街分报告`,
    },
    toc: H.all,
    overview: {
      heading: overviewHeading,
      paragraphs: overviewParagraphs(geography, year, town.name, facts),
      figure: overviewFigure,
      districtNote: `本报告是全区${year}年度实施评估报告的镇街分报告，只报告规划在镇街层面统计的指标；全区各项指标的完成进度、进度评价和重点任务进展见全区报告。`,
    },
    table: {
      heading: tableHeading,
      caption: `表1 ${town.name}“十四五”时期民政事业发展主要指标${year}年情况`,
      columns: ['序号', '指标', '单位', `${year}年镇街值`, '全区值', '全区目标', '对照全区目标 / 占全区比重', `在${count(nTowns)}个镇街中位次`, '较上年'],
      rows: facts.map(tableRow),
      notes: [
        `注：带★的指标为约束性指标。规划未对镇街分解目标，“全区目标”为规划确定的${plan.targetYear}年全区目标值：比率类指标以它为参照，判断是否达到全区目标水平；总量类指标的全区目标是全区总量，镇街报告其占全区的比重。`,
        `位次按比率类指标在有数据的镇街中由高到低排列（1为最高，数值相同的并列）；总量类指标反映镇街规模，不排位次，以“${NOT_RANKED}”表示。较上年为与${year - 1}年相比的变化，按修约后的数值计算。`,
        `“${MISSING}”表示缺少数据，不以零计。`,
      ],
    },
    tasks: {
      heading: tasksHeading,
      intro: `按照规划${part3.number}${part3.title}的结构，逐项报告${town.name}镇街层面指标的进展，并与全区水平和全区目标对照；各镇街分布图的数据见附录三。` +
        (notForTowns.length > 0
          ? `本部分另有${count(notForTowns.length)}项指标只统计全区数值、不分镇街评价（${notForTowns.map((i) => `指标${i.id}`).join('、')}），重点任务由区级部门牵头推进，其进展均见全区报告。`
          : '重点任务由区级部门牵头推进，其进展见全区报告。'),
      sections,
    },
    problems: { heading: problemsHeading, items: problemItems(year, town.name, gaps) },
    recommendations: {
      heading: recHeading,
      intro: `针对${town.name}${year}年指标中的差距，提出下一步工作建议。`,
      items: recommendationItems(plan, year, town.name, gaps),
    },
    appendix: {
      heading: appendixHeading,
      definitions: {
        heading: defHeading,
        table: {
          caption: '表 镇街层面指标的定义、计算口径和数据来源',
          // The district's table without 计算层级: every indicator here is computed for towns.
          columns: ['序号', '指标', '单位', '计算口径', '数据来源（工作表）', '规划章节'],
          rows: definitionRows(inds).map((r) => r.filter((_, i) => i !== 5)),
        },
      },
      method: {
        heading: methodHeading,
        paragraphs: [
          TOWN_METHOD,
          `位次：比率类指标按当年有数据的镇街的数值由高到低排列，1为最高，数值相同的并列（如1、2、2、4）；总量类指标反映镇街规模，不排位次。`,
          '占全区比重 = 镇街数值 ÷ 全区数值。较上年 = 本年度数值 − 上年度数值，两者先按指标精度修约再相减，与表中数值一致。',
          `全区各项指标的完成进度、时序进度、进度评价和${plan.targetYear}预判的方法见全区报告附录二。`,
          ROUNDING_METHOD,
        ],
        table: {
          caption: '表 镇街指标评价标准',
          columns: ['条件', '评价'],
          rows: [
            ['比率类指标，镇街值 ≥ 全区目标值', '达到全区目标水平'],
            ['比率类指标，镇街值 < 全区目标值', '未达到全区目标水平'],
            ['总量类指标', '报告占全区比重和较上年变化，不作达标判断'],
            ['缺少数据', '无法评估'],
          ],
        },
      },
      towns: { heading: townsHeading, table: townValuesTable(plan, geography, ofYear, year) },
    },
    links: {
      pdf: input.pdfHref,
      district: input.districtHref,
      towns: geography.towns.filter((t) => t.code !== town.code).map((t) => ({ name: t.name, href: input.townHref(t.code) })),
      townsIntro: `${year}年度其他镇街分报告：`,
    },
  };
}

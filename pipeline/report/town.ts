/**
 * A town's report (镇街报告, report.md §4): what a town leader reads in five minutes. One
 * table of the indicators that mean something for this kind of town (no village indicator
 * for a 街道, no district facility shown as the town's zero), each against the district
 * and the district target, with its rank (ties stated) and its change since 2020 and on
 * last year; the 3–5 largest shortfalls in absolute terms, naming the communities that
 * lack what an indicator counts; the key tasks that name the town or concern every town;
 * in the plan's last year, the town's record over the period and proposed targets; and a
 * chart only for the trend of its weakest indicators. The 22-town comparisons are on the
 * site, once.
 */
import { difference, formatChange, formatNumber, formatPercent, formatTarget, formatValue, MISSING, NOT_APPLICABLE, roundHalfEven, townSpec, type FormatSpec } from '../basics/format.ts';
import { buildingInTown, communitiesLacking, districtLevelHosted, communityRates, coversBySites, familyCareBeds, namesCommunities, openedBetween, townCoverageMetrics, townHasVillages, townsOfFacilitiesNamed } from '../evaluate/details.ts';
import type { IndicatorValue } from '../evaluate/evaluate.ts';
import { absoluteGap } from '../evaluate/gaps.ts';
import { lostKeyTasks, type KeyTask } from '../evaluate/key-tasks.ts';
import { belowTimePace, taskCause, tasksFor, taskState, taskStateText } from '../evaluate/task-state.ts';
import type { Place } from '../plan/geography.ts';
import type { Indicator } from '../plan/plan.ts';
import { absentTowns } from '../present/absent-towns.ts';
import { doubtfulFigure, doubtfulShareNote, doubtfulTownNote } from '../present/doubtful.ts';
import { FigureCounter, formatShare, trendFigure, trendWorthDrawing } from '../present/figures.ts';
import { bareName, changeCell, decimalsBelowTarget, fallText, figureText, gapMeasure, gapPhrase, items, joinAnd, perYearAmount, quote, rankCell, rankPlace, rankText, seeFigure, townKind, unitText, valueText } from '../present/phrases.ts';
import { coverDate, everyTown, everyTownTask, hostedDistrictLevelText, ledgerMissing, meaningfulFor, taskDoneYear, tasksOf, taskStartYear, townCoverage, TOWNS_WORD, type ReportFacts } from '../present/report-facts.ts';
import { badge } from '../present/status.ts';
import { isComparisonMarked, isMarked, isMarkedThrough, lostTasksSentence, placeCausesText } from '../present/incomplete.ts';
import { keptProposals, proposalFor } from '../present/final-text.ts';
import { splitChosen, splitOf } from './town-split.ts';
import { ownNeed } from '../evaluate/proposals.ts';
import { fallFromMix, facilitiesStillStopped, facilitiesStopped, facilitiesStoppedInPeriod, mixShiftText, numeratorByType, risesWithinTypes, sameGap, tasksMissingPlaces, townsMostBehind } from '../present/themes.ts';
import { townRejectsText } from '../present/data-quality.ts';
import { EDITION_NAMES, Headings, para, section, type Block, type Cell, type DocSection, type ReportDocument } from './document.ts';
import { INCOMPLETE_MARK } from './tables.ts';

/** How a change in a town's tables is rounded: once, from the unrounded values. */
const ROUNDED_CHANGE_NOTE = '变化按未修约的数值计算后修约一次，可能与表中两数之差相差一个末位；不为零而修约后为零的，写作“略有增加”“略有下降”。';

export interface TownReportInput {
  facts: ReportFacts;
  town: Place;
  pdfHref: string | null;
  districtHref: string;
}

interface Fact {
  ind: Indicator;
  v: IndicatorValue | undefined;
  district: IndicatorValue | undefined;
  base: IndicatorValue | undefined;
  /** Numerator units missing to the district target (ratios below it). */
  gap: number | null;
}

/** The indicators a town's report shows: measured for towns and meaningful for this kind of town. */
export function townIndicators(f: ReportFacts, town: Place): Indicator[] {
  return f.plan.indicators.filter((ind) => meaningfulFor(ind, town));
}

function factsOf(f: ReportFacts, town: Place): Fact[] {
  return townIndicators(f, town).map((ind) => {
    const v = f.values.get(f.year, town.code, ind.id);
    return {
      ind,
      v,
      district: f.values.districtValue(f.year, ind.id),
      base: f.values.get(f.plan.baselineYear, town.code, ind.id),
      gap: v && ind.aggregation === 'ratio' ? absoluteGap(ind, v, ind.target) : null,
    };
  });
}

const isRatio = (ind: Indicator) => ind.aggregation === 'ratio';

/** The ratios without a value (their data missing): neither reached nor not, said as such. */
const unjudgedRatios = (facts: readonly Fact[]) => facts.filter((x) => isRatio(x.ind) && x.v?.value == null);

/** Closings said together: those of earlier years still stopped, then the year's own. */
function joinStopped(...xs: ({ text: string; facilities: string } | null)[]): { text: string; facilities: string } | null {
  const said = xs.filter((x): x is { text: string; facilities: string } => x !== null);
  return said.length ? { text: said.map((x) => x.text).join('；'), facilities: said.map((x) => x.facilities).join('；') } : null;
}

/** The marked columns in the table’s order. */
function inTableOrder(columns: ReadonlySet<string>, baselineYear: number): string[] {
  return ['全区', '位次', `较${baselineYear}年`, '较上年'].filter((c) => columns.has(c));
}

/** What the marked columns rest on: `全区`, `其他镇街`, `往年`, in that order. */
function basisText(columns: ReadonlySet<string>, baselineYear: number): string {
  const on = [
    columns.has('全区') ? '全区' : '',
    columns.has('位次') ? '其他镇街' : '',
    columns.has(`较${baselineYear}年`) || columns.has('较上年') ? '往年' : '',
  ].filter(Boolean);
  return on.length > 1 ? `${on.slice(0, -1).join('、')}或${on[on.length - 1]}` : on[0]!;
}

/** The one table: town, district, target, rank, change since the baseline and on last year, benchmark. */
function indicatorTable(f: ReportFacts, town: Place, facts: readonly Fact[]): Block {
  // figures made from others' values, one of them marked: marked too (the sixth workbook attack:
  // a rank, a share, a change published unmarked beside another town's or year's lost rows)
  // the columns that carry such a mark, for the note to name only those (the final review: 两列变化
  // named where every 2025 change was unmarked, the values themselves marked)
  const markedColumns = new Set<string>();
  const markIf = (marked: boolean, column: string) => {
    if (!marked) return undefined;
    markedColumns.add(column);
    return INCOMPLETE_MARK;
  };
  // in the plan's first year last year is the baseline: one column of change, not two the same (the 2021 review)
  const firstYear = f.year - 1 === f.plan.baselineYear;
  const rows: Cell[][] = facts.map(({ ind, v, district, base }) => {
    const spec = townSpec(ind);
    const prev = f.values.get(f.year - 1, town.code, ind.id);
    const judged = isRatio(ind) ? (v?.value == null ? '无法评估' : (v.benchmark ?? '无法评估')) : null;
    return [
      { text: `${ind.isBinding ? '★' : ''}${bareName(ind)}（${unitText(ind, 'town') || '比值'}）`, header: true },
      { text: figureText(ind, v), num: true, strong: true, mark: isMarked(v) ? INCOMPLETE_MARK : undefined },
      // on a phone's card each says what it is, and a count's card leaves out the cells a count has none of (a site review)
      isRatio(ind)
        ? { text: figureText(ind, district), num: true, mark: markIf(isMarked(district), '全区'), cardLabel: '全区' }
        : { text: formatShare(v?.shareOfDistrict ?? null), num: true, mark: markIf(isComparisonMarked(v, 'share'), '全区'), cardLabel: '占全区' },
      { text: isRatio(ind) ? formatTarget(ind) : MISSING, num: true, cardHide: !isRatio(ind) },
      { text: isRatio(ind) ? rankCell(v) : NOT_APPLICABLE, num: true, mark: markIf(isRatio(ind) && isComparisonMarked(v, 'rank'), '位次'), cardHide: !isRatio(ind) },
      // a count over the period starts from 0 (evaluation.md): its change since the baseline is itself, not '—', which the notes say is missing data (the 2022 review)
      { text: periodChange(ind, spec, base, v), num: true, mark: markIf((!ind.isCumulative && isMarkedThrough(v, base)) || (firstYear && isComparisonMarked(v, 'change')), `较${f.plan.baselineYear}年`) },
      ...(firstYear ? [] : [{ text: changeCell(spec, prev?.value, v?.value), num: true, mark: markIf(isComparisonMarked(v, 'change'), '较上年') }]),
      judged ? { text: judged, badge: badge(judged) ?? undefined, mark: isMarked(v) ? INCOMPLETE_MARK : undefined } : { text: '—', cardHide: true },
    ];
  });
  // indicators the district counts in 万人 and a town in 人 (townSpec)
  const inPersons = facts.filter((x) => townSpec(x.ind).unit !== x.ind.unit);
  return {
    table: {
      caption: `${town.name}主要指标（${f.year}年）`,
      columns: ['指标（单位）', `本${town.type}`, '全区（比率）/占全区（总量）', '全区目标', '位次', `较${f.plan.baselineYear}年`, ...(firstYear ? [] : ['较上年']), '对照全区目标'],
      rows,
      className: 'town-indicators compact',
      // on a phone each indicator a card, its verdict beside its name: scrolled sideways, 对照全区目标
      // had been out of view (the final review)
      stack: true,
      notes: [
        `注：★为约束性指标。规划未对镇街设定目标，比率类指标以全区目标为参照；总量类指标给出占全区的比重，不排位次（“${NOT_APPLICABLE}”）。位次在${facts.some((x) => isRatio(x.ind) && x.v?.rankOf != null && x.v.rankOf < f.geography.towns.length) ? '有数据的镇街' : `${formatNumber(f.geography.towns.length)}个镇街`}中按显示的数值排列，数值相同的并列。${inPersons.length ? `${inPersons.map((x) => quote(bareName(x.ind))).join('')}全区以${joinAnd([...new Set(inPersons.map((x) => x.ind.unit))])}计，镇街以${joinAnd([...new Set(inPersons.map((x) => townSpec(x.ind).unit))])}计。` : ''}${ROUNDED_CHANGE_NOTE}`,
        ...facts.flatMap(({ ind, v }) => {
          // a ratio printed as the district target while below it (evaluation.md judges unrounded values)
          const decimals = isRatio(ind) && v?.value != null ? decimalsBelowTarget(ind, v.value) : null;
          return decimals === null ? [] : [`${quote(bareName(ind))}为${formatNumber(v!.value!, decimals)}${ind.unit}，低于全区目标${formatTarget(ind, { unit: true })}（表中修约后为${figureText(ind, v)}）。`];
        }),
        // a district-level facility the formula counts in its host town, said (兴丰's 2, 8.7 % of the district, one of them the district's centre: the 2025 town review)
        ...facts.flatMap(({ ind, v }) => hostedDistrictLevelText(f.data, ind, v, town) ?? []),
        ...(facts.some((x) => isMarked(x.v)) ? [townIncompleteNote(f, town, facts)] : []),
        ...(markedColumns.size ? [`${inTableOrder(markedColumns, f.plan.baselineYear).map((c) => `“${c}”`).join('')}${['', '', '两', '三', '四'][markedColumns.size]}列中标“${INCOMPLETE_MARK}”的，所依据的${basisText(markedColumns, f.plan.baselineYear)}的数值不完整（见全区报告的数据质量附录），仅供参考。`] : []),
        ...(facts.some((x) => x.v?.value === null) ? [townMissingNote(f, town, facts)] : []),
        ...facts.flatMap(({ ind }) => doubtfulTownNote(f, ind, town.code) ?? []),
        // a share of a district total that rests on another town's figure to check: said, with the share at last year's figure (the reviews of the flawed sample)
        ...facts.flatMap(({ ind }) => (isRatio(ind) ? [] : (doubtfulShareNote(f, ind, town.code, `本${town.type}`) ?? []))),
      ],
    },
  };
}

/**
 * The footnote of the marked values (evaluation.md): what was left out of this town's
 * figures, named by sheet and department with the indicators each touches — a file that
 * could not be read once, as it touches them all; no file names or row numbers.
 */
function townIncompleteNote(f: ReportFacts, town: Place, facts: readonly Fact[]): string {
  const marked = facts.filter((x) => isMarked(x.v)).map((x) => ({ indicator: x.ind, townCode: town.code }));
  const what = placeCausesText(f.lost ?? [], f.geography, f.year, marked, bareName);
  return `标“${INCOMPLETE_MARK}”的数值和评价所用数据不完整，由通过校验的数据算出，仅供参考${what ? `。未计入的数据：${what}` : ''}。`;
}

/** The footnote of the values missing (`—`, 无法评估): which data they lack, as the marked values' note names it. */
function townMissingNote(f: ReportFacts, town: Place, facts: readonly Fact[]): string {
  const missing = facts.filter((x) => x.v?.value === null).map((x) => ({ indicator: x.ind, townCode: town.code }));
  const what = placeCausesText(f.lost ?? [], f.geography, f.year, missing, bareName, `表中为“${MISSING}”的各项`);
  return `表中“${MISSING}”的数值缺少所需的数据，无法计算和评价（不以零计）${what ? `。缺少的数据：${what}` : ''}。`;
}

/** Below this many units counted within the town (社区, 机构), a first place is no record: 100 % of one 社区. */
const SMALL_BASE = 5;


/** 一、总体情况: how the town stands, in a few sentences that differ with the facts. */
function overview(f: ReportFacts, town: Place, facts: readonly Fact[]): string[] {
  const ratios = facts.filter((x) => isRatio(x.ind) && x.v?.value != null);
  const reached = ratios.filter((x) => x.v!.benchmark === '达到全区目标水平');
  const below = ratios.filter((x) => x.v!.benchmark === '未达到全区目标水平');
  const kind = townKind(town);
  const out: string[] = [];
  // a ratio without a value (its data missing) is neither reached nor not: said, never counted as reached
  const unjudged = unjudgedRatios(facts);
  const total = ratios.length + unjudged.length;
  const all = below.length === 0 && reached.length === ratios.length && unjudged.length === 0;
  const missing = unjudged.length ? `，${unjudged.length}项因缺少数据无法评估（${unjudged.map((x) => quote(bareName(x.ind))).join('')}）` : '';
  // the few reached named, with those every town reaches said as such (博兴's '1项达到' was 特困对象集中供养率,
  // 100 % in every town: a director's reading took it for the town's own achievement)
  const everywhere = (x: Fact) => f.geography.towns.every((t) => {
    const v = f.values.get(f.year, t.code, x.ind.id);
    return v?.value == null || v.benchmark === '达到全区目标水平';
  });
  const common = reached.filter(everywhere);
  const reachedNames = reached.length > 0 && reached.length <= 3 && below.length > 0
    ? `（${reached.map((x) => quote(bareName(x.ind))).join('')}${common.length === 0 ? '' : common.length === reached.length ? '，各镇街均达到' : `，其中${common.map((x) => quote(bareName(x.ind))).join('')}各镇街均达到`}）`
    : '';
  // quoted names side by side without 、 between them, as the district report writes them (GB/T 15834; a reading found the two apart)
  // in plain words, not the data's (填报数据可分镇街统计 read as program language: the town heads' reading)
  out.push(`本报告列出${town.name}能按镇街统计、适用于${kind}的指标${items(facts.length)}。${all ? `${total}项比率类指标全部达到全区目标水平` : `${total}项比率类指标中，${reached.length}项达到全区目标水平${reachedNames}${below.length ? `，${below.length}项未达到（${below.map((x) => quote(bareName(x.ind))).join('')}）` : ''}${missing}`}。`);
  // the town's own rows rejected: what is wrong and with whom to correct them (the review of the flawed sample)
  const rejected = townRejectsText(f.data, f.year, town, facts.map((x) => x.ind), f.lost ?? [], new Set(facts.filter((x) => x.v?.value == null).map((x) => x.ind.id)));
  if (rejected) out.push(rejected);
  // files of the year that could not be read: every figure marked, said here once (a review: 安定's 一 said nothing of
  // why every value of its table carried the mark)
  const unread = new Set((f.lost ?? []).filter((r) => r.year === f.year && r.status === 'rejected' && r.rejectScope === 'file').map((r) => r.sourceFile));
  if (unread.size) out.push(`${f.year}年有${formatNumber(unread.size)}个报送的文件无法读取，内容不明，本报告的数值按已读取的数据计算（表中标“${INCOMPLETE_MARK}”），这些文件重新报送后需复核。`);
  // and its own figures to check (采育镇's 4470 for 312), here as in the table's note, for the town to act on
  for (const x of facts) {
    const doubt = doubtfulTownNote(f, x.ind, town.code);
    if (doubt) out.push(doubt);
  }
  // A share of very few (one 社区 of one) is no record: not among the leading places.
  const few = (x: Fact) => {
    const d = x.v!.denominator;
    const label = x.ind.denominatorLabel;
    // units within the town (社区, 机构), not the town itself (a 街镇 share is its own 0 or 100 %)
    const within = label && label.unit === '个' && !/^(镇街|街镇|镇|街道)$/.test(label.name);
    return d !== null && !!within && d < SMALL_BASE;
  };
  // a strength only where the town also reaches the district target (20.95% against 21%, third
  // of 22, is a shortfall below, not a strength here); one first place is 第1位, not 前列 too
  const top = ratios.filter((x) => x.v!.rank !== null && x.v!.rank <= 3 && (x.v!.rankShared ?? 1) * 2 <= (x.v!.rankOf ?? 0) && !few(x) && x.v!.value! >= x.ind.target);
  const allFirst = top.every((x) => x.v!.rank === 1 && (x.v!.rankShared ?? 1) === 1);
  if (top.length) out.push(`${top.map((x) => `${quote(bareName(x.ind))}${valueText(x.ind, x.v)}，${rankText(x.v!)}`).join('；')}${allFirst ? '' : '，处于全区前列'}。`);
  // and the weak places as plainly: below the target among the last three (a reader of 三 would
  // otherwise not learn that the town is last of 22 on an indicator that did not make the shortfalls)
  const bottom = ratios
    .filter((x) => x.v!.rank !== null && x.v!.rankOf !== null && x.v!.rank >= x.v!.rankOf - 2 && (x.v!.rankShared ?? 1) * 2 <= x.v!.rankOf && !few(x) && x.v!.benchmark === '未达到全区目标水平')
    .sort((a, b) => b.v!.rank! - a.v!.rank! || (a.v!.rankShared ?? 1) - (b.v!.rankShared ?? 1) || a.ind.id - b.ind.id);
  const of = new Set(bottom.map((x) => x.v!.rankOf));
  if (bottom.length && of.size === 1) {
    // one 在22个镇街中 for all, the indicators of one place together (居末位, 居第21位)
    const groups: Fact[][] = [];
    for (const x of bottom) {
      const g = groups.at(-1);
      if (g && g[0]!.v!.rank === x.v!.rank && (g[0]!.v!.rankShared ?? 1) === (x.v!.rankShared ?? 1)) g.push(x);
      else groups.push([x]);
    }
    const place = (v: IndicatorValue, many: boolean) =>
      `${many ? '均' : ''}${v.rank === v.rankOf && (v.rankShared ?? 1) === 1 ? '居末位' : rankPlace({ rank: v.rank!, rankShared: v.rankShared })}`;
    // 居末位 says it already: no 排名靠后 after it (…均居末位，排名靠后, the 2025 town review)
    const allLast = groups.every((g) => g[0]!.v!.rank === g[0]!.v!.rankOf && (g[0]!.v!.rankShared ?? 1) === 1);
    out.push(`在${formatNumber([...of][0]!)}个镇街中，${groups.map((g) => `${g.map((x) => `${quote(bareName(x.ind))}${valueText(x.ind, x.v)}`).join('、')}${place(g[0]!.v!, g.length > 1)}`).join('，')}${allLast ? '' : '，排名靠后'}。`);
  } else if (bottom.length) out.push(`${bottom.map((x) => `${quote(bareName(x.ind))}${valueText(x.ind, x.v)}，${rankText(x.v!)}`).join('；')}，排名靠后。`);
  if (f.year >= f.plan.targetYear) {
    // The final evaluation judges the period: the benchmarks that fell since the baseline year
    // (counts that fell are said in 三、主要差距 when the town reaches every benchmark)
    const fell = ratios.filter((x) => (difference(x.base?.value, x.v?.value) ?? 0) < 0 && formatChange(townSpec(x.ind), x.base?.value, x.v?.value) !== '略有下降');
    // a benchmark reached in the baseline year and lost since is said as such (evaluation.md:
    // 曾达到…回落; 西红门's 本社区化率 50.3 % → 43.9 % read as a plain fall: the town review)
    const lost = (x: Fact) => (x.base?.benchmark === '达到全区目标水平' && x.v?.benchmark === '未达到全区目标水平' ? `${f.plan.baselineYear}年曾达到全区目标水平，现已回落到目标以下` : '');
    // a fall that is the mix of units, each type having risen, says so (mixShiftText); one bracket for both notes
    const notes = (x: Fact) => {
      const said = [lost(x), mixShiftText(f, x.ind, town.code, x.base!, x.v!) ?? ''].filter(Boolean);
      return said.length ? `（${said.join('；')}）` : '';
    };
    if (fell.length) out.push(`与${f.plan.baselineYear}年相比，${fell.map((x) => `${quote(bareName(x.ind))}${fallText(x.ind, x.base!, x.v!)}${notes(x)}`).join('，')}。`);
  } else {
    // The year's movement: the two ratios that rose most against their target's size, and
    // every fall; a change that rounds to nothing (略有下降) is no news on its own.
    const moved = facts
      .filter((x) => !x.ind.isCumulative)
      .map((x) => {
        const last = f.values.get(f.year - 1, town.code, x.ind.id)?.value;
        // a maintained level regained is a recovery, not a rise (the 2023 town review: 长子营镇's
        // 集中供养率 '提高10.0个百分点' from 27 of 30 back to 30 of 30)
        const back = x.ind.isMaintain && last != null && x.v?.value != null && last < x.ind.target && x.v.value >= x.ind.target;
        const text = back ? `由${formatValue(townSpec(x.ind), last)}恢复到${formatValue(townSpec(x.ind), x.v!.value)}` : formatChange(townSpec(x.ind), last, x.v?.value);
        return { x, d: difference(last, x.v?.value), text };
      })
      .filter((m): m is typeof m & { d: number } => m.d !== null && m.d !== 0 && !m.text.startsWith('略有'));
    const size = (m: (typeof moved)[number]) => m.d / (Math.abs(m.x.ind.target) || 1);
    const top = moved.filter((m) => m.d > 0 && isRatio(m.x.ind)).sort((a, b) => size(b) - size(a)).slice(0, 2);
    // and any ratio that rose on no more of its numerator (fewer communities, not more stations):
    // its parts say it (the 2024 town reviews: 西红门's 志愿服务站点 +2.2个百分点 with stations
    // 21 → 19; 榆垡's 慈善服务站点 +0.3个百分点 with its 2 stations and 4 villages fewer, unsaid)
    const onLess = moved.filter((m) => {
      const last = f.values.get(f.year - 1, town.code, m.x.ind.id)?.numerator;
      return m.d > 0 && isRatio(m.x.ind) && !top.includes(m) && last != null && last > 0 && m.x.v?.numerator != null && m.x.v.numerator <= last;
    });
    const rose = [...top, ...onLess];
    const fell = moved.filter((m) => m.d < 0);
    const parts = (m: (typeof moved)[number]) => moveParts(f, town, m.x.ind, m.x.v, m.d);
    const one = (m: (typeof moved)[number]) => `${quote(bareName(m.x.ind))}${m.text}${parts(m)}`;
    // coverages that rose on no station more, the same communities fewer, said together (庞各庄 2024:
    // three such brackets in one sentence of six rises)
    const fewerOnly = (m: (typeof moved)[number]): string | null => {
      const last = f.values.get(f.year - 1, town.code, m.x.ind.id);
      const v = m.x.v;
      const label = m.x.ind.numeratorLabel?.name ?? '';
      if (!v || !last || v.numerator === null || v.denominator === null || last.numerator === null || last.denominator === null) return null;
      if (v.numerator !== last.numerator || !(v.denominator < last.denominator) || !/站点的社区（村）$/.test(label) || !/^提高.+个百分点$/.test(m.text)) return null;
      return `${m.x.ind.denominatorLabel?.name}\u0001${formatNumber(last.denominator - v.denominator)}${m.x.ind.denominatorLabel?.unit ?? ''}`;
    };
    const keys = new Map(rose.map((m) => [m, fewerOnly(m)]));
    const groups = new Map<string, (typeof moved)[number][]>();
    for (const [m, k] of keys) if (k) groups.set(k, [...(groups.get(k) ?? []), m]);
    const saidRose: string[] = [];
    for (const m of rose) {
      const k = keys.get(m);
      const g = k ? groups.get(k)! : [];
      if (g.length < 2) saidRose.push(one(m));
      else if (g[0] === m) {
        const [den, less] = k!.split('\u0001');
        saidRose.push(`${g.map((x) => quote(bareName(x.x.ind))).join('')}分别提高${g.map((x) => x.text.replace(/^提高|个百分点$/g, '')).join('、')}个百分点（相应站点均没有增加，${den}减少${less}）`);
      }
    }
    const saidList = [saidRose.join('，'), fell.map(one).join('，')].filter(Boolean);
    if (saidList.length) out.push(`与上年相比，${saidList.join('；')}。`);
  }
  // A share is worth saying where the town has more than most towns and more than an even
  // share: a count every town has about one of (one 养老照料中心, one 社会心理服务站 each)
  // gives every town about the same share, and 4.3 % of it is no leading share.
  const even = 1 / f.geography.towns.length;
  const aboveMost = (x: Fact) =>
    x.v!.shareOfDistrict! > even && x.v!.value! > median(f.geography.towns.map((t) => f.values.get(f.year, t.code, x.ind.id)?.value ?? null));
  // a figure its department is asked to check is no highlight (its table note says why), nor a share
  // of a district total that rests on one (another town's 4470 for 312: the review of the flawed sample)
  // nor a share of a district total without some towns' data (黄村镇's one 驿站, 100.0% of a district
  // total without 19 towns': the fresh-eyes reading)
  const counts = facts.filter((x) => !isRatio(x.ind) && x.v?.shareOfDistrict != null && x.v.value != null && x.v.value !== 0 && aboveMost(x) && !doubtfulFigure(f, x.ind) && !absentTowns(f, x.ind));
  if (counts.length) {
    const big = [...counts].sort((a, b) => b.v!.shareOfDistrict! - a.v!.shareOfDistrict!).slice(0, 2);
    out.push(`总量类指标中，${big.map((x) => `${quote(bareName(x.ind))}${valueText(x.ind, x.v)}，占全区的${formatPercent(x.v!.shareOfDistrict)}`).join('；')}。`);
  }
  return out;
}

/** The most shortfalls a town's report describes (report.md §4: 3 to 5); the others are named in one sentence. */
const MOST_SHORTFALLS = 5;

/** The town's shortfalls against the district target, binding first, largest first. */
function shortfallFacts(facts: readonly Fact[]): Fact[] {
  // what most towns share (a value most towns print, 0 % of charity stations) says least of this
  // town: after its own (the 2021 review: 1 station to build came before beds gone to 0 after a
  // closure, last of 22)
  const shared = (x: Fact) => Number(x.v?.rankShared != null && x.v.rankOf != null && x.v.rankShared * 2 > x.v.rankOf);
  return facts
    .filter((x) => x.gap !== null && x.gap > 0)
    .sort((a, b) => shared(a) - shared(b) || Number(b.ind.isBinding) - Number(a.ind.isBinding) || relative(b) - relative(a));
}

/**
 * A count the plan sets at one per town (its target is the number of towns: 22 社会心理服务中心
 * （站）) of which the town has none: a shortfall of its own, though counts have no town benchmark
 * (a review: 榆垡镇 had none in 2024 and its report passed it by with '—'). Not for a value
 * marked incomplete, whose 0 may be the rows left out.
 */
function noneOfOnePerTown(f: ReportFacts, town: Place, facts: readonly Fact[]): string[] {
  return facts.flatMap(({ ind, v }) => {
    const each = everyTown(f, ind);
    if (!each || v?.value !== 0 || isMarked(v)) return [];
    const without = each.towns.filter((t) => f.values.get(f.year, t.code, ind.id)?.value === 0).length;
    // why every town needs one: the plan's target, or the ledger's task where the target is
    // fewer (照料中心: 20 in the plan, '22个镇街均建成运营养老照料中心' in the ledger — 安定镇 had
    // none in 2021–2023 and its report never said so: the town review)
    // the ledger's words where a task asks it of every town: the target's 22 also counts the
    // district's own centre (指标31), so 'as many as the towns' did not say every town needs one
    // (the 2023 and 2024 reviews)
    const task = each.task ?? everyTownTask(f, ind);
    const why = task
      ? `重点任务${quote(task.name)}的目标是“${task.goal}”`
      : `全区目标${formatNumber(ind.target)}${ind.unit}与镇街数相同，即每个镇街至少1${ind.unit}`;
    const building = buildingInTown(f.data, ind.metric, f.year, town.code);
    const underway = building.length ? `，${joinAnd(building.map((x) => x.name))}已在建` : '';
    return [`${quote(bareName(ind))}为0${ind.unit}。${why}；本${townKind(town)}${gapPhrase(ind, 1)}${without > 1 ? `（全区${formatNumber(without)}个镇街尚无）` : '，是全区唯一尚无的镇街'}${underway}。`];
  });
}

/**
 * The district indicators counting 街镇 (公墓覆盖, 精神障碍社区康复, 社会组织联合会) that this town
 * lacks, as shortfalls of its own, binding first, then the rarer lacks: `本镇尚未实现公益性公墓服务覆盖
 * （全区约束性指标要求100%），是全区2个尚未覆盖的镇之一；相关重点任务中没有针对本镇的`
 * (the 2023 town review: 长子营镇's report never said it lacked the binding coverage the district
 * report named it for). Said only where the sheet's towns add up to the indicator's figures.
 */
function coverageLacks(f: ReportFacts, town: Place): { text: string; binding: boolean; indicatorId: number }[] {
  const self = `本${townKind(town)}`;
  return townCoverageMetrics()
    .flatMap((metric) => f.plan.indicators.filter((ind) => ind.metric === metric))
    .flatMap((ind) => {
      const cover = townCoverage(f, ind);
      if (!cover || !cover.lacking.some((t) => t.code === town.code)) return [];
      const missed = tasksMissingPlaces(f, ind);
      const task = missed ? `；相关重点任务中没有针对${self}的` : '';
      return [{
        // the district indicator by what it asks, not by name: the town's report shows none of them (report.md §4)
        text: `${lackText(self, cover, ind.isBinding ? `（全区约束性指标要求${formatTarget(ind, { words: true })}）` : '')}${task}。`,
        binding: ind.isBinding, indicatorId: ind.id, n: cover.lacking.length,
      }];
    })
    .sort((a, b) => Number(b.binding) - Number(a.binding) || a.n - b.n)
    .map(({ text, binding, indicatorId }) => ({ text, binding, indicatorId }));
}

/** `本镇尚未实现公益性公墓服务覆盖，是全区2个尚未覆盖的镇之一` (`aside` after what it lacks): a town lacking what a district coverage counts. */
function lackText(self: string, cover: { what: string; without: string; places: string; lacking: readonly Place[] }, aside = ''): string {
  const n = cover.lacking.length;
  return `${self}尚未${cover.what}${aside}，${n > 1 ? `是全区${formatNumber(n)}个${cover.without}的${cover.places}之一` : `是全区唯一${cover.without}的${cover.places}`}`;
}

/** Whether the town has done its part of a task every town carries out (townPart). */
function townDidItsPart(f: ReportFacts, town: Place, t: KeyTask): boolean {
  return townPart(f, town, t)?.done === true;
}

/** Shortfalls beyond the five described, each with its gap, so that none the table shows is left unsaid. */
function otherShortfalls(rest: readonly Fact[]): string | null {
  if (rest.length === 0) return null;
  return `此外，${rest.map((x) => `${quote(bareName(x.ind))}为${valueText(x.ind, x.v)}，${gapPhrase(x.ind, x.gap!)}`).join('；')}${rest.length > 1 ? '，也都' : '，也'}未达到全区目标水平。`;
}

/**
 * The town's rank among the towns of its kind (街道 or 镇), beside its rank among all: a
 * 街道 is 16th of 22 on 本社区化率 and 2nd of the 8 街道, none of which reaches the target (a
 * review: ranking 街道 with 镇 on a measure where they differ by kind reads as unfair). Over
 * the values as displayed, ties stated, as rankText; null where the kind is every town.
 */
function kindRank(f: ReportFacts, town: Place, ind: Indicator): string | null {
  const r = kindRankOf(f, town, ind);
  if (!r) return null;
  const kind = townKind(town);
  // none of its kind at the target: said, the gap is the kind's as much as the town's
  const noneMet = r.peers.every((v) => v < ind.target) ? `，${formatNumber(r.peers.length)}个${kind}均未达到全区目标水平` : '';
  return `${rankText(r, kind)}${noneMet}`;
}

/** The town's rank among the towns of its kind by the value as shown (competition ranking, as evaluate.ts ranks all); null where not ranked so. */
function kindRankOf(f: ReportFacts, town: Place, ind: Indicator): { rank: number; rankOf: number; rankShared: number; peers: number[] } | null {
  const kind = townKind(town);
  const shown = (code: string) => {
    const v = f.values.get(f.year, code, ind.id)?.value;
    return v == null ? null : roundHalfEven(v, ind.precision);
  };
  const peers = f.geography.towns.filter((t) => townKind(t) === kind).map((t) => shown(t.code)).filter((v): v is number => v !== null);
  const mine = shown(town.code);
  if (mine === null || peers.length < 2 || peers.length === f.geography.towns.length) return null;
  return { rank: 1 + peers.filter((v) => v > mine).length, rankOf: peers.length, rankShared: peers.filter((v) => v === mine).length, peers };
}

/** Most communities named as the lowest on a ratio over their own counts. */
const LOWEST_NAMED = 4;

/**
 * For a ratio over the communities' own counts (本社区化率), how many of the town's communities
 * are below the district target and the lowest by name, with their counts: `22个社区均低于全区目标，
 * 比例最低的是长丰家园社区（20名社区工作者中3名）、…` (report.md §4: name the communities where the
 * data has them; 清源's report had named none: the final review). Null where the roster's sums
 * do not agree with the indicator's own numerator and denominator.
 */
function lowestCommunities(f: ReportFacts, town: Place, x: Fact): string | null {
  const rates = communityRates(f.data, f.year, x.ind.metric, town.code);
  const v = x.v;
  if (!rates || rates.length === 0 || v?.numerator == null || v.denominator == null) return null;
  const sum = (k: 'part' | 'whole') => rates.reduce((a, r) => a + r[k], 0);
  if (Math.abs(sum('part') - v.numerator) > 1e-9 || Math.abs(sum('whole') - v.denominator) > 1e-9) return null;
  const target = x.ind.target / (x.v?.scale ?? 100);
  const below = rates.filter((r) => r.whole > 0 && r.part / r.whole < target - 1e-12);
  if (below.length === 0) return null;
  const share = (r: { part: number; whole: number }) => r.part / r.whole;
  const sorted = [...below].sort((a, b) => share(a) - share(b) || b.whole - a.whole);
  // those as low as the last named are named too, up to two more (ties stated); beyond, 等
  let n = Math.min(LOWEST_NAMED, sorted.length);
  while (n < sorted.length && n < LOWEST_NAMED + 2 && Math.abs(share(sorted[n]!) - share(sorted[n - 1]!)) < 1e-12) n++;
  const tiedBeyond = n < sorted.length && Math.abs(share(sorted[n]!) - share(sorted[n - 1]!)) < 1e-12;
  const m = gapMeasure(x.ind);
  const whole = x.ind.denominatorLabel?.name ?? '';
  const part = x.ind.numeratorLabel?.name.replace(new RegExp(`${whole}$`), '').replace(/的$/, '') ?? '';
  const named = sorted.slice(0, n).map((r, i) => (i === 0
    ? `${r.name}（${formatNumber(r.whole)}${m}${whole}中${formatNumber(r.part)}${m}${part}）`
    : `${r.name}（${formatNumber(r.whole)}${m}中${formatNumber(r.part)}${m}）`));
  const units = townHasVillages(f.data, f.year, town.code) ? '社区（村）' : '社区';
  const count = below.length === rates.length ? `${formatNumber(rates.length)}个${units}均低于全区目标水平` : `${formatNumber(rates.length)}个${units}中${formatNumber(below.length)}个低于全区目标水平`;
  return `${count}，比例最低的是${named.join('、')}${tiedBeyond ? '等' : ''}。`;
}

/** Communities two lists of sites must share before the later list says so rather than naming them again. */
const OVERLAP_SAID = 3;

/**
 * Where the town stands among the towns most behind (townsMostBehind): the largest gap, alone or
 * tied (`，与长子营镇并列全区缺口最大`), else one of them (`，是全区缺口最大的3个镇街之一`): 安定镇's
 * 26 burials, as many as 长子营镇's, had read as one of three (the 2025 town review).
 */
function largestGapText(most: { towns: readonly Place[]; townGaps: readonly number[] }, town: Place): string {
  const at = most.towns.findIndex((t) => t.code === town.code);
  const top = most.townGaps[0]!;
  const same = (g: number) => sameGap(top, g);
  if (!same(most.townGaps[at]!)) return `，是全区缺口最大的${formatNumber(most.towns.length)}个镇街之一`;
  const tied = most.towns.filter((t, i) => t.code !== town.code && same(most.townGaps[i]!));
  return tied.length ? `，与${joinAnd(tied.map((t) => t.name))}并列全区缺口最大` : '，是全区缺口最大的镇街';
}

/**
 * A ratio's move on last year in its two parts, where its base moved: risen while its base
 * shrank says both (3 stations more and 5 villages fewer had read as +11.5 points of progress: the
 * third report review, 撤村 in 黄村镇); fallen while its base grew, no station lost but a
 * community newly set up (the 2022 review: 天宫院); fallen with both (瀛海 2025: 2 stations gone
 * with 2 villages revoked). '' otherwise.
 */
function moveParts(f: ReportFacts, town: Place, ind: Indicator, v: IndicatorValue | null | undefined, d: number): string {
  const last = f.values.get(f.year - 1, town.code, ind.id);
  const n = ind.numeratorLabel;
  const den = ind.denominatorLabel;
  if (!n || !den || !last || !v || last.numerator == null || last.denominator == null || v.numerator == null || v.denominator == null) return '';
  const dn = v.numerator - last.numerator;
  const dd = v.denominator - last.denominator;
  if (d < 0 && dd > 0 && dn >= 0) return `（${n.name}${dn > 0 ? `增加${formatNumber(dn)}${n.unit}` : '没有变化'}，${den.name}增加${formatNumber(dd)}${den.unit}）`;
  if (dd >= 0 || (d < 0 && dn >= 0)) return '';
  return `（${n.name}${dn > 0 ? `增加${formatNumber(dn)}${n.unit}` : dn < 0 ? `减少${formatNumber(-dn)}${n.unit}` : '没有增加'}，${den.name}减少${formatNumber(-dd)}${den.unit}）`;
}

/**
 * In the final evaluation, a shortfall's ratio that fell in the last year, with its parts: the
 * table's −4.2个百分点 for 瀛海镇's 志愿服务站点 was left unexplained (the 2025 town review: its
 * two stations went with two villages revoked). '' otherwise, and where the fall rounds to nothing.
 */
function finalYearFall(f: ReportFacts, town: Place, x: Fact): string {
  if (f.edition !== 'final' || !isRatio(x.ind) || x.v?.value == null) return '';
  const last = f.values.get(f.year - 1, town.code, x.ind.id)?.value;
  const d = difference(last, x.v.value);
  if (last == null || d === null || d >= 0) return '';
  const text = formatChange(townSpec(x.ind), last, x.v.value);
  return text.startsWith('略有') ? '' : `${f.year}年较上年${text}${moveParts(f, town, x.ind, x.v, d)}。`;
}

/** The shortfalls in absolute terms, naming the communities where the data has them. */
function shortfalls(f: ReportFacts, town: Place, gaps: readonly Fact[], trends: ReadonlyMap<Fact, number>): string[] {
  const said = new Set<string>();
  // the sites' lists named so far, to say a later one's overlap once
  const listed: { ind: Indicator; names: ReadonlySet<string> }[] = [];
  return gaps.map((x) => `${shortfall(x)}${finalYearFall(f, town, x)}`);

  function shortfall(x: Fact): string {
    const figure = trends.get(x);
    // among the towns the district report names as most behind (its 重点推动…): said, as the
    // district report's recommendation starts there (the 2023 town review: 黄村镇 and 长子营镇 were
    // named there and their own reports did not say so)
    const most = townsMostBehind(f, x.ind);
    const largest = most && most.towns.length < most.gaps && most.towns.some((t) => t.code === town.code) ? largestGapText(most, town) : '';
    // a gap among the largest for a rate in the first third (of all, or of its kind): the count behind it is large, not the rate low
    // (兴丰's 本社区化率, first of the 街道 and the largest gap, for its 382 workers: the town heads' reading)
    const den = x.ind.denominatorLabel?.name;
    const ofKind = kindRankOf(f, town, x.ind);
    const why = !largest || !den ? ''
      : x.v?.rank != null && x.v.rankOf != null && x.v.rank * 3 <= x.v.rankOf ? `（比例不低，缺口大是因为${den}多）`
      : ofKind && ofKind.rank * 3 <= ofKind.rankOf ? `（比例在${townKind(town)}中较高，缺口大是因为${den}多）` : '';
    const named = `${largest}${why}`;
    const lead = `${quote(bareName(x.ind))}为${valueText(x.ind, x.v)}${seeFigure(figure)}，全区目标为${formatTarget(x.ind, { words: true })}，${gapPhrase(x.ind, x.gap!)}`;
    // what the town lost this year, where a facility stopped
    // (once: the beds of an elderly home count in two indicators)
    // (over the whole period in the final evaluation: a gap there may go back years)
    const closing = f.edition === 'final' ? facilitiesStoppedInPeriod(f, x.ind, town) : joinStopped(facilitiesStillStopped(f, x.ind, town), facilitiesStopped(f, x.ind, town));
    const stopped = closing && !said.has(closing.facilities) ? closing.text : null;
    if (closing) said.add(closing.facilities);
    const ranks = [x.v?.rank ? rankText(x.v) : null, kindRank(f, town, x.ind)].filter(Boolean);
    if (!namesCommunities(x.ind.metric)) return `${lead}${ranks.length ? `（${ranks.join('，')}）` : ''}${named}。${stopped ? `${stopped}。` : ''}${lowestCommunities(f, town, x) ?? ''}`;
    const lacking = communitiesLacking(f.data, f.year, x.ind.metric, town.code);
    // Name them only when the list agrees with the indicator's own count.
    const missing = x.v?.denominator != null && x.v.numerator != null ? x.v.denominator - x.v.numerator : null;
    if (!lacking || missing === null || lacking.lacking.length !== Math.round(missing) || lacking.lacking.length === 0) return `${lead}${named}。`;
    // None covered: the whole town, not a list of all its communities
    if (lacking.lacking.length === lacking.existing) return `${lead}（按全区目标计）${named}。目前全${townKind(town)}${formatNumber(lacking.existing)}个${lacking.units}均${lacking.lack.replace(/的$/, '')}。`;
    // all of them up to 50; of a longer list the first 40 and 包括…等, never 42 counted and 40 named with 是 (the 2022 review)
    const shown = lacking.lacking.length <= 50 ? lacking.lacking : lacking.lacking.slice(0, 40);
    const all = shown.length === lacking.lacking.length;
    const head = `${lead}（按全区目标计）${named}。目前${lacking.lack}${formatNumber(lacking.lacking.length)}个${lacking.units}`;
    if (!all || !coversBySites(x.ind.metric)) return `${head}${all ? '是' : '包括'}：${shown.join('、')}${all ? '' : '等'}。`;
    // a list of sites most of which the list of other sites above named: the overlap said once,
    // to be built together, and the rest named (the 2025 town review: 安定镇's 24 and 21 villages, 14 in both)
    const before = listed.find((l) => lacking.lacking.filter((n) => l.names.has(n)).length >= OVERLAP_SAID);
    listed.push({ ind: x.ind, names: new Set(lacking.lacking) });
    if (!before) return `${head}是：${shown.join('、')}。`;
    const rest = lacking.lacking.filter((n) => !before.names.has(n));
    const both = lacking.lacking.length - rest.length;
    const prev = `上文${quote(bareName(before.ind))}`;
    if (rest.length === 0) return `${head}均已在${prev}中列出，两类站点可统筹建设。`;
    return `${head}中，${formatNumber(both)}个也在${prev}尚未覆盖之列，两类站点可统筹建设；其余${formatNumber(rest.length)}个是：${rest.join('、')}。`;
  }
}

/**
 * 三、主要差距 beyond the district targets: where the town stands in the lower half of the
 * towns (ratios other than `except`), and which counts fell since the baseline year — what
 * its leaders would want to know next. Sentences; none when there is nothing to say.
 */
function otherWeaknesses(f: ReportFacts, town: Place, facts: readonly Fact[], except: readonly Fact[]): string[] {
  const low = facts
    .filter((x) => !except.includes(x) && isRatio(x.ind) && x.v?.rank != null && x.v.rankOf != null && (x.v.rankShared ?? 1) * 2 <= x.v.rankOf && x.v.rank * 2 > x.v.rankOf)
    // in the lower half yet above the district's own level is not a weakness (兴丰 at 7.9张 against 7.1)
    .filter((x) => x.v!.value != null && x.v!.value < (f.values.districtValue(f.year, x.ind.id)?.value ?? -Infinity))
    .sort((a, b) => b.v!.rank! - a.v!.rank!)
    .slice(0, 3);
  const fell = facts
    .filter((x) => !isRatio(x.ind) && !x.ind.isCumulative && x.v?.value != null && x.base?.value != null && x.v.value < x.base.value)
    .slice(0, 3);
  const parts: string[] = [];
  if (low.length) parts.push(`在各镇街中处于后半、且低于全区水平的有${low.map((x) => `${quote(bareName(x.ind))}${valueText(x.ind, x.v)}（${rankText(x.v!)}，全区为${valueText(x.ind, f.values.districtValue(f.year, x.ind.id))}）`).join('、')}，仍有提升空间。`);
  // Beside the district's change over the same years: whether the fall is the town's own
  // and the facilities it lost, by name, where the fall is theirs (庞各庄's 驿站 7 → 6 with 付家务村's
  // stopped in 2023 unsaid: the 2025 town review)
  const lost = (x: Fact) => {
    const stopped = facilitiesStoppedInPeriod(f, x.ind, town, `${f.plan.baselineYear}年以来`);
    return stopped ? `，${stopped.text}` : '';
  };
  if (fell.length) parts.push(`${fell.map((x) => `${quote(bareName(x.ind))}由${f.plan.baselineYear}年的${valueText(x.ind, x.base)}减少到${valueText(x.ind, x.v)}${districtChange(f, x.ind)}${lost(x)}`).join('；')}。`);
  return parts;
}

/** 三、主要差距 of a town that reaches the district target everywhere: still, what else there is (rather than one line). */
function noShortfall(f: ReportFacts, town: Place, facts: readonly Fact[]): string {
  const unjudged = unjudgedRatios(facts);
  const ratios = facts.filter((x) => isRatio(x.ind)).length;
  // none with a value: nothing is 达到 (a town of a year without data had read '有数据的比率类指标均达到')
  const lead = unjudged.length && unjudged.length === ratios
    ? `${town.name}的比率类指标${f.year}年均缺少数据，无法与全区目标水平对照，差距无从判断。`
    : unjudged.length
    ? `${town.name}有数据的比率类指标均达到全区目标水平；${unjudged.map((x) => quote(bareName(x.ind))).join('')}因缺少数据无法评估，差距无从判断。`
    : `${town.name}的比率类指标均达到全区目标水平。`;
  return [lead, ...otherWeaknesses(f, town, facts, [])].join('');
}

/** `（同期全区由…增加到…）`: the district's count over the same years, or '' when either year is missing. */
function districtChange(f: ReportFacts, ind: Indicator): string {
  const from = f.values.districtValue(f.plan.baselineYear, ind.id);
  const to = f.values.districtValue(f.year, ind.id);
  if (from?.value == null || to?.value == null) return '';
  if (to.value === from.value) return `（同期全区保持在${valueText(ind, to)}）`;
  return `（同期全区由${valueText(ind, from)}${to.value > from.value ? '增加到' : '也减少到'}${valueText(ind, to)}）`;
}

/** The median of the known values; Infinity when none is known (nothing is above it). */
function median(values: readonly (number | null)[]): number {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (known.length === 0) return Infinity;
  const m = known.length >> 1;
  return known.length % 2 ? known[m]! : (known[m - 1]! + known[m]!) / 2;
}

function relative(x: Fact): number {
  return x.v?.value != null && x.ind.target > 0 ? 1 - x.v.value / x.ind.target : 0;
}

/**
 * Tasks that name the town; not yet done, the district's tasks that bear on the town's
 * shortfalls (tasksFor), and those every town carries out (镇街/镇（街） in their name); and the
 * district facilities' tasks whose facility stands in the town (hosted).
 */
function townTasks(f: ReportFacts, town: Place, shortfallFacts: readonly Fact[]): { named: KeyTask[]; related: KeyTask[]; shared: KeyTask[]; closed: { task: KeyTask; inds: Indicator[] }[]; hosted: KeyTask[] } {
  const names = [town.name, ...town.aliases].filter((n) => n.length >= 2);
  const tasks = tasksOf(f);
  const open = (t: KeyTask) => taskState(t, f.year) !== '已完成';
  const named = tasks.filter((t) => names.some((n) => `${t.name}${t.goal}${t.note}`.includes(n)));
  // not a district facility built in one place (养老服务示范中心 stands in 西红门: its beds are
  // no remedy for 兴丰's gap), nor a task every town carries out that this one has done its
  // part of (镇街级社会心理服务中心 where the town has one) — the town reviews
  const related = [...new Set(shortfallFacts.flatMap((x) => tasksFor(x.ind, tasks, f.plan)))]
    .filter((t) => open(t) && !named.includes(t) && !isDistrictFacility(t) && !townDidItsPart(f, town, t));
  const shared = tasks.filter((t) => open(t) && !named.includes(t) && !related.includes(t) && TOWNS_WORD.test(`${t.name}${t.goal}`));
  // the district's tasks on the town's shortfalls that the ledger shows done while the town is
  // still short: said, or a binding gap had no owner (天宫院's 0 of 15 communities with a charity
  // station after 建设基层慈善服务站点 was closed in 2024: the 2025 town review)
  const closed = new Map<KeyTask, Indicator[]>();
  for (const x of shortfallFacts) {
    for (const t of tasksFor(x.ind, tasks, f.plan)) {
      if (open(t) || named.includes(t) || isDistrictFacility(t) || townDidItsPart(f, town, t)) continue;
      closed.set(t, [...(closed.get(t) ?? []), x.ind]);
    }
  }
  // a district facility's task where the facility stands in this town, open or done this year
  // (the 2023 town review: 清源 hosts the 社会福利院, whose repair was done that year, unsaid)
  const doneNow = (t: KeyTask) => taskDoneYear(f, t.id) === f.year;
  const hosted = tasks.filter((t) => !named.includes(t) && !related.includes(t) && isDistrictFacility(t) && (open(t) || doneNow(t))
    && townsOfFacilitiesNamed(f.data, f.year, t.name).includes(town.code));
  return { named, related, shared, closed: [...closed.entries()].map(([task, inds]) => ({ task, inds })), hosted };
}

/** `社区（村）` → `社区` in a section's words (paragraphs, lists, tables, notes), its subsections too. */
function inCommunities(s: DocSection): DocSection {
  const w = (t: string) => t.replaceAll('社区（村）', '社区');
  const blocks = s.blocks.map((b): Block => ({
    ...b,
    ...(b.paragraph !== undefined ? { paragraph: w(b.paragraph) } : {}),
    ...(b.lead ? { lead: { lead: w(b.lead.lead), text: w(b.lead.text) } } : {}),
    ...(b.list ? { list: { ...b.list, items: b.list.items.map(w) } } : {}),
    ...(b.callout ? { callout: { ...b.callout, items: b.callout.items.map(w) } } : {}),
    ...(b.note !== undefined ? { note: w(b.note) } : {}),
    ...(b.table ? { table: { ...b.table, rows: b.table.rows.map((r) => r.map((c) => ({ ...c, text: w(c.text) }))), ...(b.table.notes ? { notes: b.table.notes.map(w) } : {}) } } : {}),
  }));
  return { ...s, blocks, children: s.children.map(inCommunities) };
}

/** A task that builds or mends one district facility (建设大兴区养老服务示范中心, 区精神卫生福利中心二期工程), not a programme of the towns. */
/**
 * Whether a ledger row lost to validation may concern a town: its name or goal names the town or
 * every town (镇街), or its name could not be read. A task of the district's alone (推进“智慧民政”
 * 平台建设) is not the town's to hear of (the review of the flawed sample: said in all 22 town reports).
 */
export function lostTaskConcerns(t: { name: string; goal: string }, town: Place): boolean {
  const text = `${t.name}${t.goal}`;
  return !t.name || TOWNS_WORD.test(text) || [town.name, ...town.aliases].some((n) => n.length > 0 && text.includes(n));
}

export function isDistrictFacility(t: Pick<KeyTask, 'name'>): boolean {
  return /大兴区|(^|建设|建成|筹建)区[^级域划]/.test(t.name) && !/镇|街|社区|村/.test(t.name);
}

/**
 * Where the town stands on a task every town carries out, when the task serves a district
 * indicator that counts 街镇 (`本镇已开展精神障碍社区康复服务`,
 * `本街道尚未开展…，是全区6个尚未开展的镇街之一`): said only when the sheet's towns add up to
 * the indicator's numerator and denominator, or of a count every town is to have (everyTown);
 * with whether the town has done its part. Null otherwise.
 */
function townPart(f: ReportFacts, town: Place, t: KeyTask): { text: string; done: boolean; indicatorId?: number } | null {
  const tasks = tasksOf(f);
  const self = `本${townKind(town)}`;
  for (const ind of townCoverageMetrics().flatMap((metric) => f.plan.indicators.filter((i) => i.metric === metric))) {
    if (!tasksFor(ind, tasks, f.plan).includes(t)) continue;
    const cover = townCoverage(f, ind);
    // a town the sheet has no row for (a 街道 where only 镇 are counted) is neither
    if (!cover || !(cover.has.has(town.code) || cover.lacking.some((t) => t.code === town.code))) continue;
    return cover.has.has(town.code)
      ? { text: `${self}已${cover.what}`, done: true, indicatorId: ind.id }
      : { text: lackText(self, cover), done: false, indicatorId: ind.id };
  }
  // a count every town is to have one of (养老照料中心, 镇街级社会心理服务中心): what the town has
  // (the town review: all 22 reports of 2023 listed 推动镇街养老照料中心全覆盖 alike, 安定镇's
  // not saying it was the one without)
  if (!TOWNS_WORD.test(`${t.name}${t.goal}`)) return null;
  for (const ind of f.plan.indicators) {
    const each = tasksFor(ind, tasks, f.plan).includes(t) ? everyTown(f, ind) : null;
    const n = each ? f.values.get(f.year, town.code, ind.id) : undefined;
    if (!each || !ind.numeratorLabel || n?.value == null || isMarked(n)) continue;
    const { name, unit } = ind.numeratorLabel;
    // a district-level one counted in its host town is not the town's own (兴丰's 2, one the district's
    // centre: '本街道已有2个' beside '本街道自有的为1个' of the same report, the town review)
    const own = n.value - districtLevelHosted(f.data, ind.metric, f.year, town.code).length;
    if (own >= 1) return { text: `${self}已有${formatNumber(own)}${unit}${name}`, done: true };
    if (n.value >= 1) return null;
    const without = each.towns.filter((x) => f.values.get(f.year, x.code, ind.id)?.value === 0).length;
    return { text: `${self}尚无${name}，${without > 1 ? `是全区${formatNumber(without)}个尚无的镇街之一` : '是全区唯一尚无的镇街'}`, done: false };
  }
  return null;
}

/** The ledger's cause of a task not done by the end of `year`; null when done or none is given. */
function openCause(t: KeyTask, year: number): string | null {
  return taskState(t, year) !== '已完成' ? taskCause(t) : null;
}

function taskLine(f: ReportFacts, town: Place, t: KeyTask): string {
  const state = taskState(t, f.year);
  const cause = openCause(t, f.year);
  // where the town already has what the task builds, said (礼贤镇 covered by a 公益性公墓 since
  // 2020 under “礼贤镇、榆垡镇公益性公墓建设” at 75 %: the 2024 review)
  const part = state === '已完成' ? null : townPart(f, town, t);
  return `${quote(t.name)}（${t.leadUnit}牵头，完成时限${t.deadline || '未定'}）：${taskStateText(t, f.year, taskDoneYear(f, t.id))}${t.progress !== null && state !== '已完成' ? `，累计完成${formatNumber(t.progress)}%` : ''}${slowText(f, t)}${cause ? `，${cause}` : ''}${part ? `；${part.text}` : ''}`;
}

/**
 * After a task on plan by the ledger, where its progress is behind the time gone towards its
 * deadline: `，低于按完成时限计的时间进度60.0%`, as the district report says it (the 2023 town
 * review: 按计划推进 here, behind its time there); '' otherwise.
 */
function slowText(f: ReportFacts, t: KeyTask): string {
  const slow = taskState(t, f.year) === '按计划推进' ? belowTimePace(t, f.year, taskStartYear(f, t)) : null;
  return slow === null ? '' : `，低于按完成时限计的时间进度${formatPercent(slow)}`;
}

/**
 * The town's weakest ratio indicators (at most two) whose trend is worth a chart beside the
 * district's, numbered from `figures` before the text is written, so that it can point to them.
 */
function townTrends(f: ReportFacts, town: Place, facts: readonly Fact[], figures: FigureCounter): Map<Fact, number> {
  const weakest = facts
    .filter((x) => x.gap !== null && x.gap > 0)
    .sort((a, b) => relative(b) - relative(a))
    .slice(0, 2)
    // a ratio is drawn beside the district's line and target
    .filter((x) => trendWorthDrawing(f.values.series(town.code, x.ind.id, f.year), townSpec(x.ind).precision, isRatio(x.ind)
      ? [...f.values.districtSeries(x.ind.id, f.year).flatMap((v) => (v.value === null ? [] : [v.value])), x.ind.target]
      : []));
  return new Map(weakest.map((x) => [x, figures.next()]));
}

/** The charts of townTrends, beside the district's. */
function trendBlocks(f: ReportFacts, town: Place, trends: ReadonlyMap<Fact, number>): Block[] {
  return [...trends].map(([x, figureNo]) => ({
    figure: {
      figure: trendFigure({
        plan: f.plan, ind: x.ind, series: f.values.series(town.code, x.ind.id, f.year), year: f.year, placeName: town.name,
        figureNo, idPrefix: 'town', district: f.values.districtSeries(x.ind.id, f.year), phone: true,
      }),
      printTable: false,
    },
  }));
}

/**
 * A town at or above the target whose value fell over the plan period, at a pace that takes it
 * below the target before the next plan ends: said, instead of 已达到，保持 (黄村's 本社区化率
 * went from 57.0 to 52.4 and is 2.4 above 50; at 0.9 a year it is below in 3 years). Every
 * target asks for more (`=` or `>=`), so a fall is a loss.
 */
function slipping(f: ReportFacts, ind: Indicator, town: Place, base: IndicatorValue | undefined, prev: IndicatorValue | undefined, v: IndicatorValue | undefined, target: number, until: number): string | null {
  if (base?.value == null || v?.value == null || v.value >= base.value) return null;
  // a fall that came only with the mix of its units is no trend (社区、村均有提高 said above it)
  if (fallFromMix(f, ind, town.code, base, v)) return '已达到；比例下降来自社区、村构成的变化，不按趋势外推';
  const perYear = (base.value - v.value) / (f.year - f.plan.baselineYear);
  const yearsAt = (fall: number) => Math.max(1, Math.ceil(roundHalfEven((v.value! - target) / fall, 9)));
  const years = yearsAt(perYear);
  // the last year's fall too where it was clearly faster (黄村: 1.9 points in 2025 against 0.92 a
  // year, below 50 in about 2 years, not 3; a review)
  const lastFall = prev?.value != null ? prev.value - v.value : 0;
  const faster = lastFall > perYear * 1.5 ? yearsAt(lastFall) : null;
  if (f.year + Math.min(years, faster ?? years) > until) return null;
  return faster !== null && faster < years
    ? `已达到，但按年均降幅约${formatNumber(years)}年后、按${f.year}年的降幅约${formatNumber(faster)}年后低于目标`
    : `已达到，但按年均降幅约${formatNumber(years)}年后低于目标`;
}

/**
 * Whether the town's pace over the plan period closes its gaps to the proposed targets by
 * `next`: what its numerator added a year, against what the gap asks a year —
 * `“志愿服务站点在社区综合服务设施中的覆盖率”过去年均增加约2.2个，需每年增加约6.8个（为过去的3.1倍）`;
 * those it only just closes with their numbers, those it closes in time said together. Null
 * when no gap has a pace to say.
 */
/**
 * The year after a town's numerator last rose, where it rose in the plan period and then stayed
 * or fell for at least the last two years (兴丰's 养老机构床位 553 from 2021 to 2025: 2022); null
 * otherwise, or where a year's numerator is unknown.
 */
function sinceLastRise(f: ReportFacts, ind: Indicator, code: string): number | null {
  let last: number | null = null;
  for (let y = f.plan.baselineYear + 1; y <= f.year; y++) {
    const a = f.values.get(y - 1, code, ind.id)?.numerator;
    const b = f.values.get(y, code, ind.id)?.numerator;
    if (a == null || b == null) return null;
    if (b > a) last = y;
  }
  return last !== null && last <= f.year - 2 ? last + 1 : null;
}

/** Things a year below which a town's pace to 2030 is said in totals over the five years (共需增加11名). */
const TOTALS_BELOW = 10;

function paceToTargets(f: ReportFacts, gaps: readonly TownGap[], next: number): string | null {
  const years = f.year - f.plan.baselineYear;
  const slow: { ind: Indicator; text: string; factor: number }[] = [];
  const tight: string[] = [];
  const tightInds: Indicator[] = [];
  const inTime: Indicator[] = [];
  for (const { ind, v, base, own, exact, proposed } of gaps) {
    if (ind.isCumulative || v?.numerator == null || base?.numerator == null) continue;
    const perYear = (v.numerator - base.numerator) / years;
    // The gap is on the final year's base (the table's column); a base that grows on at its pace
    // asks for more each year (the district's rule: 基数增加所需的部分先予扣除; a base that shrank
    // is no progress). 黄村's beds: 397 by 2030 is 79 a year, and 9.2 per 1,000 of the 920 more
    // residents a year 8 more: 88 against the 80 it added, short, where 79 said it was not.
    const baseGrowth = ind.aggregation === 'ratio' && v.denominator != null && base.denominator != null && v.scale != null && v.scale > 0
      ? Math.max(0, (v.denominator - base.denominator) / years) * proposed / v.scale
      : 0;
    const need = own / (next - f.year) + baseGrowth;
    // Less than one whole thing a year asked is said in totals, the five years before and the
    // five to come ('需每年增加约0.2个' communities read oddly: 共需增加1个)
    const measure = gapMeasure(ind);
    const fell = v.numerator - base.numerator;
    // Under ten a year, totals too: '需每年增加约2.2名' counted people in fractions, and one town's
    // '需每年增加1个' stood beside another's '共需增加3个' (the 2025 town review)
    const inTotals = !measure.startsWith('万') && need < TOTALS_BELOW && Number.isInteger(fell);
    const span = next - f.year;
    // a total of whole things, rounded up (共需增加约2.4个 stations read oddly: the second review)
    // from the gap unrounded, rounded up once: 博兴's 1.5 stations on today's 11 社区 and 0.4 for the 3 more
    // by 2030 are 1.9, 2 stations (rounding the 1.5 up first had made it 3: the second director's reading)
    const total = Math.ceil(roundHalfEven(exact + baseGrowth * span, 6));
    const amount = inTotals ? `共需增加${formatNumber(total)}${measure}` : `需每年增加${perYearAmount(ind, need)}`;
    // said wherever it shows: 天宫院's 还差724张 beside 需每年增加约148张 (not 145) was left unexplained
    // at under a twentieth of the need (the final review)
    const withoutGrowth = inTotals ? `共需增加${formatNumber(own)}${measure}` : `需每年增加${perYearAmount(ind, own / span)}`;
    // a total beyond the table's gap said as whole units more than it: '共需增加3个（含社区增加所需约0.4个）'
    // beside the table's 还需2个 read as a contradiction (the director's reading of 博兴's report), and
    // '上表的2个，加上…约1.7个' beside a total of 3 would too (the whole units are rounded once)
    const grower = ind.denominatorLabel?.name ?? '基数';
    const grown = baseGrowth > 0 && amount !== withoutGrowth
      ? inTotals
        ? `比上表多${formatNumber(total - own)}${measure}，为${grower}增加所需`
        : `含${grower}增加所需${perYearAmount(ind, baseGrowth)}`
      : '';
    // the multiple after the bracket, not in it: （含社区工作者增加所需约1.1名，为过去的8.6倍） read as
    // 1.1 being 8.6 times the past (the final review of 兴丰街道's report)
    const asked = (more?: string) => `${amount}${grown ? `（${grown}）` : ''}${more ? `，${more}` : ''}`;
    // an average over the period, said as one ('过去每年增加约400名' read as each year's); with the
    // years since the last rise where the last two had none (兴丰's 41 beds all came in 2021: 约8.2张
    // a year hid four years of none, the 2025 town review)
    const flatSince = sinceLastRise(f, ind, v.geoCode);
    const past = inTotals
      ? `${quote(bareName(ind))}${f.plan.baselineYear}年以来共增加${formatNumber(fell)}${measure}${flatSince ? `（${flatSince}年以来没有增加）` : ''}`
      : `${quote(bareName(ind))}过去年均增加${perYearAmount(ind, perYear)}${flatSince ? `（${flatSince}年以来没有增加）` : ''}`;
    // a fall said as one, with how much (天宫院's beds fell 352 with a home that stopped: '过去没有
    // 增加' hid it; the fresh-eyes review)
    const label = ind.numeratorLabel;
    // a fall that came only with units of one type gone (撤村建居) says so, with each type's part
    const byType = fell < 0 ? numeratorByType(f, ind, v.geoCode, base, v) : null;
    if (perYear <= 0) slow.push({ ind, text: `${quote(bareName(ind))}${fell < 0 && label ? `${f.plan.baselineYear}年以来${label.name}减少了${formatNumber(-fell)}${label.unit}${byType ? `（${byType}）` : ''}` : '过去没有增加'}，${asked()}`, factor: Infinity });
    // closed only just in time: the numbers, so that a reader can redo it
    else if (need <= perYear && need >= TIGHT * perYear) {
      tight.push(`${past}，${asked()}，须保持这一速度`);
      tightInds.push(ind);
    }
    else if (need <= perYear) inTime.push(ind);
    // under 1.1 times said in words (为过去的1.0倍 beside 也需加快 read as no change: the second review)
    else slow.push({ ind, text: `${past}，${asked(need / perYear < 1.1 ? '略快于过去' : `为过去的${formatNumber(need / perYear, 1)}倍`)}`, factor: need / perYear });
  }
  if (!slow.length && !tight.length && !inTime.length) return null;
  // the furthest behind first, at most two with their numbers (the table has every gap; a town
  // report is read in five minutes, and three ran a 2025 report onto a fifth page of two lines)
  slow.sort((a, b) => b.factor - a.factor);
  const shown = slow.slice(0, 2);
  const rest = slow.slice(shown.length);
  // the rest: one or two named ('“X”等2项' named one of two, a review); more said as the table's
  // others with a gap where they are exactly those ('“X”等4项' named one of four, two readings of the
  // final town reports: which four?; naming seven ran 博兴's 2025 report onto a fifth page of five lines),
  // those the old pace closes named instead where they are fewer, else each named
  const inPace = [...tightInds, ...inTime];
  const others = !rest.length ? []
    : rest.length > 2 && rest.length > inPace.length && slow.length + inPace.length === gaps.length
      ? [`${inPace.length ? `除${inPace.map((ind) => quote(bareName(ind))).join('')}按过去的速度可以补齐外，` : ''}上表其余${formatNumber(rest.length)}项有差距的指标也需加快`]
      : [`${rest.map((x) => quote(bareName(x.ind))).join('')}也需加快`];
  const parts = [
    ...shown.map((x) => x.text),
    ...others,
    // beside gaps the old pace leaves open, those it only just closes would make it too long to read
    ...(!shown.length ? tight : []),
    ...(!shown.length && inTime.length ? [`${inTime.map((ind) => quote(bareName(ind))).join('')}按过去的速度可以补齐`] : []),
  ];
  return `对照“${f.plan.era}”时期的速度，到${next}年补齐上表的差距：${parts.join('；')}。`;
}

/** A ratio the town is below its proposed target on: `own` whole units short on the final year's base. */
/** `own`: whole units, as the table gives it; `exact`: the gap unrounded (absoluteGap), for a total to 2030 rounded once. */
interface TownGap { ind: Indicator; v: IndicatorValue | undefined; base: IndicatorValue | undefined; own: number; exact: number; proposed: number }

/** A pace that closes a gap with less than a fifth to spare is said with its numbers (paceToTargets). */
const TIGHT = 0.8;

/** Most facilities named in a town's record; the rest counted. */
const OPENED_NAMED = 4;

/**
 * Of the shares that rose over the period, those that rose mostly because there were fewer units
 * to count (less than a third of the rise is the numerator's, at the baseline year's denominator):
 * `，其中“志愿服务站点在社区综合服务设施中的覆盖率”的提高主要来自社区（村）由39个减至25个，建有志愿服务站点
 * 的社区（村）只由15个增加到16个`. The 2025 town review: 西红门镇's +25.5个百分点 with one station more,
 * six covered villages merged away. Empty when none did.
 */
function fewerUnits(f: ReportFacts, town: Place, facts: readonly Fact[]): string {
  const said = facts.flatMap(({ ind, v, base }) => {
    const n = ind.numeratorLabel;
    const d = ind.denominatorLabel;
    if (ind.unit !== '%' || !n || !d || v?.value == null || base?.value == null || v.numerator == null || v.denominator == null || base.numerator == null || base.denominator == null) return [];
    if (!(v.value > base.value) || !(v.denominator < base.denominator) || base.denominator <= 0) return [];
    const byNumerator = (v.numerator / base.denominator) * 100 - base.value;
    if (byNumerator * 3 >= v.value - base.value) return [];
    // not where each type of unit rose on its own (本社区化率 of 社区 and 村): the fewer villages pulled it down, not up
    if (risesWithinTypes(f, ind, town.code, base, v)) return [];
    const moved = v.numerator === base.numerator ? `没有增加，仍为${formatNumber(v.numerator)}${n.unit}`
      : v.numerator > base.numerator ? `只由${formatNumber(base.numerator)}${n.unit}增加到${formatNumber(v.numerator)}${n.unit}` : `由${formatNumber(base.numerator)}${n.unit}减少到${formatNumber(v.numerator)}${n.unit}`;
    return [`${quote(bareName(ind))}的提高主要来自${d.name}由${formatNumber(base.denominator)}${d.unit}减至${formatNumber(v.denominator)}${d.unit}，${n.name}${moved}`];
  });
  return said.length ? `，其中${said.join('；')}` : '';
}

/**
 * The facilities with beds (homes for the elderly and care centres, welfare institutions,
 * relief beds) that started operating in the town over the plan period, largest first, with
 * the beds they added, and the town's 家庭照护床位 as they grew: `规划期内本镇辖区新建成运营庞各庄镇
 * 特困人员集中照料中心（60张床位）。` The town's part of the district's new beds (report.md §4: what
 * it contributed; 庞各庄's 60 relief beds, 28.6 % of the district's, had gone unsaid in its own
 * report). 辖区: a district facility standing in the town (西红门's 养老服务示范中心) is the town's
 * to host, not to have built, and a welfare institution the sheet says is 区级 is said so. Beds
 * of different sheets (elderly care, welfare, relief) are not added up, and the family-care beds,
 * most of some towns' rise in 养老床位, are said beside the homes (the 2025 town review: 安定镇's
 * 52 beds of a district home for the intellectually disabled and 11 of its care centre summed as
 * 各类床位合计63张, its 60 family-care beds unsaid).
 */
function openedInTown(f: ReportFacts, town: Place): string | null {
  const beds = new Map<string, { n: number; sheet: string; level?: string }>();
  for (const sheet of ['养老服务设施', '福利机构', '救助床位']) {
    for (const x of openedBetween(f.data, sheet, f.plan.baselineYear, f.year)) {
      if (x.town !== town.code || x.beds === null || x.beds <= 0 || x.type === '养老服务驿站') continue;
      const had = beds.get(x.name);
      beds.set(x.name, { n: (had?.n ?? 0) + x.beds, sheet, level: x.level });
    }
  }
  const list = [...beds].sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1));
  const named = list.slice(0, OPENED_NAMED).map(([name, x]) => `${name}（${x.level === '区级' ? '区级，' : ''}${formatNumber(x.n)}张床位）`);
  const more = list.length > named.length ? `等${formatNumber(list.length)}家` : '';
  const oneKind = new Set(list.map(([, x]) => x.sheet)).size === 1;
  const total = list.length > 1 && oneKind ? `，床位合计${formatNumber(list.reduce((a, [, x]) => a + x.n, 0))}张` : '';
  const [from, to] = [f.plan.baselineYear, f.year].map((y) => familyCareBeds(f.data, y, town.code));
  const family = from != null && to != null && to > from ? `家庭照护床位由${formatNumber(from)}张增至${formatNumber(to)}张` : '';
  if (list.length === 0) return family ? `规划期内本${townKind(town)}${family}。` : null;
  return `规划期内本${townKind(town)}辖区新建成运营${named.join('、')}${more}${total}${family ? `；${family}` : ''}。`;
}

/**
 * The town's parts of the district's needs as 表3 shares them out (less than its own gaps where
 * towns above the target offset them), and the gaps 表3 does not split by name (it splits at
 * most nine indicators; 万名老年人拥有养老护理员数 is not among them, and the town's report had
 * said it was: the final review). Empty when 表3 has none of the town's gaps.
 */
function inTable3(f: ReportFacts, town: Place, gaps: readonly TownGap[]): string {
  const proposals = keptProposals(f).proposals;
  const chosen = splitChosen(f, proposals);
  const listed = gaps.flatMap((g) => {
    const p = chosen.find((x) => x.ind.id === g.ind.id);
    const part = p ? splitOf(f, p)?.share.get(town.code) : undefined;
    return p && part !== undefined ? [{ g, part, label: p.ind.numeratorLabel! }] : [];
  });
  if (listed.length === 0) return '';
  // the district's need shared out: the town's part, less than its own gap where towns above the target offset it
  const parts = listed.map((x) => `${x.label.name}${formatNumber(x.part)}${x.label.unit}`).join('、');
  // the ones 表3 does not split said as such, not as figures that differ (the 2025 town review read 除…外 so)
  // why: the district at the target already (nothing to share out), or past the nine 表3 splits ('未列入表3' alone read as the program's words: the final review)
  const rest = gaps.filter((g) => !listed.some((x) => x.g.ind.id === g.ind.id));
  const districtMet = (g: TownGap) => {
    const p = proposals.find((x) => x.ind.id === g.ind.id);
    return !!p && splitOf(f, p)?.district === 0;
  };
  const met = rest.filter(districtMet).map((g) => quote(bareName(g.ind)));
  const left = rest.filter((g) => !districtMet(g)).map((g) => quote(bareName(g.ind)));
  const restText = [met.length ? `${met.join('')}全区已达到建议目标，不作分解` : '', left.length ? `${left.join('')}未列入表3` : ''].filter(Boolean).join('，');
  return `。全区报告表3把全区达到建议目标需新增的数量按各镇街的差距分解，分解到本${town.type}的为${parts}${restText ? `；${restText}` : ''}`;
}

/** What a town's change since the baseline year is taken from: its baseline-year value, or 0 for a count over the plan period (evaluation.md). */
function sinceBaseline(ind: Indicator, base: IndicatorValue | undefined): number | null | undefined {
  return ind.isCumulative ? 0 : base?.value;
}

/**
 * The change since the baseline year as a cell: a count over the period is its count (`+16个`),
 * and none at all is 无, not 持平 beside a baseline of — (the final review: '— 0 持平').
 */
function periodChange(ind: Indicator, spec: FormatSpec, base: IndicatorValue | undefined, v: IndicatorValue | undefined): string {
  return ind.isCumulative && v?.value === 0 ? '无' : changeCell(spec, sinceBaseline(ind, base), v?.value);
}

/** The town's record over the plan period and proposed targets for the next plan (final year only). */
function record(f: ReportFacts, town: Place, facts: readonly Fact[]): Block[] {
  const next = f.plan.targetYear + (f.plan.targetYear - f.plan.baselineYear);
  const gaps: TownGap[] = [];
  const rows: Cell[][] = facts.map(({ ind, v, base }) => {
    const proposal = proposalFor(f, ind);
    const p = proposal && proposal.proposed !== null ? { ...proposal, proposed: proposal.proposed } : null;
    // The town's own way to the target, as the district's 表3 gives it (proposals.ts ownNeed)
    const own = p && isRatio(ind) ? ownNeed(ind, v, p.proposed) : null;
    if (own !== null && own > 0) gaps.push({ ind, v, base, own, exact: absoluteGap(ind, v!, p!.proposed) ?? own, proposed: p!.proposed });
    return [
      { text: `${bareName(ind)}（${unitText(ind, 'town') || '比值'}）`, header: true },
      { text: ind.isCumulative ? MISSING : figureText(ind, base), num: true },
      { text: figureText(ind, v), num: true, mark: isMarked(v) ? INCOMPLETE_MARK : undefined },
      // a count over the period from 0, as the first table gives it (the 2025 town review: +16个 there, — here)
      { text: periodChange(ind, townSpec(ind), base, v), num: true },
      // a ratio without the district's proposal: its figure is to be checked first (表2), not one the district shares out
      { text: isRatio(ind) && p ? `${formatNumber(p.proposed, ind.precision)}` : isRatio(ind) && doubtfulFigure(f, ind) ? '待全区数据核实后测算' : '按全区统筹', num: true },
      // in the plan's own words: `还差10名养老护理员`, `还需1个社区实行直接选举或户代表选举`
      { cardHide: own === null, text: own === null ? MISSING : own <= 0 ? (p && slipping(f, ind, town, base, f.values.get(f.year - 1, town.code, ind.id), v, p.proposed, next)) ?? '已达到，保持' : gapPhrase(ind, own, { exact: true }) },
    ];
  });
  // counted as the tables give the change: a count over the period from 0 (the 2025 town review: 15 of 21 beside a table showing 16)
  const comparable = facts.filter((x) => difference(sinceBaseline(x.ind, x.base), x.v?.value) !== null);
  const improved = comparable.filter((x) => difference(sinceBaseline(x.ind, x.base), x.v?.value)! > 0);
  // only of those with a value at both ends (no 2020 folder had read '21项指标中有0项较2020年提高')
  const b = f.plan.baselineYear;
  const overPeriod = comparable.length === 0
    ? `“${f.plan.era}”时期，${town.name}的${items(facts.length)}指标${facts.every((x) => x.v?.value == null) ? f.year : b}年均缺少数据，不作与${b}年的比较。`
    : `“${f.plan.era}”时期，${town.name}${items(facts.length)}指标中${comparable.length < facts.length ? `，可与${b}年比较的${items(comparable.length)}中` : ''}有${items(improved.length)}较${b}年提高${fewerUnits(f, town, facts)}。`;
  // What the town added to the district's totals over the period (report.md §4: what it
  // contributed): the counts it grew most, as a share of the district's growth.
  const added = facts.flatMap((x) => {
    if (isRatio(x.ind) || x.v?.value == null || x.district?.value == null || doubtfulFigure(f, x.ind)) return [];
    const from = sinceBaseline(x.ind, x.base);
    const districtFrom = x.ind.isCumulative ? 0 : f.values.districtValue(f.plan.baselineYear, x.ind.id)?.value;
    if (from == null || districtFrom == null) return [];
    const own = x.v.value - from;
    const all = x.district.value - districtFrom;
    return own > 0 && all > 0 ? [{ x, own, share: own / all }] : [];
  }).sort((a, b) => b.share - a.share || a.x.ind.id - b.x.ind.id).slice(0, 3);
  const pace = paceToTargets(f, gaps, next);
  const contributed = (added.length
    ? `总量类指标中，${added.map((a) => `${quote(bareName(a.x.ind))}${a.x.ind.isCumulative ? '累计' : '增加'}${formatValue(townSpec(a.x.ind), a.own)}，占全区同期增量的${formatPercent(a.share)}`).join('；')}。`
    : '') + (openedInTown(f, town) ?? '');
  return [
    para(`${overPeriod}${contributed}比率类指标的“${f.plan.nextEra}”目标建议沿用全区的建议目标（测算见全区报告）；下表最后一列是本${town.type}与该目标的差距，即本${town.type}自身达到该目标还需新增的数量${inTable3(f, town, gaps)}。`),
    {
      table: {
        caption: `${town.name}“${f.plan.era}”时期主要指标变化和“${f.plan.nextEra}”目标建议`,
        columns: ['指标（单位）', `${f.plan.baselineYear}年`, `${f.year}年`, '变化', `建议${next}年目标（全区）`, `本${town.type}与建议目标的差距`],
        rows,
        className: 'compact record',
        // on a phone each indicator a card (a review: the last two columns cut off at 390 px)
        stack: true,
        // the changes' rounding said under this table too: 6.2 → 29.2 as +22.9个百分点 read as a slip (the final review)
        notes: [`注：${ROUNDED_CHANGE_NOTE}`, ...(facts.some((x) => isMarked(x.v)) ? [`标“${INCOMPLETE_MARK}”的数值所用数据不完整，仅供参考，未计入的数据见“二、主要指标”的表注。`] : [])],
      },
    },
    // whether the town's own pace gets it there: the table says how far, not how fast
    ...(pace ? [para(pace)] : []),
  ];
}

export function townReport(input: TownReportInput): ReportDocument {
  const { facts: f, town } = input;
  const { plan, year } = f;
  const H = new Headings();
  const figures = new FigureCounter();
  const facts = factsOf(f, town);
  const final = year >= plan.targetYear;
  const name = final ? EDITION_NAMES.final : f.edition === 'midterm' ? EDITION_NAMES.midterm : `${year}年度实施评估报告`;
  const title = `${plan.title}${name}（${town.name}）`;

  const sections: DocSection[] = [];
  sections.push(section(H.add('town-overview', '总体情况', 1), overview(f, town, facts).map(para)));
  sections.push(section(H.add('town-indicators', '主要指标', 1), [indicatorTable(f, town, facts)]));
  const all = shortfallFacts(facts);
  // a facility the town has none of comes within the five, the ratios' smallest gaps after it
  const none = noneOfOnePerTown(f, town, facts);
  // the district coverage it lacks: binding ones always, the others where the ratios leave room
  // (otherwise said beside the task every town shares, in 四)
  const allLacks = coverageLacks(f, town);
  const binding = allLacks.filter((x) => x.binding);
  const spare = Math.max(0, MOST_SHORTFALLS - none.length - binding.length - all.length);
  const lacks = [...binding, ...allLacks.filter((x) => !x.binding).slice(0, spare)];
  const room = Math.max(0, MOST_SHORTFALLS - none.length - lacks.length);
  const short = all.slice(0, room);
  const trends = townTrends(f, town, short, figures);
  const gaps = [...lacks.filter((x) => x.binding).map((x) => x.text), ...shortfalls(f, town, short, trends), ...none, ...lacks.filter((x) => !x.binding).map((x) => x.text)];
  const rest = otherShortfalls(all.slice(room));
  // Fewer than three shortfalls against the district targets (report.md §4 asks for 3–5): what else there is
  const more = gaps.length > 0 && gaps.length < 3 ? otherWeaknesses(f, town, facts, short) : [];
  sections.push(section(H.add('town-gaps', '主要差距', 1), gaps.length
    ? [gaps.length === 1 ? para(gaps[0]!) : { list: { items: gaps, ordered: true } }, ...(more.length ? [para(`此外，${more.join('')}`)] : []), ...(rest ? [para(rest)] : []), ...trendBlocks(f, town, trends)]
    : [para(noShortfall(f, town, facts))]));
  const { named, related, shared, closed, hosted } = townTasks(f, town, short);
  const taskBlocks: Block[] = [];
  // the year's ledger not sent: its tasks are unknown, not none (a town named in an overdue task had read '没有单独列明')
  if (ledgerMissing(f)) taskBlocks.push(para(`${f.year}年重点任务台账未报送，与本${townKind(town)}相关的区级任务的进展无从说明。`));
  else if (named.length) taskBlocks.push(para(`区级重点任务台账中列明${town.name}的任务：`), { list: { items: named.map((t) => `${taskLine(f, town, t)}。`), ordered: false } });
  // that the ledger names none of the town's own is said only where nothing else follows (the fourth review: a sentence that says nothing)
  else if (!related.length && !shared.length && !closed.length && !hosted.length) taskBlocks.push(para(`区级重点任务台账中没有单独列明${town.name}的任务，也没有与本${townKind(town)}主要差距相关、尚未完成的任务。`));
  // with the cause the ledger gives (a review: 榆垡's gap in 心理服务站点 quoted the task at 89 %
  // and not why: '村级站点专业力量不足', the town's own situation); the progress is the district's,
  // and said so (89 % beside 榆垡's own 43.2 % read as the town's: the 2025 town review)
  const stateOf = (t: KeyTask, also = '', of = '全区') => {
    const cause = openCause(t, year);
    return `${quote(t.name)}（${t.leadUnit}牵头，${taskStateText(t, year)}${t.progress !== null ? `，${of}累计完成${formatNumber(t.progress)}%` : ''}${slowText(f, t)}${cause ? `，${cause}` : ''}${also ? `；${also}` : ''}）`;
  };
  // the task's progress is the facility's own here, not a district total
  const hostedItem = (t: KeyTask) => (taskState(t, year) === '已完成' ? `${quote(t.name)}（${t.leadUnit}牵头，${year}年完成）` : stateOf(t, '', ''));
  if (hosted.length) taskBlocks.push(para(`设施位于本${townKind(town)}辖区的区级任务：${joinAnd(hosted.map(hostedItem))}。`));
  if (related.length) taskBlocks.push(para(`与本${townKind(town)}主要差距相关、尚未完成的区级任务：${joinAnd(related.map((t) => stateOf(t)))}。`));
  if (closed.length) {
    // those done in one year said together (`“A”（…牵头）和“B”（…牵头）均已于2024年完成`, not
    // “A”…已于2024年完成和“B”…已于2024年完成: the 2024 town review)
    const byYear = new Map<number | null, KeyTask[]>();
    for (const { task } of closed) {
      const y = taskDoneYear(f, task.id);
      byYear.set(y, [...(byYear.get(y) ?? []), task]);
    }
    const done = [...byYear.entries()].map(([y, ts]) =>
      `${joinAnd(ts.map((t) => `${quote(t.name)}（${t.leadUnit}牵头）`))}${ts.length > 1 ? '均' : ''}${y ? `已于${y}年完成` : '已完成'}`);
    const inds = [...new Set(closed.flatMap((c) => c.inds))];
    // the task closed on the district's total, the gap still the town's and its lead's: '需由本镇继续补齐'
    // had put it on the town alone, for a task its department led and declared done (the final review of 安定镇)
    const leads = [...new Set(closed.map((c) => c.task.leadUnit))];
    taskBlocks.push(para(`与本${townKind(town)}主要差距相关的区级任务中，${done.join('，')}，但本${townKind(town)}的${inds.map((i) => quote(bareName(i))).join('')}仍未达到全区目标水平（见三）：任务按全区完成，本${townKind(town)}的差距需${leads.join('、')}与本${townKind(town)}共同补齐。`));
  }
  // where the town has done its part, only that (who leads and how far the district is are
  // not its concern, and the list ran town PDFs onto a near-empty page)
  const saidLacks = new Set(lacks.map((x) => x.indicatorId));
  const sharedItem = (t: KeyTask) => {
    const part = townPart(f, town, t);
    return part?.done ? `${quote(t.name)}（${part.text}）` : stateOf(t, part && part.indicatorId !== undefined && saidLacks.has(part.indicatorId) ? '见三' : part?.text);
  };
  if (shared.length) taskBlocks.push(para(`需要各镇街共同落实、尚未完成的任务：${joinAnd(shared.map(sharedItem))}。`));
  // the ledger lost rows to validation: those that may concern this town — naming it, or every
  // town (镇街), or unread — and any sheet lost whole (the review of the flawed sample: a row of
  // 推进养老服务时间银行试点 said in all 22 town reports)
  const lostAll = lostKeyTasks(f.data, year);
  const lostTasks = lostTasksSentence({ ...lostAll, tasks: lostAll.tasks.filter((t) => lostTaskConcerns(t, town)) }, year);
  if (lostTasks) taskBlocks.push(para(lostTasks));
  sections.push(section(H.add('town-tasks', '相关重点任务', 1), taskBlocks));
  if (final) sections.push(section(H.add('town-record', `“${f.plan.era}”时期完成情况和“${f.plan.nextEra}”目标建议`, 1), record(f, town, facts)));

  // a town of 社区 only: its communities are 社区, not 社区（村）
  const worded = townHasVillages(f.data, year, town.code) ? sections : sections.map(inCommunities);
  return {
    lang: 'zh-CN',
    kind: 'town',
    edition: final ? 'final' : f.edition,
    year,
    title,
    runningHeader: `${plan.shortTitle}${name}（${town.name}）`,
    cover: {
      lines: [plan.title, name],
      subtitle: null,
      place: town.name,
      issuer: plan.issuers[plan.issuers.length - 1]!,
      date: coverDate(f),
      dataNote: `数据截至${year}年12月31日`,
    },
    toc: [],
    sections: worded,
    links: { pdf: input.pdfHref, district: input.districtHref, towns: [], townsIntro: '' },
  };
}

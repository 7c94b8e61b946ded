/**
 * Everything a report's text is written from, for one year and edition: the plan, the
 * evaluated values of every year, the key-task ledgers, the validated rows (for names of
 * facilities and communities) and the data quality; with the look-ups the writers share.
 */
import type { IndicatorValue } from '../evaluate/evaluate.ts';
import type { KeyTask } from '../evaluate/key-tasks.ts';
import { buildingInTown, districtLevelHosted, townsWith } from '../evaluate/details.ts';
import { targetRecord, type TargetRecord } from '../evaluate/history.ts';
import { indicatorsOf, tasksFor, taskState } from '../evaluate/task-state.ts';
import type { InputData } from '../ingest/read-inputs.ts';
import { SHEET_BY_NAME } from '../plan/contract.ts';
import type { Geography, Place } from '../plan/geography.ts';
import type { Chapter, Indicator, Plan } from '../plan/plan.ts';
import type { LineageRow, NumeratorPart, SheetRole } from '../warehouse/lineage.ts';
import type { DataQuality } from './data-quality.ts';
import type { DoubtfulCell } from './doubtful.ts';
import { chineseDate } from './page-frame.ts';
import type { ValueIndex } from './value-index.ts';
import { everyFigureMarked, isMarked } from './incomplete.ts';
import { formatNumber } from '../basics/format.ts';
import { bareName, joinAnd, quote, townKind, yearsText } from './phrases.ts';

/** Which evaluation a report is (report.md §1). */
export type Edition = 'annual' | 'midterm' | 'final';

export interface ReportFacts {
  plan: Plan;
  geography: Geography;
  year: number;
  edition: Edition;
  values: ValueIndex;
  /** The key-task ledger of each year. */
  tasksByYear: ReadonlyMap<number, readonly KeyTask[]>;
  data: InputData;
  quality: DataQuality;
  /** The lineage rows not counted (rejected, absent, empty) of every year: why a value is incomplete (present/incomplete.ts). */
  lost?: readonly LineageRow[];
  /** The cells asked to be checked (a change of more than half on last year) that count in a published value (present/doubtful.ts); default none. */
  doubtful?: readonly DoubtfulCell[];
  /** The district numerators read from more than one column, split by column and year (`readNumeratorParts`); default none. */
  numeratorParts?: readonly NumeratorPart[];
  /** Each indicator's sheets as numerator or denominator, by year (`readSheetRoles`); default none. */
  sheetRoles?: readonly SheetRole[];
  /** The publication date (YYYY-MM-DD), when the build was given one. */
  published?: string;
  /** The number of each indicator's trend chart in the report being written (`图3`), for the text to point to it. */
  trendFigures?: ReadonlyMap<number, number>;
}

/**
 * The cover's 成文日期 (GB/T 9704: year, month and day): the publication date the build was
 * given; without one, the year after the report's (dates come from the data, not the clock).
 */
export function coverDate(f: ReportFacts): string {
  return f.published ? chineseDate(f.published) : `${f.year + 1}年`;
}

export function tasksOf(f: ReportFacts, year = f.year): readonly KeyTask[] {
  return f.tasksByYear.get(year) ?? [];
}

/** The first year of the plan period whose ledger says the task is done (up to the report's year); null when none does, or when the ledger of the year before it is missing. */
export function taskDoneYear(f: ReportFacts, id: string): number | null {
  for (let y = f.plan.period.start; y <= f.year; y++) {
    const t = tasksOf(f, y).find((x) => x.id === id);
    if (!t || taskState(t, y) !== '已完成') continue;
    // the year before sent no ledger: done that year or this one, not known which (a year folder
    // missing had made a task due and done in it 逾期完成, the next year's ledger saying 已于2023年完成)
    return y > f.plan.period.start && ledgerMissing(f, y - 1) ? null : y;
  }
  return null;
}

/**
 * When the task was done as far as the ledgers tell: the first year whose ledger says so
 * (`year`), and the first year it may have been done in (`from`: after the last ledger before
 * that one, where ledgers are missing between; `year` itself where the year before has one).
 * Null when no ledger up to the report's year says it is done. A task due in 2025 and done by
 * 2024 was done early whether in 2023 or 2024 (a year without data had counted 1 early of 9).
 */
export function taskDoneSpan(f: ReportFacts, id: string): { from: number; year: number } | null {
  for (let y = f.plan.period.start; y <= f.year; y++) {
    const t = tasksOf(f, y).find((x) => x.id === id);
    if (!t || taskState(t, y) !== '已完成') continue;
    let from = y;
    while (from > f.plan.period.start && ledgerMissing(f, from - 1)) from--;
    return { from, year: y };
  }
  return null;
}

/** `2024年完成`, or `2023—2024年间完成` where the ledger of the year before is missing (taskDoneSpan). */
export function taskDoneText(f: ReportFacts, id: string): string {
  const d = taskDoneSpan(f, id);
  return d === null ? '' : d.from < d.year ? `${d.from}—${d.year}年间完成` : `${d.year}年完成`;
}

/**
 * The year the ledger took the task in, where that was after the first ledger sent (区精神卫生福利中心
 * 二期工程, listed from 2022); null for a task listed from the start (or never, up to the report's
 * year). The first ledger is the baseline year's where there is one: the final review counted 4
 * added of the 51 where the 2020 ledger held 45, the two listed from 2021 taken for the plan's own.
 */
export function addedInPeriod(f: ReportFacts, id: string): number | null {
  let first: number | null = null;
  for (let y = f.plan.baselineYear; y <= f.year; y++) {
    const ledger = tasksOf(f, y);
    if (ledger.length === 0) continue;
    first ??= y;
    if (ledger.some((x) => x.id === id)) return y > first && y >= f.plan.period.start ? y : null;
  }
  return null;
}

/**
 * The year a task's time pace runs from (the end of it): the year before the ledger took the task
 * in (区精神卫生福利中心二期工程, listed from 2022: from 2021's end), else the plan's baseline year.
 * A task added in 2022 and due in 2023 had been held to 66.7 % of its time in 2022 (the 2022 review).
 */
export function taskStartYear(f: ReportFacts, task: Pick<KeyTask, 'id'>): number {
  const added = addedInPeriod(f, task.id);
  return added === null ? f.plan.baselineYear : added - 1;
}

export function districtValue(f: ReportFacts, ind: Indicator, year = f.year): IndicatorValue | undefined {
  return f.values.districtValue(year, ind.id);
}

export function record(f: ReportFacts, ind: Indicator, year = f.year): TargetRecord {
  return targetRecord(f.plan, ind, f.values.districtSeries(ind.id, year), year);
}

/** The plan's 第三部分 (主要任务): its 体系 (level 2) in order. */
export function taskSystems(plan: Plan): Chapter[] {
  const part = plan.parts.find((p) => p.number === '第三部分');
  if (!part) throw new Error(`规划 ${plan.id} 没有第三部分（主要任务）`);
  return part.children;
}

/** Every chapter below `ch`, `ch` included. */
export function subtree(ch: Chapter): Chapter[] {
  return [ch, ...ch.children.flatMap(subtree)];
}

/** Indicators filed under a chapter or below it, in plan order. */
export function indicatorsUnder(plan: Plan, ch: Chapter): Indicator[] {
  const ids = new Set(subtree(ch).flatMap((c) => c.indicatorIds));
  return plan.indicators.filter((i) => ids.has(i.id));
}

/** Tasks filed under a chapter or below it. */
export function tasksUnder(tasks: readonly KeyTask[], ch: Chapter): KeyTask[] {
  const ids = new Set(subtree(ch).map((c) => c.id));
  return tasks.filter((t) => t.sectionId !== null && ids.has(t.sectionId));
}

/** `（二）大力发展养老服务体系` → `养老服务体系`: the subject of a plan heading without its verb. */
export function chapterSubject(ch: Pick<Chapter, 'title'>): string {
  return ch.title
    .replace(/^(建设|完善|大力发展|持续优化|加强|深化|强化|促进|推动|创新|持续深化|持续推进|推进|夯实|健全|加快|提升|优化|发展)/, '')
    .replace(/^(城乡)?/, (m) => m);
}

/** A town's place in the geography, by code. */
export function townOf(f: ReportFacts, code: string): Place | undefined {
  return f.geography.byCode.get(code);
}

/**
 * For an indicator that counts towns (开展精神障碍社区康复服务的街道乡镇占比): which towns have
 * what it counts, from the rows behind it — said only when those rows add up to the value's
 * numerator and denominator, so no town is named on rows the figure does not stand on.
 */
export function townCoverage(
  f: ReportFacts,
  ind: Indicator,
  year = f.year,
): { what: string; without: string; places: string; has: ReadonlySet<string>; lacking: Place[] } | null {
  const has = townsWith(f.data, year, ind.metric);
  const v = f.values.districtValue(year, ind.id);
  if (!has || v?.numerator == null || v.denominator == null || has.towns.size !== v.numerator || has.rows !== v.denominator) return null;
  return { what: has.what, without: has.without, places: has.places, has: has.towns, lacking: f.geography.towns.filter((t) => has.lacking.has(t.code)) };
}

/**
 * The towns still without what the indicator a task bears on counts (townCoverage), for a
 * measure's {镇街}: `由其派员到尚未开展服务的观音寺街道、…驻点` (the 2024 review: 尚未开展服务的镇街 named
 * none of the seven). Empty where no such indicator has towns lacking.
 */
export function lackingForTask(f: ReportFacts, task: KeyTask): string[] {
  for (const ind of indicatorsOf(task, f.plan)) {
    const cover = townCoverage(f, ind);
    if (cover && cover.lacking.length) return cover.lacking.map((t) => t.name);
  }
  return [];
}

/** The places a `townCoverage` says lack what it counts: `尚未实现公益性公墓服务覆盖的是安定镇和长子营镇`. */
export function lackingText(cover: { what: string; lacking: readonly Place[] }): string {
  return `尚未${cover.what}的是${joinAnd(cover.lacking.map((t) => t.name))}`;
}

/** A count whose target is one for each town it means something for (22 for 22 towns): those towns; else null. */
export function onePerTown(f: ReportFacts, ind: Indicator): Place[] | null {
  const towns = f.geography.towns.filter((t) => meaningfulFor(ind, t));
  return ind.aggregation === 'sum' && ind.level === 'DT' && ind.target === towns.length ? towns : null;
}

/**
 * For a count whose target is one for each town (22 for 22 towns) and is met: the towns that
 * still have none and those with more than one (`榆垡镇尚无，兴丰街道有2个`), so that a count
 * reached by one town's second site is not read as every town having one. With `withMore`, a
 * town's site under construction and a second site that is the district's own are said as such
 * (`榆垡镇的尚在建设，兴丰街道的2个中有1个是区级的大兴区社会心理服务促进中心`: the 2024 review
 * read 兴丰街道有2个 as two town centres). `what` names the thing after the towns where the sentence does
 * not already (`当年榆垡镇的尚在建设` read as missing its noun: a director's reading). Null when every
 * town has one, or for another indicator.
 */
export function oneEachShortfall(f: ReportFacts, ind: Indicator, year = f.year, withMore = true, what = ''): string | null {
  const towns = onePerTown(f, ind);
  if (!towns) return null;
  const v = f.values.districtValue(year, ind.id)?.value;
  if (v == null || v < ind.target) return null;
  const at = towns.map((t) => ({ t, n: f.values.get(year, t.code, ind.id)?.value ?? null }));
  if (at.some((x) => x.n === null)) return null;
  const none = at.filter((x) => x.n === 0);
  if (none.length === 0) return null;
  if (!withMore) return `${joinAnd(none.map((x) => x.t.name))}尚无${what}`;
  // a town whose own is being built: said so, not 尚无 (the 2024 review read 尚无、在建1个 as two facts)
  const lacking = withoutOrBuilding(f, ind, year, none.map((x) => x.t), what);
  const more = at.filter((x) => x.n! > 1).map((x) => {
    const hosted = districtLevelHosted(f.data, ind.metric, year, x.t.code);
    return hosted.length > 0 && x.n! - hosted.length <= 1
      ? `${x.t.name}的${formatNumber(x.n)}${ind.unit}中有${formatNumber(hosted.length)}${ind.unit}是区级的${joinAnd(hosted.map((h) => h.name))}`
      : `${x.t.name}有${formatNumber(x.n)}${ind.unit}`;
  });
  return [...lacking, ...more].join('，');
}

/**
 * Towns with none of what an indicator counts, those whose own is being built said apart:
 * `['安定镇尚无养老照料中心', '博兴街道的养老照料中心尚在建设']` (`what` the thing's name, or '').
 */
function withoutOrBuilding(f: ReportFacts, ind: Indicator, year: number, towns: readonly Place[], what: string): string[] {
  const building = towns.filter((t) => buildingInTown(f.data, ind.metric, year, t.code).length > 0);
  const without = towns.filter((t) => !building.includes(t));
  return [without.length ? `${joinAnd(without.map((t) => t.name))}尚无${what}` : '', building.length ? `${joinAnd(building.map((t) => t.name))}的${what}尚在建设` : ''].filter(Boolean);
}

/**
 * A town's count that holds a district-level facility the formula counts in its host town, said
 * (兴丰's 2, one of them the district's centre: the 2025 town review) — `“建成社会心理服务中心/站数量”的
 * 2个中含设在本街道的区级“大兴区社会心理服务促进中心”（按指标口径计入所在镇街），本街道自有的为1个。`;
 * null where it holds none. For the town reports and the site's town pages alike.
 */
export function hostedDistrictLevelText(data: InputData, ind: Indicator, v: IndicatorValue | null | undefined, town: Place): string | null {
  if (v?.value == null) return null;
  const hosted = districtLevelHosted(data, ind.metric, v.year, town.code);
  if (!hosted.length) return null;
  const self = `本${townKind(town)}`;
  return `${quote(bareName(ind))}的${formatNumber(v.value)}${ind.unit}中含设在${self}的区级${hosted.map((x) => quote(x.name)).join('、')}（按指标口径计入所在镇街），${self}自有的为${formatNumber(v.value - hosted.length)}${ind.unit}。`;
}

/**
 * A task the ledger shows done while the data still show a town without what its indicator
 * counts one per town of (oneEachShortfall): the indicator, the towns (`榆垡镇尚无`) and what they lack; null
 * otherwise. Said beside the task (三) and asked of its department (附录四: the 2024 and final
 * reviews read 建设镇街级社会心理服务中心（站） done for 全覆盖 in 2024 while 榆垡镇's was 在建).
 */
export function doneTaskShortfall(f: ReportFacts, t: KeyTask, year = f.year): { ind: Indicator; none: string; what: string } | null {
  for (const ind of indicatorsOf(t, f.plan)) {
    const none = oneEachShortfall(f, ind, year, false);
    // what the towns lack, in the indicator's words (建成社会心理服务中心/站数量 → 社会心理服务中心/站)
    if (none) return { ind, none, what: bareName(ind).replace(/^建成(运营)?/, '').replace(/数量$/, '') };
  }
  return null;
}

/**
 * A task the ledger shows done in an earlier year of the period while that year's data show a
 * town without (doneTaskShortfall of the year it was done), with whether every town has one in
 * the report's year: what the final evaluation, looking back, says beside it and asks of its
 * department (a director's reading: 建设镇街级社会心理服务中心（站） 已于2024年完成 for 全覆盖 while
 * 2024's 榆垡镇 was building its own, done in truth in 2025 — unsaid in the final evaluation,
 * which only checked tasks done in its own year). Null otherwise.
 */
export function doneEarlierWhileShort(f: ReportFacts, t: KeyTask, doneIn: number): { none: string; what: string; nowAll: boolean } | null {
  if (doneIn >= f.year) return null;
  const then = doneTaskShortfall(f, t, doneIn);
  if (!then) return null;
  const towns = onePerTown(f, then.ind);
  const nowAll = towns !== null && towns.every((p) => (f.values.get(f.year, p.code, then.ind.id)?.value ?? 0) >= 1);
  return { none: then.none, what: then.what, nowAll };
}

/** A task's text that puts it in every town (镇街, 镇（街）…). */
export const TOWNS_WORD = /镇（街）|镇街|街镇|街道乡镇/;

/**
 * A count every town it means something for is to have at least one of: by the plan's target
 * (22 for 22 towns: onePerTown), or by a key task of it whose goal says every town
 * (`22个镇街均建成运营养老照料中心`, `镇街级社会心理服务中心（站）全覆盖`); null otherwise.
 */
export function everyTown(f: ReportFacts, ind: Indicator): { towns: Place[]; task: KeyTask | null } | null {
  const towns = onePerTown(f, ind);
  if (towns) return { towns, task: null };
  if (ind.aggregation !== 'sum' || ind.level !== 'DT' || ind.isCumulative) return null;
  const task = everyTownTask(f, ind);
  return task ? { towns: f.geography.towns.filter((t) => meaningfulFor(ind, t)), task } : null;
}

/** A key task of a count whose goal says every town is to have one (`镇街级社会心理服务中心（站）全覆盖`), or null. */
export function everyTownTask(f: ReportFacts, ind: Indicator): KeyTask | null {
  const all = f.geography.towns.filter((t) => meaningfulFor(ind, t));
  return tasksFor(ind, tasksOf(f), f.plan).find((t) => TOWNS_WORD.test(`${t.name}${t.goal}`) && (/全覆盖/.test(`${t.name}${t.goal}`) || new RegExp(`${all.length}个镇街(均|全部)`).test(t.goal))) ?? null;
}

/**
 * For a count every town is to have one of (everyTown) whose district target is met: the towns
 * with none, and why each should have one — `安定镇尚无养老照料中心（重点任务“推动镇街养老照料中心全覆盖”的目标是
 * “22个镇街均建成运营养老照料中心”）` (the 2022 review: 21 照料中心 said 保持在规划要求的水平
 * while the plan's text asks for all 22 towns). Null where every town has one, or the towns' figures are missing.
 */
export function everyTownShortfall(f: ReportFacts, ind: Indicator, year = f.year): string | null {
  const each = everyTown(f, ind);
  if (!each || !each.task) return null;
  const none = townsWithNone(f, ind, each.towns, year);
  if (!none?.length) return null;
  // a town whose own is being built, said so (the 2021 review: 博兴街道's 照料中心 在建, said 尚无)
  const lacking = withoutOrBuilding(f, ind, year, none, ind.numeratorLabel?.name ?? '');
  return `${lacking.join('，')}（重点任务“${each.task.name}”的目标是“${each.task.goal}”）`;
}

/** Of `towns`, those whose count of `ind` is 0 in `year`; null where any of them has no figure. */
function townsWithNone(f: ReportFacts, ind: Indicator, towns: readonly Place[], year: number): Place[] | null {
  const at = towns.map((t) => ({ t, n: f.values.get(year, t.code, ind.id)?.value ?? null }));
  return at.some((x) => x.n === null) ? null : at.filter((x) => x.n === 0).map((x) => x.t);
}

/**
 * Looking back over the period, for a count every town is to have one of by a key task's goal
 * (everyTown, not one per town by the target: oneEachShortfall says those): the years some town
 * had none in operation, and from when every town had one — `2021—2023年仍有镇街没有建成运营的养老照料中心
 * （2021年安定镇、博兴街道，2022、2023年安定镇），2024年起各镇街均有` (附录三 promises to say it, and
 * the final evaluation had said only 各年均保持: the final review). Null where no year lacked one,
 * or a year's town figures are missing.
 */
export function everyTownHistory(f: ReportFacts, ind: Indicator): string | null {
  const each = everyTown(f, ind);
  if (!each?.task) return null;
  const lacking: { year: number; names: string }[] = [];
  for (let y = f.plan.period.start; y <= f.year; y++) {
    const none = townsWithNone(f, ind, each.towns, y);
    if (none === null) return null;
    if (none.length) lacking.push({ year: y, names: joinAnd(none.map((t) => t.name)) });
  }
  if (!lacking.length) return null;
  // the years with the same towns said together (2022、2023年安定镇)
  const groups: { years: number[]; names: string }[] = [];
  for (const x of lacking) {
    const g = groups.at(-1);
    if (g && g.names === x.names && g.years.at(-1) === x.year - 1) g.years.push(x.year);
    else groups.push({ years: [x.year], names: x.names });
  }
  const last = lacking.at(-1)!.year;
  const what = ind.numeratorLabel?.name ?? bareName(ind);
  return `${yearsText(lacking.map((x) => x.year))}仍有镇街没有建成运营的${what}（${groups.map((g) => `${yearsText(g.years)}${g.names}`).join('，')}）${last < f.year ? `，${last + 1}年起各镇街均有` : ''}`;
}

/**
 * The facilities under construction that a task not yet started in the ledger would build
 * (the towns' 在建 ones of the counts it serves every town of): `博兴街道养老照料中心` beside
 * “推动镇街养老照料中心全覆盖”尚未启动 (the 2021 review: the ledger's 未启动 and the facility
 * sheet's 在建 disagreed, unsaid). Empty otherwise.
 */
export function builtBeforeStarted(f: ReportFacts, t: KeyTask): string[] {
  if (taskState(t, f.year) !== '未启动') return [];
  return f.plan.indicators
    .filter((ind) => everyTownTask(f, ind) === t)
    .flatMap((ind) => f.geography.towns.flatMap((town) => buildingInTown(f.data, ind.metric, f.year, town.code).map((x) => x.name)));
}

/**
 * The years from the baseline to the one before the report's from which no sheet at all was
 * loaded (a year folder empty or missing): every value of theirs is missing. Said once, not in
 * every row of a table.
 */
export function yearsWithoutData(f: ReportFacts): number[] {
  const out: number[] = [];
  for (let y = f.plan.baselineYear; y < f.year; y++) if (!f.data.report.some((r) => r.year === y && r.status === 'loaded')) out.push(y);
  return out;
}

/** Whether the year sent no key-task ledger where an earlier year did: its tasks are not known, not none. */
export function ledgerMissing(f: ReportFacts, year = f.year): boolean {
  if (tasksOf(f, year).length > 0) return false;
  for (let y = f.plan.baselineYear; y < year; y++) if (tasksOf(f, y).length > 0) return true;
  return false;
}

/** A source an indicator lacks in a year: a sheet none of whose rows loaded (types null), or the types of a register not listed. */
export interface MissingInput {
  department: string;
  sheet: string;
  types: string[] | null;
}

/**
 * What indicators lack in a year, each with the department that fills it: their source sheets
 * none of whose rows loaded, and the types of a register they count that the year's sheets do
 * not list (one office's workbook not sent). Empty where the sheets came (a town's row or a cell
 * missing). One entry per sheet, the types of several indicators together.
 */
export function missingInputs(f: ReportFacts, inds: readonly Indicator[], year: number): MissingInput[] {
  const bySheet = new Map<string, MissingInput>();
  for (const ind of inds) {
    for (const name of ind.sourceSheets) {
      const had = bySheet.get(name);
      if (had?.types === null) continue;
      const department = SHEET_BY_NAME.get(name)?.department ?? '';
      if (!f.data.report.some((x) => x.year === year && x.sheetKind === name && x.rowsLoaded > 0)) {
        bySheet.set(name, { department, sheet: name, types: null });
        continue;
      }
      const counted = ind.sourceTypes[name];
      const types = f.data.missingTypes.filter((m) => m.year === year && m.sheetKind === name && (!counted || counted.includes(m.type))).map((m) => m.type);
      if (types.length) bySheet.set(name, { department, sheet: name, types: [...new Set([...(had?.types ?? []), ...types])] });
    }
  }
  return [...bySheet.values()];
}

/**
 * Missing inputs as a phrase, by department: `区统计局的《人口基础数据》`, `养老服务科的《养老服务设施》
 * 中的养老机构和养老照料中心、《居家养老》；区统计局的《人口基础数据》`.
 */
export function missingInputsText(missing: readonly MissingInput[]): string {
  const byDepartment = new Map<string, MissingInput[]>();
  for (const m of missing) byDepartment.set(m.department, [...(byDepartment.get(m.department) ?? []), m]);
  return [...byDepartment].map(([department, ms]) => `${department}的${ms.map((m) => `《${m.sheet}》${m.types ? `中的${joinAnd(m.types)}` : ''}`).join('、')}`).join('；');
}

/**
 * A maintain target met at the end but not known to have held every year, after its name:
 * `2022年未保持、2023年恢复`, or `2024年缺少数据，其余各年均保持` where the only years not held
 * are years without a value (a year whose sheet was not sent is no lapse).
 */
export function maintainedRecord(f: ReportFacts, ind: Indicator): string {
  const rec = record(f, ind);
  const unknown = rec.unknownYears.length ? `${yearsText(rec.unknownYears)}缺少数据` : '';
  if (rec.notMetYears.length === 0) return `${unknown}，其余各年均保持`;
  return `${yearsText(rec.notMetYears)}未保持${rec.recoveredYear !== null ? `、${rec.recoveredYear}年恢复` : ''}${unknown ? `（${unknown}）` : ''}`;
}

/** Whether the indicator means something at town level for this town (plan `town_scope`). */
export function meaningfulFor(ind: Indicator, town: Place): boolean {
  if (ind.level !== 'DT') return false;
  if (ind.townScope === 'none') return false;
  if (ind.townScope === 'all') return true;
  return town.type === ind.townScope;
}

/**
 * What a sentence comparing a value with another year's adds where any of them was made from
 * incomplete data: `（2023年所用数据不完整）`. A year whose every figure was (a file unreadable)
 * is not named: the report says that once. The 17th attack: 2023's 15.6张, made without 兴丰街道's
 * children, had been compared unmarked in 2024 (由15.6张降至14.9张) and 2025 (2023年曾达到目标).
 */
export function comparedIncomplete(f: ReportFacts, values: ReadonlyArray<IndicatorValue | null | undefined>): string {
  const said = incompleteYearsText(f, values);
  return said ? `（${said}）` : '';
}

/** comparedIncomplete's words without their brackets, for a clause inside others: `2023年所用数据不完整`. */
export function incompleteYearsText(f: ReportFacts, values: ReadonlyArray<IndicatorValue | null | undefined>): string {
  const years = [...new Set(values.filter(isMarked).map((v) => v!.year))]
    .filter((y) => !everyFigureMarked(f.values, y))
    .sort((a, b) => a - b);
  return years.length ? `${yearsText(years)}所用数据不完整` : '';
}

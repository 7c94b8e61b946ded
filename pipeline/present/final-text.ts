/**
 * The prose of the final evaluation (总结评估, report.md §2) that the annual reports do not
 * have: what each 体系 achieved over the period (indicators from the plan's baseline to the
 * last year, facilities opened, tasks completed, setbacks and how they were mended), the
 * lessons the data support, and the advice for the next plan (work to carry over,
 * indicators to keep, drop, re-base or redefine, proposed targets with their arithmetic,
 * a town split). Every claim is drawn from the data or the ledger.
 */
import { MISSING, chineseNumeral, formatNumber, formatPercent, formatTarget, formatValue, roundHalfEven } from '../basics/format.ts';
import { escapeRegExp } from '../basics/text.ts';
import { closedBetween, facilities, openedBetween, type Facility } from '../evaluate/details.ts';
import { THRESHOLDS, type IndicatorValue } from '../evaluate/evaluate.ts';
import type { KeyTask } from '../evaluate/key-tasks.ts';
import { gapPace, RECENT_YEARS, type GapPace } from '../evaluate/gaps.ts';
import { proposeTarget, yearClosing, type Proposal } from '../evaluate/proposals.ts';
import { bearsOn, deadlineYear, taskCause, taskPace, tasksFor, taskState, taskStateText, type TaskPace } from '../evaluate/task-state.ts';
import type { Chapter, Indicator, Plan } from '../plan/plan.ts';
import { recommendations } from './advice.ts';
import { baselineAside } from './baseline.ts';
import { differingBaseline } from '../evaluate/printed-baseline.ts';
import { doubtfulFigure, doubtfulNote } from './doubtful.ts';
import { everyFigureMarked, isMarked } from './incomplete.ts';
import { absentGapText, absentTowns, absentTownsText } from './absent-towns.ts';
import { withBuildingCheck, causeKind, causeKinds, causeTally, facilitiesStillStopped, focusTowns, gapAfterReopening, mixAdjustedNote, mixBehindRise, problemThemes, ratioShortfall, reopenMeasure, responsibleDepartment } from './themes.ts';
import { lapseCause, newNumeratorPart, newPartOfGrowth, withoutNewPart } from './progress.ts';
import { indicatorMeasure, taskMeasure, type RecommendationText } from './recommendations.ts';
import { earlyText, fallText, figuresText, gapMeasure, gapPhrase, gapText, items, joinAnd, names, perYearAmount, quote, quoted, valueText, yearsText } from './phrases.ts';
import { addedInPeriod, comparedIncomplete, districtValue, indicatorsUnder, lackingForTask, maintainedRecord, missingInputs, missingInputsText, record, yearsWithoutData, taskDoneSpan, taskDoneText, taskDoneYear, tasksOf, tasksUnder, lackingText, townCoverage, type ReportFacts } from './report-facts.ts';
import { checkedIndicators, verdictChecks } from './verdict-checks.ts';

const pointsOrUnit = (ind: Indicator) => (ind.unit === '%' ? '个百分点' : ind.unit);

/**
 * `由5张增至7.1张`: from the plan's printed baseline to the last value. `again`: the indicator's
 * change was said before in the report, with the data's baseline beside the printed one, which
 * is not said a second time (五 after 三: the final review counted the aside seven times).
 */
function fromTo(f: ReportFacts, ind: Indicator, v: IndicatorValue | undefined, again = false, inner = ''): string {
  if (ind.isCumulative) return `${f.plan.period.start}年以来累计${valueText(ind, v)}`;
  const b = ind.baselineText ? `${ind.baselineText}${ind.unit}` : '—';
  const up = (v?.value ?? 0) >= (ind.baseline ?? 0);
  // the printed baseline, and the data's where they differ, on the page that uses it (evaluation.md)
  const aside = again ? '' : baselineAside(ind, districtValue(f, ind, f.plan.baselineYear)?.value);
  // a figure its department is asked to check says so where it is said as reached (a review read 8823家 in 三 as an achievement)
  const doubted = !again && v?.year === f.year && doubtfulFigure(f, ind) ? '含需核实的填报，见附录四' : '';
  // `inner` (the counts behind a rate) in the same brackets: 65.3%（…，见附录四）（节地生态安葬由…） read as two asides (a review)
  const said = [inner, doubted].filter(Boolean).join('；');
  return `由${f.plan.baselineYear}年的${b}${aside}${up ? '提高到' : '变为'}${valueText(ind, v)}${said ? `（${said}）` : ''}`;
}

/** Facilities of a 体系's sheets opened over the period, as a phrase: `新建成运营养老机构3家（…等，床位共…张）`. */
function openedFacilities(f: ReportFacts, system: Chapter): string | null {
  const sheets = new Set(indicatorsUnder(f.plan, system).flatMap((i) => i.sourceSheets));
  const parts: string[] = [];
  // the change of a kind's beds said in full once (then as what the existing ones added or lost)
  let saidInFull = false;
  for (const sheet of ['养老服务设施', '福利机构', '救助床位', '社会心理服务站点']) {
    if (!sheets.has(sheet)) continue;
    const opened = openedBetween(f.data, sheet, f.plan.baselineYear, f.year);
    if (opened.length === 0) continue;
    // Those that stopped over the period too, so that the openings square with the tables' net change
    const closed = closedBetween(f.data, sheet, f.plan.baselineYear, f.year);
    // the beds of each kind at both ends: the new ones are not the whole change where existing
    // homes grew or shrank (新建600张 beside an indicator up by 810 would not square)
    const bedsByType = (year: number) => {
      const m = new Map<string, number>();
      for (const x of facilities(f.data, year, sheet)) m.set(x.type, (m.get(x.type) ?? 0) + (x.beds ?? 0));
      return m;
    };
    const [bedsBefore, bedsAfter] = [bedsByType(f.plan.baselineYear), bedsByType(f.year)];
    const byType = new Map<string, Facility[]>();
    for (const fac of opened) byType.set(fac.type, [...(byType.get(fac.type) ?? []), fac]);
    for (const [type, list] of byType) {
      const beds = list.reduce((s, x) => s + (x.beds ?? 0), 0);
      const named = list.filter((x) => (x.beds ?? 0) >= 50).slice(0, 3).map((x) => `${x.name}（${formatNumber(x.beds!)}张床位）`);
      const label = sheet === '社会心理服务站点' ? `${type}社会心理服务中心（站）` : sheet === '救助床位' ? `${type}机构` : type;
      const unit = sheet === '社会心理服务站点' ? '个' : '家';
      const gone = closed.filter((x) => x.type === type).length;
      const net = gone ? `（同期停用或撤并${formatNumber(gone)}${unit}，净${list.length >= gone ? '增' : '减'}${formatNumber(Math.abs(list.length - gone))}${unit}）` : '';
      const change = (bedsAfter.get(type) ?? 0) - (bedsBefore.get(type) ?? 0);
      // Said in full once; after that as what the existing ones added or lost, which squares the new
      // beds with the change without the whole comparison again (it read seven times in one
      // paragraph), where a bare '床位净增60张' after '共有床位23张' could not be reconciled.
      const existing = change - beds;
      // which existing ones, when one or two account for it (none stopped): '原有精神卫生福利机构
      // 床位增加4张' beside a district-level count still at 0 read as a contradiction
      const before = new Map(facilities(f.data, f.plan.baselineYear, sheet).filter((x) => x.type === type).map((x) => [`${x.town}|${x.name}`, x.beds ?? 0]));
      const grew = gone ? [] : facilities(f.data, f.year, sheet)
        .filter((x) => x.type === type && before.has(`${x.town}|${x.name}`) && before.get(`${x.town}|${x.name}`) !== (x.beds ?? 0))
        .map((x) => x.name);
      const which = grew.length > 0 && grew.length <= 2 ? `（${grew.join('、')}）` : '';
      // the beds of those stopped (as in the base year) and what the others added, where any had beds:
      // '连同既有养老机构的增减，床位共增加810张' hid a home of 352 beds gone and 562 added by the rest (the final review)
      const closedBeds = closed.filter((x) => x.type === type).reduce((s, x) => s + (before.get(`${x.town}|${x.name}`) ?? 0), 0);
      const rest = existing + closedBeds;
      // as the sum it is: '共有床位600张，连同停用或撤并的1家（原有床位352张）和其余既有养老机构床位的
      // 增加（562张），床位共增加810张' read as 600 + 352 + 562 (the final review)
      const restText = (sign: number) => (Math.sign(rest) === sign ? `${sign > 0 ? '加' : '和'}其余既有${label}${sign > 0 ? '增加' : '减少'}的${formatNumber(Math.abs(rest))}张` : '');
      const changeText = `${label}床位共${change >= 0 ? '增加' : '减少'}${formatNumber(Math.abs(change))}张`;
      const inFull = gone && closedBeds > 0
        ? `，${changeText}（新建成的${formatNumber(beds)}张${restText(1)}，减去停用或撤并的${formatNumber(gone)}${unit}原有的${formatNumber(closedBeds)}张${restText(-1)}）`
        : `，连同既有${label}的增减，床位共${change >= 0 ? '增加' : '减少'}${formatNumber(Math.abs(change))}张`;
      const all = beds > 0 && existing !== 0
        ? (saidInFull ? `，原有${label}床位${existing > 0 ? '增加' : '减少'}${formatNumber(Math.abs(existing))}张${which}` : inFull)
        : '';
      if (all) saidInFull = true;
      // the new beds: in the names, as a sum of several, or of the one not named
      // (共有, not 新建的共有: the sentence is of the new ones already, the final review)
      // (the number of them where only some are named: 包括 three, then 共有床位600张 read as the three's, the final review)
      const newBeds = beds <= 0 ? '' : list.length > 1 ? `，${named.length > 0 && named.length < list.length ? `${formatNumber(list.length)}${unit}` : ''}共有床位${formatNumber(beds)}张` : named.length ? '' : `，有床位${formatNumber(beds)}张`;
      parts.push(`${label}${formatNumber(list.length)}${unit}${net}${named.length ? `${named.length === list.length ? '，即' : '，包括'}${named.join('、')}` : ''}${newBeds}${all}`);
    }
  }
  return parts.length ? `规划期内新建成运营${parts.join('；')}。` : null;
}

/** `两年`, `三年`: a number of years in words. */
function yearsWord(n: number): string {
  return `${n === 2 ? '两' : chineseNumeral(n)}年`;
}

/** The first fall of a value below the year before and the year it recovered (null: never recovered), or null without a fall. */
function firstSetback(f: ReportFacts, ind: Indicator): { fell: number; back: number | null; fellAfter: number; backAfter: number | null } | null {
  const series = f.values.districtSeries(ind.id, f.year).filter((v) => v.year >= f.plan.period.start && v.value !== null);
  for (let i = 1; i < series.length; i++) {
    const prev = series[i - 1]!;
    const cur = series[i]!;
    if (cur.value! >= prev.value!) continue;
    const at = series.slice(i + 1).findIndex((x) => x.value! >= prev.value!);
    const later = at < 0 ? undefined : series[i + 1 + at]!;
    // across years without a value, the last year known before each (fellAfter, backAfter): the
    // fall or the recovery came in one of the years between (an empty 2023 had dated them 2024)
    return { fell: cur.year, back: later?.year ?? null, fellAfter: prev.year, backAfter: later ? series[i + at]!.year : null };
  }
  return null;
}

/** `2022年回落、2024年恢复`, across years without data `2022—2024年间回落、到2025年已恢复` (firstSetback). */
function setbackText(s: { fell: number; back: number; fellAfter: number; backAfter: number | null }): string {
  const fell = s.fell - s.fellAfter > 1 ? `${s.fellAfter}—${s.fell}年间回落` : `${s.fell}年回落`;
  const back = s.backAfter !== null && s.back - s.backAfter > 1 ? `到${s.back}年已恢复` : `${s.back}年恢复`;
  return `${fell}、${back}`;
}

/** Years in which a value fell below the year before, then recovered: setbacks and mends. */
function setbacks(f: ReportFacts, ind: Indicator): string | null {
  const series = f.values.districtSeries(ind.id, f.year).filter((v) => v.year >= f.plan.period.start && v.value !== null);
  for (let i = 1; i < series.length; i++) {
    const prev = series[i - 1]!;
    const cur = series[i]!;
    if (cur.value! >= prev.value!) continue;
    // a fall from a year made from incomplete data is no setback the data show (the fresh reading: 2023's
    // 15.6张, high for a town's children missing, read as a fall in 2024 never recovered)
    if (comparedIncomplete(f, [prev])) continue;
    const later = series.slice(i + 1).find((x) => x.value! >= prev.value!);
    // across years without a value, the fall is of the span, not of its last year (an empty 2023
    // had dated 2023's fall 2024, the year that in fact rose)
    const gap: number[] = [];
    for (let y = prev.year + 1; y < cur.year; y++) gap.push(y);
    const when = gap.length ? `${prev.year}—${cur.year}年间（${yearsText(gap)}缺少数据）` : `${cur.year}年`;
    // a fall in the report's own year has no 'since': it is where the period ends
    if (!later) return `${quoted(ind)}${when}${fallText(ind, prev, cur)}${cur.year < f.year ? `，此后未恢复到${prev.year}年的水平` : ''}${comparedIncomplete(f, [prev, cur])}`;
    const unsure = comparedIncomplete(f, [prev, cur, later]);
    const why = gap.length || unsure ? null : lapseCause(f, ind, cur.year);
    // a recovery after years without a value may have come in one of them
    const unknownBefore = series.findIndex((x) => x === later) - i !== later.year - cur.year;
    return `${quoted(ind)}${when}${fallText(ind, prev, cur)}${why ? `（${why}）` : ''}，${unknownBefore ? `到${later.year}年已` : `${later.year}年`}恢复到${valueText(ind, later)}${f.year > later.year ? `，${f.year}年为${valueText(ind, districtValue(f, ind))}` : ''}${unsure}`;
  }
  return null;
}

/** Tasks that were behind in some year and were done later, with the cause the ledger gave then. */
/** The first year before the report's that a task was behind (滞后, 逾期未完成), with its ledger entry then; null if it never was. */
function firstLag(f: ReportFacts, t: KeyTask): { year: number; then: KeyTask } | null {
  for (let y = f.plan.period.start; y < f.year; y++) {
    const then = tasksOf(f, y).find((x) => x.id === t.id);
    if (then && ['滞后', '逾期未完成'].includes(taskState(then, y))) return { year: y, then };
  }
  return null;
}

function mendedTasks(f: ReportFacts, tasks: readonly KeyTask[]): { text: string; late: boolean }[] {
  const out: { text: string; late: boolean }[] = [];
  for (const t of tasks) {
    if (taskState(t, f.year) !== '已完成') continue;
    const lag = firstLag(f, t);
    if (!lag) continue;
    const doneIn = taskDoneYear(f, t.id);
    const cause = taskCause(lag.then);
    // done after its deadline: not a lag made good in time, and not said as one
    const late = taskStateText(t, f.year, doneIn) === '逾期完成';
    out.push({ text: `${quote(t.name)}${lag.year}年${cause ? `因${cause}` : ''}一度滞后，${doneIn ?? f.year}年${late ? `完成，晚于完成时限（${t.deadline}）` : '完成'}`, late });
  }
  return out;
}

/** Where coverage indicators count their units: 镇街, 社区（村）, or both. */
function coverageLevel(inds: readonly Indicator[]): string {
  const towns = inds.filter((ind) => /^(镇街|街镇|镇|街道|街道乡镇)$/.test(ind.denominatorLabel?.name ?? '')).length;
  if (towns === inds.length) return '镇街';
  return towns === 0 ? '社区（村）' : '镇街和社区（村）';
}

/**
 * What a share or a count in 万人 stands for, as it grew over the period, for fromTo's brackets: `社会工作专业人才由2803人增加到
 * 4060人`, `实行直接选举和户代表选举的社区由123个增加到179个`. The final review found 体系二 to 五
 * said in percentages only, without the people served or the things done. Empty where the numerator
 * did not grow (a share that rose by its denominator alone says nothing of the sort) or is not known.
 */
function countsBehind(f: ReportFacts, ind: Indicator, v: IndicatorValue | undefined): string {
  if ((ind.unit !== '%' && ind.unit !== '万人') || !ind.numeratorLabel || v?.numerator == null) return '';
  const from = districtValue(f, ind, f.plan.baselineYear)?.numerator;
  if (from == null || !(v.numerator > from)) return '';
  const { name, unit } = ind.numeratorLabel;
  return `${name}由${formatNumber(from)}${unit}增加到${formatNumber(v.numerator)}${unit}`;
}

/** 三、主要任务完成情况及成效, one 体系: what was achieved, with quantities, and how setbacks were mended. */
export function systemAchievements(f: ReportFacts, system: Chapter): string[] {
  const out: string[] = [];
  const inds = indicatorsUnder(f.plan, system);
  const rows = inds.map((ind) => ({ ind, v: districtValue(f, ind) }));
  const done = rows.filter((r) => r.v?.verdict === '完成');
  const notDone = rows.filter((r) => r.v && r.v.verdict !== '完成' && r.v.verdict !== '无法评估');
  const unjudged = rows.filter((r) => r.v?.verdict === '无法评估');
  if (inds.length) {
    const achieved = done.filter((r) => !r.ind.isMaintain).map((r) => `${quoted(r.ind)}${fromTo(f, r.ind, r.v, false, countsBehind(f, r.ind, r.v))}`);
    // Held every year, or met again at the end after a dip: not the same claim.
    const held = done.filter((r) => r.ind.isMaintain && record(f, r.ind).metEveryYear).map((r) => quoted(r.ind));
    // met on data to check: said so, as 一 says it (the review of the flawed sample)
    const toVerify = new Set(checkedIndicators(verdictChecks(f)));
    const regained = done.filter((r) => r.ind.isMaintain && !record(f, r.ind).metEveryYear).map((r) => `${quoted(r.ind)}${maintainedRecord(f, r.ind)}，期末达到规划要求${toVerify.has(r.ind) ? '（待核实）' : ''}`);
    // all of them (or the one there is) said as such: not '1项主要指标完成1项'
    const count = done.length === inds.length
      ? (inds.length === 1 ? '该体系只有1项主要指标，已完成' : `该体系${items(inds.length)}主要指标全部完成`)
      : `该体系${items(inds.length)}主要指标完成${items(done.length)}`;
    const parts = [count];
    if (achieved.length) parts.push(achieved.join('，'));
    if (held.length) parts.push(`${held.join('')}各年均保持在规划要求的水平`);
    if (regained.length) parts.push(regained.join('，'));
    if (notDone.length) {
      // the trend charts that follow the paragraph, then where the causes are
      const figures = notDone.flatMap((r) => f.trendFigures?.get(r.ind.id) ?? []);
      parts.push(`${names(notDone.map((r) => r.ind))}未完成（${figures.length ? `变化情况见${figuresText(figures)}，原因见` : '见'}“存在的主要问题”）`);
    }
    // without a value in the year: not judged, and not among the unmet
    if (unjudged.length) parts.push(`${names(unjudged.map((r) => r.ind))}${f.year}年缺少数据，无法评估`);
    out.push(`${parts.join('；')}。`);
  } else {
    out.push('规划未对该体系设置量化指标，其进展以重点任务完成情况反映。');
  }
  const facilitiesText = openedFacilities(f, system);
  if (facilitiesText) out.push(facilitiesText);
  const tasks = tasksUnder(tasksOf(f), system);
  if (tasks.length) {
    const completed = tasks.filter((t) => taskState(t, f.year) === '已完成');
    const early = completed.filter((t) => {
      const due = deadlineYear(t.deadline);
      const d = taskDoneSpan(f, t.id);
      return due !== null && d !== null && d.year < due;
    });
    const named = completed.slice(0, 4).map((t) => `${quote(t.name)}`);
    const all = completed.length === tasks.length;
    out.push(`重点任务台账登记该体系任务${items(tasks.length)}，${all ? `${tasks.length > 1 ? '全部' : '已'}完成` : `完成${items(completed.length)}`}${named.length ? `${all && completed.length <= 4 ? '：' : '，包括'}${named.join('、')}${completed.length > 4 ? '等' : ''}` : ''}${early.length ? `；其中${items(early.length)}早于完成时限完成（${early.slice(0, 3).map((t) => `${quote(t.name)}${taskDoneText(f, t.id)}`).join('、')}）` : ''}。`);
  }
  const mends = [...inds.map((ind) => setbacks(f, ind)).filter((s): s is string => !!s), ...mendedTasks(f, tasks).map((m) => m.text)];
  if (mends.length) out.push(`规划实施过程中也出现过反复：${mends.join('；')}。`);
  return out;
}

export interface Lesson {
  title: string;
  text: string;
}

/** The tasks not done by the report's year, and the causes their 进展说明 give (those that give one). */
function unfinishedCauses(f: ReportFacts): { unfinished: KeyTask[]; causes: string[] } {
  const unfinished = tasksOf(f).filter((t) => taskState(t, f.year) !== '已完成');
  return { unfinished, causes: unfinished.map(taskCause).filter((c): c is string => Boolean(c)) };
}

/**
 * What held the unfinished tasks back, by the kinds of cause their 进展说明 name, each kind
 * counted: `未完成的10项重点任务，台账所述原因涉及专业人员（2项）、资金（1项）…，另有2项的原因为…。`
 * — 四、存在的主要问题's view across its themes. Null when every task is done.
 */
export function unfinishedTaskCauses(f: ReportFacts): string | null {
  const { unfinished, causes } = unfinishedCauses(f);
  if (unfinished.length === 0) return null;
  const tally = causeTally(causes);
  const other = causes.filter((c) => causeKind(c) === null);
  return `未完成的${items(unfinished.length)}重点任务，${tally.length ? `台账所述原因涉及${tally.map((k) => `${k.kind}（${items(k.count)}）`).join('、')}${other.length ? `，另有${items(other.length)}的原因为${other.join('、')}` : ''}` : '台账未说明原因'}。`;
}

/** 五、经验与启示: only the lessons the data bear out. */
export function lessons(f: ReportFacts): Lesson[] {
  const out: Lesson[] = [];
  const rows = f.plan.indicators.map((ind) => ({ ind, v: districtValue(f, ind) }));
  // Tasks done before their deadline and the targets met early with them, against the causes
  // that held the unfinished ones back: what the period teaches about planning a task (not
  // that a task whose goal is the target came with it — that is how the ledger was drawn up)
  const tasks = tasksOf(f);
  const early = tasks.filter((t) => {
    const done = taskDoneSpan(f, t.id);
    const due = deadlineYear(t.deadline);
    return done !== null && due !== null && done.year < due;
  });
  if (early.length) {
    // a task behind schedule in some year and done before its deadline after all is no example
    // of working early (婚姻登记机关标准化建设: 滞后 in 2023, done in 2024, due 2025): counted, not cited
    const lagged = early.filter((t) => firstLag(f, t) !== null);
    const pairs: string[] = [];
    for (const t of early.filter((x) => !lagged.includes(x))) {
      const hit = rows.find((r) => {
        const met = record(f, r.ind).earlyYear;
        return !r.ind.isMaintain && r.v?.verdict === '完成' && met !== null && bearsOn(t, r.ind, f.plan);
      });
      if (hit) pairs.push(`${quote(t.name)}完成时限为${t.deadline}，${taskDoneText(f, t.id).replace(/完成$/, '即完成')}，${quoted(hit.ind)}${earlyText(record(f, hit.ind))}达到目标`);
    }
    // the unfinished ones' causes are 四's (unfinishedTaskCauses); here only as the contrast a lesson draws on
    const kinds = causeKinds(unfinishedCauses(f).causes);
    const contrast = kinds.length ? (unfinishedTaskCauses(f) ?? '') : '';
    // a lesson only when one or two kinds of cause account for most of them
    const lesson = kinds.length ? `安排重点任务时先落实${kinds.join('、')}等条件，任务才能按期乃至提前完成。` : '';
    out.push({
      title: '抓早抓实重点任务，推动目标提前实现',
      text: `规划期内${items(early.length)}重点任务早于完成时限完成${lagged.length ? `（${items(lagged.length)}曾一度滞后）` : ''}${pairs.length ? `，其中${items(pairs.length)}任务的相关指标也提前达到规划目标${pairs.length > 3 ? '，如' : '：'}${pairs.slice(0, 3).join('；')}${pairs.length > 3 ? '等' : ''}` : ''}。${contrast}${lesson}`,
    });
  }
  // Coverage that widened most, among the targets met
  const coverage = rows
    .filter((r) => r.ind.unit === '%' && /覆盖|占比/.test(r.ind.name) && r.ind.baseline !== null && r.v?.value != null && !r.ind.isMaintain && r.v.verdict === '完成')
    .map((r) => ({ ...r, gain: r.v!.value! - r.ind.baseline! }))
    .filter((r) => r.gain >= 10)
    .sort((a, b) => b.gain - a.gain)
    .slice(0, 4);
  // and the coverage targets missed, at the level where they were (a lesson of reach to the
  // 街镇 beside 社区（村） coverage left short would claim more than the data show)
  const level = coverageLevel(coverage.map((r) => r.ind));
  const short = rows.filter((r) => r.ind.unit === '%' && /覆盖|占比/.test(r.ind.name) && !r.ind.isMaintain && r.v?.value != null && r.v.verdict === '未完成')
    .filter((r) => level !== '镇街' || coverageLevel([r.ind]) === '社区（村）');
  const below = level === '镇街' ? '社区（村）' : level;
  // each with its own figures (two of them in one bracket read as one figure said twice)
  const but = short.length
    ? `但${below}一级的${short.map((r) => `${quoted(r.ind)}${fromTo(f, r.ind, r.v)}（目标${formatTarget(r.ind, { words: true, unit: true })}）`).join('，')}，仍未达到目标，服务阵地向${below}延伸还需加力。`
    : '';
  // widest only when no coverage left short rose more (社区（村） coverage up 48.9 points beside 公墓's 30.0)
  const shortGain = Math.max(...short.map((r) => (r.ind.baseline !== null && !r.ind.isCumulative ? r.v!.value! - r.ind.baseline : -Infinity)));
  const widened = coverage.length && coverage[0]!.gain >= shortGain
    ? `服务阵地向${level}延伸成效明显`
    : `服务阵地向${level}延伸的目标已经实现`;
  // (each met coverage target was said in 三 with its baseline aside: not again)
  if (coverage.length) out.push({ title: '坚持重心下移，扩大基层服务覆盖', text: `已完成的覆盖类指标中，${coverage.map((r) => `${quoted(r.ind)}${fromTo(f, r.ind, r.v, true)}，提高${formatNumber(r.gain, r.ind.precision)}个百分点`).join('；')}。${widened}${but ? `；${but}` : '。'}` });
  // Setbacks mended after the annual evaluations, said as briefly as they happened
  const falls = f.plan.indicators
    .map((ind) => ({ ind, s: firstSetback(f, ind) }))
    .filter((x): x is { ind: Indicator; s: { fell: number; back: number; fellAfter: number; backAfter: number | null } } => x.s !== null && x.s.back !== null);
  const mended = mendedTasks(f, tasksOf(f));
  const mendedCount = mended.length;
  const lateCount = mended.filter((m) => m.late).length;
  if (falls.length + mendedCount > 0) {
    // how long each took at most: from the first year it may have fallen in
    const took = (x: (typeof falls)[number]) => x.s.back - (x.s.fellAfter + 1);
    const within = falls.filter((x) => took(x) === 1).length;
    const when = within === falls.length
      ? (falls.length === 1 ? '在次年' : '都在次年')
      : `${within > 0 ? `其中${items(within)}在次年、` : ''}${within > 0 ? items(falls.length - within) : '都'}在${yearsWord(Math.max(...falls.map(took)))}内`;
    const list = falls.slice(0, 4).map((x) => `${quoted(x.ind)}${setbackText(x.s)}`);
    const tasksText = mendedCount
      ? `${falls.length ? '；' : ''}${items(mendedCount)}一度滞后的重点任务也在规划期内完成${lateCount ? `（其中${items(lateCount)}晚于完成时限）` : ''}`
      : '';
    const missed = missedForecasts(f);
    // a year without data monitored nothing (a review: '使回落…能在当年被发现' beside an empty 2023)
    const gaps = yearsWithoutData(f).filter((y) => y >= f.plan.period.start);
    out.push({
      // forecasts that proved too hopeful, the lesson they teach in the title (the final review:
      // 及时发现和纠正偏差 over a body showing two forecasts of 预计可完成 for targets missed)
      title: missed ? '坚持年度监测评估，年度预判要结合项目实际进度' : '坚持年度监测评估，及时发现和纠正偏差',
      // what happened (恢复, 完成), and what the yearly evaluation does (finds them); not that it
      // mended them, which the data cannot show (the final review: the standard was raised, an office rated 5A),
      // nor that all were made up in the period (indicators 4 and 8 were not: the second final review)
      text: `规划期内${falls.length ? `${items(falls.length)}指标曾出现回落，${when}恢复（${list.join('，')}）` : ''}${tasksText}。逐年监测、对照时序进度检查，使回落和滞后能在当年被发现${gaps.length ? `；${yearsText(gaps)}缺少数据，当年的回落和滞后无法发现，年度报表需按时报送` : ''}。${missed}`,
    });
  }
  // the ledger's lag behind the indicators, a lesson of its own (the re-review: one paragraph of twenty lines)
  const lagging = ledgerBehindIndicators(f);
  if (lagging) out.push({ title: '台账进度要与指标进度相互印证', text: lagging });
  return out;
}

/**
 * Tasks the ledger reported on schedule (推进中 below its deadline: 按计划推进) in years when an
 * indicator they bear on was rated behind (滞后, 明显滞后), for targets missed at the end: the
 * ledger's own progress lagged the indicators (the final review: 实名注册志愿者扩面 推进中 72 % in
 * 2024, its indicator 滞后 since 2022) —
 * `台账自报的进度未及时反映指标的滞后：6项任务在相关指标已评为滞后的年份仍报按计划推进（…）…`. '' when none.
 */
function ledgerBehindIndicators(f: ReportFacts): string {
  // each task with its entry of the last such year (its progress then)
  const found: { task: KeyTask; ind: Indicator; years: number[]; statuses: Set<string> }[] = [];
  for (const ind of f.plan.indicators) {
    if (f.values.districtValue(f.year, ind.id)?.verdict !== '未完成') continue;
    const byTask = new Map<string, { task: KeyTask; years: number[]; statuses: Set<string> }>();
    for (let y = f.plan.period.start; y < f.year; y++) {
      const status = f.values.districtValue(y, ind.id)?.status;
      if (status !== '滞后' && status !== '明显滞后') continue;
      for (const t of tasksFor(ind, tasksOf(f, y), f.plan)) {
        if (taskState(t, y) !== '按计划推进') continue;
        const entry = byTask.get(t.id) ?? { task: t, years: [], statuses: new Set<string>() };
        entry.task = t;
        entry.years.push(y);
        entry.statuses.add(status);
        byTask.set(t.id, entry);
      }
    }
    for (const e of byTask.values()) found.push({ ...e, ind });
  }
  if (found.length === 0) return '';
  const tasks = new Set(found.map((x) => x.task.id)).size;
  const examples = [...found].sort((a, b) => b.years.length - a.years.length || a.ind.id - b.ind.id).slice(0, 2).map((x) => {
    const last = x.years.at(-1)!;
    const progress = x.task.progress === null ? '' : `，${last}年累计完成${formatNumber(x.task.progress)}%`;
    return `${quote(x.task.name)}${yearsText(x.years)}报为按计划推进${progress}，而相关的${quoted(x.ind)}${yearsText(x.years)}评价为${[...x.statuses].sort().reverse().join('或')}`;
  });
  return `台账自报的进度未及时反映指标的滞后：${items(tasks)}任务在相关指标已评为滞后的年份仍报按计划推进（${examples.join('；')}${found.length > examples.length ? '等' : ''}），相关指标期末未完成。“${f.plan.nextEra}”时期宜把台账的完成进度与相关指标的完成进度对照填报，二者不一致时说明原因。`;
}

/**
 * The targets missed at the end that an annual evaluation had expected to be met (its
 * 2025预判 预计可完成), with the related project's progress that year: the monitoring did not
 * see these coming, and the lesson says so rather than claim every deviation was caught.
 */
function missedForecasts(f: ReportFacts): string {
  const raisedNames: string[] = [];
  const said = f.plan.indicators.flatMap((ind) => {
    if (f.values.districtValue(f.year, ind.id)?.verdict !== '未完成') return [];
    // not from a figure without some towns' data: the miss may be the data's (the fresh-eyes reading: 19 towns'
    // 驿站 not sent, and the 2022–2024 forecasts faulted for a fall to 1)
    if (absentTowns(f, ind, f.year)) return [];
    let year: number | null = null;
    for (let y = f.plan.period.start; y < f.year; y++) if (f.values.districtValue(y, ind.id)?.outlook === '预计可完成') year = y;
    if (year === null) return [];
    const task = tasksFor(ind, tasksOf(f, year), f.plan).find((t) => taskState(t, year) !== '已完成' && t.progress !== null);
    const later = year + 1 < f.year ? f.values.districtValue(year + 1, ind.id)?.outlook : null;
    // 仍 only where an earlier evaluation said so too: a forecast that turned hopeful in its
    // year (难以完成 in 2022, 预计可完成 in 2023) is said as the turn it was (the final review)
    let first = year;
    while (first - 1 >= f.plan.period.start && f.values.districtValue(first - 1, ind.id)?.outlook === '预计可完成') first--;
    const before = first - 1 >= f.plan.period.start ? f.values.districtValue(first - 1, ind.id)?.outlook : null;
    const said = first < year
      ? `在${first}${year - first === 1 ? '、' : '—'}${year}年评估时均预判为“预计可完成”`
      : before
        ? `在${year}年评估时由上年的“${before}”改判为“预计可完成”`
        : `在${year}年评估时预判为“预计可完成”`;
    // the project's progress in each year said (a run of years had shown the last one's as 当年's)
    const progressIn = (y: number) => (task ? (tasksOf(f, y).find((t) => t.id === task.id)?.progress ?? null) : null);
    const run = Array.from({ length: year - first + 1 }, (_, i) => progressIn(first + i));
    const progress = !task ? ''
      : first === year || run.some((p) => p === null) ? `（当年相关的${quote(task.name)}累计完成${formatNumber(task.progress)}%）`
      : `（相关的${quote(task.name)}${run.length === 2 ? '两年' : '各年'}分别累计完成${run.map((p) => `${formatNumber(p!)}%`).join('、')}）`;
    // a forecast the trend did not give, raised by the rule that an outlook never contradicts a
    // status 快于时序进度 (a one-off opening put the year ahead of time): said, with the trend's
    // figure, since the rule and not the trend was hopeful (the site review: 86.7 % by the trend)
    const raisedIn = Array.from({ length: year - first + 1 }, (_, i) => first + i).find((y) => {
      const p = trendProgress(ind, f.values.districtValue(y, ind.id)?.projectedValue ?? null);
      return p !== null && p < THRESHOLDS.outlookLikely - 1e-9 && f.values.districtValue(y, ind.id)?.status === '快于时序进度';
    });
    const raised = raisedIn === undefined
      ? ''
      : `${first === year ? '' : `${raisedIn}年`}因当年进度快于时序进度而定为“预计可完成”，按趋势推算的完成进度只有${formatPercent(trendProgress(ind, f.values.districtValue(raisedIn, ind.id)!.projectedValue)!)}`;
    // a forecast the trend gave, which the years after it fell behind: the slowing said (the final
    // re-review: the trend gave about 80 %, then 39 and 35 stations a year after 68), not the rule
    const note = raised || (raisedIn === undefined ? slowedAfter(f, ind, year) : '');
    if (raised) raisedNames.push(quoted(ind));
    const aside = progress && note ? `${progress.slice(0, -1)}；${note}）` : progress || (note ? `（${note}）` : '');
    return [`${quoted(ind)}${said}${aside}${later ? `，${year + 1}年${first === year && before ? '又' : '才'}改判为“${later}”` : ''}`];
  });
  if (said.length === 0) return '';
  // the method the forecast followed, named, and what the next plan's evaluations do about it: the
  // lesson had faulted a rule 附录二 still states (the second final review)
  // as a lesson of the office's practice, not a note on a program's rule (a review read the latter as software's words)
  const rule = raisedNames.length ? `对${joinAnd(raisedNames)}的预判沿用了评价方法中“当年进度快于时序进度的，预判不低于‘预计可完成’”的规定（见附录二），没有反映趋势推算的不足；“${f.plan.nextEra}”时期的年度评估宜在预判旁同时给出趋势推算的完成进度，并结合后续项目安排判断；` : '';
  return `但个别指标的年度预判偏于乐观：${said.join('；')}；期末${said.length === 1 ? '' : '均'}未完成。${rule}年度预判要与相关项目的实际进度一并核对，项目滞后时及早提示。`;
}

/**
 * `按当时的趋势推算约为79.9%；此后有社会心理服务站点的社区（村）的增加放缓：2021—2023年年均增加68个，
 * 2024、2025年分别增加39、35个`: a numerator whose yearly gains after the last hopeful forecast
 * all fell below its average up to it; '' otherwise.
 */
function slowedAfter(f: ReportFacts, ind: Indicator, year: number): string {
  const n = ind.numeratorLabel;
  const at = (y: number) => f.values.districtValue(y, ind.id)?.numerator ?? null;
  const gains = (from: number, to: number) => {
    const out: number[] = [];
    for (let y = from; y <= to; y++) {
      const [a, b] = [at(y - 1), at(y)];
      if (a === null || b === null) return null;
      out.push(b - a);
    }
    return out;
  };
  const before = gains(f.plan.period.start, year);
  const after = gains(year + 1, f.year);
  const projected = f.values.districtValue(year, ind.id)?.projectedValue;
  if (!n || !before?.length || !after?.length || projected == null) return '';
  const average = before.reduce((x, y) => x + y, 0) / before.length;
  if (!(average > 0) || !after.every((g) => g < average)) return '';
  const unit = n.unit;
  const whole = (x: number) => formatNumber(x, Number.isInteger(roundHalfEven(x, 1)) ? 0 : 1);
  const years = Array.from({ length: after.length }, (_, i) => year + 1 + i);
  // a fall said as one, not 增加-138家 (the 驿站 office's rows left out of 2025's list), and a year's incomplete data said
  const since = `${yearsText(Array.from({ length: before.length }, (_, i) => f.plan.period.start + i))}${before.length > 1 ? '年均' : ''}增加${whole(average)}${unit}`;
  const later = after.some((g) => g < 0)
    ? after.map((g, i) => `${years[i]}年${g < 0 ? '减少' : '增加'}${formatNumber(Math.abs(g))}${unit}`).join('、')
    : `${yearsText(years)}${after.length > 1 ? '分别' : ''}增加${after.map((g) => formatNumber(g)).join('、')}${unit}`;
  const unsure = years.filter((y) => f.values.districtValue(y, ind.id)?.isComplete === false);
  const how = after.every((g) => g < 0) ? '转为减少' : after.some((g) => g < 0) ? '的增加放缓并出现减少' : '的增加放缓';
  return `按当时的趋势推算约为${formatValue(ind, projected)}；此后${n.name}${how}：${since}，${later}${unsure.length ? `（${unsure.length === years.length ? '' : yearsText(unsure)}所用数据不完整）` : ''}`;
}

/** The completion progress of a projected value (the trend's outlook before it is reconciled with the status); null without one. */
function trendProgress(ind: Indicator, projected: number | null | undefined): number | null {
  if (projected === null || projected === undefined) return null;
  const b = ind.baseline ?? 0;
  return ind.target === b ? null : (projected - b) / (ind.target - b);
}

/** Indicators at 100 % (or their maximum) in every year of the period: to drop as plan indicators. */
function alwaysFull(f: ReportFacts, ind: Indicator): boolean {
  if (ind.unit !== '%' || ind.target < 100) return false;
  const series = f.values.districtSeries(ind.id, f.year).filter((v) => v.year >= f.plan.period.start);
  return series.length === f.year - f.plan.baselineYear && series.every((v) => v.value !== null && v.value >= 100 - 1e-9);
}

/** A maintain target whose value never moved over the period (one 区级 institution): nothing left to plan. */
function neverMoved(f: ReportFacts, ind: Indicator): number | null {
  if (!ind.isMaintain) return null;
  const series = f.values.districtSeries(ind.id, f.year).filter((v) => v.year >= f.plan.period.start);
  if (series.length !== f.year - f.plan.baselineYear || series.some((v) => v.value === null)) return null;
  const first = series[0]!.value!;
  return series.every((v) => v.value === first) && first >= ind.target ? first : null;
}

/**
 * Kinds of cause whose end the bureau does not set by working faster: a project waiting for
 * its land, an approval, or a policy from the city. A pace of 完成进度 says nothing of when
 * they end, so no 时限 is reckoned from it.
 */
const WAITING_ON: Readonly<Record<string, string>> = { 项目用地: '用地手续办理', 审批手续: '审批进度', 上级政策: '上级政策出台' };

/** What a task waits on, of `WAITING_ON`, or null. */
function waitingOn(t: KeyTask): string | null {
  const cause = taskCause(t);
  return cause ? (WAITING_ON[causeKind(cause) ?? ''] ?? null) : null;
}

/**
 * A task's last years' pace and the year it gives, after where the task stands:
 * `，按2024、2025年的进度（每年推进25个百分点）2026年可以完成`, or `，2024、2025年进度没有推进`.
 */
function taskPaceText(pace: TaskPace | null, year: number): string {
  if (!pace) return '';
  // a ledger that went back: the two years said as written, to check (not 进度没有推进)
  if (pace.fell) return `，${pace.fell.year}年台账中为${formatNumber(pace.fell.from)}%，${year}年降为${formatNumber(pace.fell.to)}%（两年的台账不一致，需核实）`;
  const years = yearsText(Array.from({ length: year - pace.from + 1 }, (_, i) => pace.from + i));
  if (pace.doneYear === null) return `，${years}进度没有推进`;
  const step = formatNumber(pace.perYear, Number.isInteger(roundHalfEven(pace.perYear, 1)) ? 0 : 1);
  return `，按${years}的进度（每年推进${step}个百分点）${pace.doneYear}年可以完成`;
}

/**
 * Whether the district figures of `from` to `to` are summed over the same towns: a pace between
 * a year with every town and one without some is no pace (the final review: 年均增加约1.3万名
 * from 2023 with 长子营镇 to 2025 without it, and 2026年可以补齐 from it).
 */
function sameTownsOver(f: ReportFacts, ind: Indicator, from: number, to: number): boolean {
  const towns = (y: number) => (absentTowns(f, ind, y)?.towns ?? []).map((t) => t.code).sort().join(',');
  const first = towns(to);
  for (let y = from; y < to; y++) if (towns(y) !== first) return false;
  return true;
}

/**
 * How an unmet target's gap moved over the last two years, after the gap itself:
 * `，2024、2025年年均净增27个，按此速度2027年可以补齐`; a gap that did not close, or a
 * numerator that did not grow (or fell: `…减少43名`), says so and gives no year.
 */
function gapPaceText(ind: Indicator, pace: GapPace | null, year: number): string {
  if (!pace) return '';
  // the years whose additions the pace is (2024、2025年): '2023年以来' read as counting 2023's too
  const years = yearsText(Array.from({ length: year - pace.since }, (_, i) => pace.since + 1 + i));
  if (pace.numeratorFlat) {
    const n = ind.numeratorLabel?.name ?? '分子';
    // a fall said as a fall, not as 没有增加
    const moved = pace.added < -1e-9 ? `减少${perYearAmount(ind, -pace.added).replace(/^约/, '')}` : '没有增加';
    return `，${years}${n}${moved}${pace.then > 0 ? '，不能推算补齐的时间' : ''}`;
  }
  if (pace.doneYear === null) return `，${years}缺口没有缩小`;
  // an average of the years named, said as one ('每年净增27个' for +22 and +32 read as each year's: a review)
  const avg = year - pace.since > 1 ? '年均' : '';
  // what was added, and what is left of it once the base's growth is served, each said as what
  // it is: '年均净增约126张' alone read as the beds added (155 a year: the final review)
  const gross = pace.added / (year - pace.since);
  const added = gross - pace.perYear > 1e-9
    ? `${avg}增加${perYearAmount(ind, gross)}，扣除${ind.denominatorLabel?.name ?? '基数'}增长所需的${perYearAmount(ind, gross - pace.perYear)}后${avg}净增${perYearAmount(ind, pace.perYear)}`
    : `${avg}增加${perYearAmount(ind, pace.perYear)}`;
  return `，${years}${added}，按此速度${pace.doneYear}年可以补齐`;
}

export interface NextPlanAdvice {
  /** Work to carry over: unmet targets and unfinished tasks. */
  carryOver: string[];
  /** Targets not judged for want of data: the data to send first, in a list of their own. */
  toJudge: string[];
  /** How many of carryOver's measures an annual report had already proposed (marked `（2023年度评估已提出）`). */
  repeated: number;
  /** How many of carryOver's items propose a 时限: the year a gap closes, or a task is done, at the last two years' pace. */
  deadlines: number;
  keep: Indicator[];
  drop: { ind: Indicator; why: string }[];
  rebase: { ind: Indicator; why: string }[];
  redefine: { ind: Indicator; why: string }[];
  /** Targets met only by a kind the numerator first counted in the period: that kind to be set apart. */
  split: { ind: Indicator; why: string }[];
  raise: { ind: Indicator; why: string }[];
  proposals: Proposal[];
}

/**
 * 六、“十五五”时期的建议: what to carry over — each unmet target and unfinished task with the
 * measure the office's wording gives it (recommendations.txt: by indicator, by the cause the
 * ledger names) and who leads it —, how to set the indicators, what targets.
 */
export function nextPlanAdvice(f: ReportFacts, text: RecommendationText): NextPlanAdvice {
  const rows = f.plan.indicators.map((ind) => ({ ind, v: districtValue(f, ind) }));
  const carryOver: string[] = [];
  const toJudge: string[] = [];
  const unfinished = tasksOf(f).filter((t) => taskState(t, f.year) !== '已完成');
  /** Where a task stands: `累计完成85%，已逾期，专业康复人员不足`; one waiting on land, an approval or the city says that no 时限 is reckoned. */
  const standing = (t: KeyTask) => {
    const cause = taskCause(t);
    const waits = waitingOn(t);
    // a task the ledger took in during the period, with its year (the second phase of a binding gap, from 2022: the final review)
    const addedIn = addedInPeriod(f, t.id);
    const added = addedIn === null ? '' : `${addedIn}年列入台账，`;
    return `${added}累计完成${t.progress === null ? '—' : `${formatNumber(t.progress)}%`}${taskStateText(t, f.year) === '逾期未完成' ? '，已逾期' : ''}${cause ? `，${cause}` : ''}${waits ? `，完成时间取决于${waits}，不作推算` : ''}`;
  };
  /**
   * A task of its own: its last two years' pace, unless it waits on land, an approval or
   * the city (then no year is reckoned). An unmet target's item takes its 时限 from how its
   * gap closed (measured), not from its tasks' self-reported 完成进度.
   */
  const ownPace = (t: KeyTask): TaskPace | null => {
    if (waitingOn(t)) return null;
    return taskPace((y) => (y === f.year ? t.progress : tasksOf(f, y).find((x) => x.id === t.id)?.progress ?? null), f.year);
  };
  // The measures the annual reports recommended (each year's as its report gave them): a
  // measure the final report would give again for a task still not done says when it was first
  // proposed, and that the next plan must fix who and by when — the same words as in 2023,
  // for a task unfinished two years on, read as if nothing had been learnt.
  const recommended = new Map<number, string[]>();
  for (let y = f.plan.period.start; y < f.year; y++) {
    const fy: ReportFacts = { ...f, year: y, edition: 'annual', trendFigures: undefined }; // that year's report numbered its own charts
    recommended.set(y, recommendations(fy, problemThemes(fy), text).flatMap((r) => r.measures));
  }
  // (`varying`: a part of the measure each year's report filled in its own way, the towns still
  // without a service: matched as any text; the final review found 派员到…驻点 of 2023 and 2024 uncounted)
  const firstProposed = (measure: string, varying: string | null = null): number | null => {
    const like = varying ? new RegExp(measure.split(varying).map(escapeRegExp).join('[^，；。]*?')) : null;
    return [...recommended].find(([, ms]) => ms.some((m) => (like ? like.test(m) : m.includes(measure))))?.[0] ?? null;
  };
  /** A measure as said again, with the year an annual report first proposed it, if one did. */
  const again = (said: string, varying: string | null = null): string => {
    const since = firstProposed(said, varying);
    if (since === null) return said;
    repeated += 1;
    return `${said}（${since}年度评估已提出）`;
  };
  const measureOf = (t: KeyTask): string | null => {
    const towns = lackingForTask(f, t);
    const said = taskMeasure(text, t.name, taskCause(t), towns)?.said ?? null;
    return said === null ? null : withBuildingCheck(f, t, again(said, towns.length ? joinAnd(towns) : null));
  };
  let repeated = 0;
  let deadlines = 0;
  /**
   * The advice of an item, in sentences after its facts: who leads and the measures, then by
   * when (`due`) it is to be done (`what`: 补齐 a gap, 完成 a task). A task the item has just
   * named, if it names one only, is `该任务` in its measures, not its full name again.
   */
  const advise = (lead: string | null, measures: readonly string[], due: number | null, what: string, named: readonly KeyTask[]) => {
    const only = named.length === 1 ? quote(named[0]!.name) : null;
    const said = only ? measures.map((m) => m.split(only).join('该任务')) : measures;
    const measuresText = said.length ? `建议${lead ? `由${lead}牵头，` : ''}${said.join('；')}。` : '';
    return `${measuresText}${due !== null ? `力争${due}年底前${what}。` : ''}`;
  };
  // An unmet target with the unfinished tasks that bear on it, in one item: the gap, the
  // tasks' progress and causes, the measures, led by the task's 牵头单位 in the ledger (else
  // the department of the indicator's data); binding targets first
  const placed = new Set<KeyTask>();
  // a target without a value in the year (无法评估) is no gap to close: its data are asked for below
  const unmet = rows.filter((r) => r.v && r.v.verdict !== '完成' && r.v.verdict !== '无法评估').sort((a, b) => Number(b.ind.isBinding) - Number(a.ind.isBinding));
  for (const r of unmet) {
    const gap = gapText(r.ind, r.v!);
    const related = tasksFor(r.ind, unfinished, f.plan).filter((t) => !placed.has(t));
    for (const t of related) placed.add(t);
    const m = text.byIndicator.get(r.ind.id);
    // the measure's own “（目前还差…）” would say the gap a second time
    const own = m && gap ? indicatorMeasure(m, r.ind, r.v!.value, gap).replace(`（目前${gap}）`, '') : '';
    // where: the towns most behind, or for a share of towns those without it (the district's gap
    // says how much, not where; the towns' own gaps, added up, can be more than the district's,
    // as 四、存在的主要问题 explains, so their sum is not said again here)
    const focus = focusTowns(f, r.ind);
    const cover = focus ? null : townCoverage(f, r.ind);
    const where = focus ?? (cover && cover.lacking.length ? `目前${lackingText(cover)}` : '');
    // the target's own measure too, where a year's report gave it for the same target (second review)
    const taskMeasures = related.map((t) => measureOf(t) ?? `加快推进${quote(t.name)}`);
    // not where a task's measure has just named the same towns ({镇街}: the final review read the six twice)
    const named = !focus && cover && cover.lacking.length && taskMeasures.some((m) => m.includes(joinAnd(cover.lacking.map((t) => t.name))));
    // the stopped beds asked back, marked where a year's report asked it too, with what they would leave of the gap
    // (the final re-review: 352 of 403, the rest 51; the same request in 2023 and 2024 unmarked)
    const reopen = reopenMeasure(f, r.ind);
    const left = reopen ? gapAfterReopening(f, r.ind) : null;
    const reopened = reopen ? `${again(reopen)}${left === null ? '' : left > 0 ? `；停用床位恢复运营后仍差${formatNumber(left)}张` : '；停用床位恢复运营即可达到目标'}` : '';
    const measures = [own ? again(own) : '', ...taskMeasures, reopened, named ? '' : where].filter(Boolean);
    const leads = [...new Set(related.map((t) => t.leadUnit).filter((u): u is string => !!u))];
    const tasks = related.map((t) => `相关任务${quote(t.name)}${standing(t)}`);
    const pace = r.v!.target === null || !sameTownsOver(f, r.ind, f.year - RECENT_YEARS, f.year) ? null : gapPace(r.ind, (y) => districtValue(f, r.ind, y), f.year, r.v!.target);
    const due = pace?.doneYear ?? null;
    if (due !== null) deadlines += 1;
    // the facts in sentences of their own (where the target stands, then its tasks), then the advice
    const absent = absentTownsText(f, r.ind, f.year, true);
    const withAbsent = absentGapText(f, r.ind);
    carryOver.push(`${r.ind.isBinding ? '约束性指标' : ''}${quoted(r.ind)}。${f.year}年为${valueText(r.ind, r.v)}${absent ? `（${absent}）` : ''}，${gap ? `${gap}${withAbsent ? `（${withAbsent}）` : ''}` : '未达到目标'}${gapPaceText(r.ind, pace, f.year)}。${tasks.length ? `${tasks.join('；')}。` : ''}${advise(leads.length ? leads.join('、') : responsibleDepartment(r.ind), measures, due, '补齐', related)}`);
  }
  // Targets not judged for want of data: the data asked for first (they had read '2025年为—，未达到目标')
  for (const r of rows.filter((x) => x.v?.verdict === '无法评估').sort((a, b) => Number(b.ind.isBinding) - Number(a.ind.isBinding))) {
    // the source sheets (or types of a register) missing that year, with the departments that fill them
    const asked = missingInputsText(missingInputs(f, [r.ind], f.year));
    toJudge.push(`${r.ind.isBinding ? '约束性指标' : ''}${quoted(r.ind)}。${f.year}年缺少计算所需的数据，无法评估是否完成。建议${asked ? `补报${f.year}年${asked}` : `补齐${f.year}年计算所需的数据`}，重新评估。`);
  }
  // Tasks no unmet target stands for
  for (const t of unfinished) {
    if (placed.has(t)) continue;
    const measure = measureOf(t);
    const pace = ownPace(t);
    if (pace?.doneYear) deadlines += 1;
    // a task the recommendations have no measure for is still carried over, by whom and with a 时限 to set (not its state alone)
    const measures = measure ? [measure] : [`将该任务列入“${f.plan.nextEra}”时期重点任务${pace?.doneYear ? '' : '，明确完成时限'}`];
    carryOver.push(`重点任务${quote(t.name)}。${standing(t)}${taskPaceText(pace, f.year)}。${advise(t.leadUnit || null, measures, pace?.doneYear ?? null, '完成', [t])}`);
  }

  // a binding indicator proposed for dropping says it is one (the final review: the director will want it flagged)
  const binding = (ind: Indicator) => (ind.isBinding ? `；该指标为约束性指标，调出须在编制“${f.plan.nextEra}”规划时专门说明` : '');
  const drop = rows.flatMap((r) => {
    if (alwaysFull(f, r.ind)) return [{ ind: r.ind, why: `规划期内各年均为100%，已无提升空间，建议转为日常监测，不再列为规划指标${binding(r.ind)}` }];
    const level = neverMoved(f, r.ind);
    if (level !== null) return [{ ind: r.ind, why: `规划期内各年均为${formatValue(r.ind, level)}，没有变化，建议转为日常监测，不再列为规划指标${binding(r.ind)}` }];
    return [];
  });
  const rebase = rows.flatMap((r) => {
    const computed = differingBaseline(r.ind, f.values.districtValue(f.plan.baselineYear, r.ind.id)?.value);
    return computed === null ? [] : [{ ind: r.ind, why: `规划基期值${r.ind.baselineText}${r.ind.unit}，按科室报送数据计算为${formatValue(r.ind, computed)}` }];
  });
  // the disagreement itself is in 附录三 (and, for a binding target missed, in 一): pointed to, not copied a third time
  // 前后不一致, not 指标表与正文: of 指标5 the table and the text both say 20家, the text also 全覆盖 (the second 2025 review)
  const redefine = f.plan.inconsistencies.map((x) => ({ ind: f.plan.indicatorById.get(x.indicatorId)!, why: `规划对${f.plan.inconsistencies.length > 1 ? '这些' : '该'}指标的表述前后不一致（见附录三），建议在新规划中统一口径` }));
  // a target met only by a kind its numerator first counted in the period: the kinds kept apart in
  // the next plan (一 said 指标3 rests on 家庭照护床位, and 六 proposed nothing of it: the final review)
  const split = rows.flatMap((r) => {
      const w = r.v?.verdict === '完成' && !r.ind.isMaintain && r.ind.aggregation === 'ratio' ? withoutNewPart(f, r.ind) : null;
      const label = r.ind.numeratorLabel;
      if (!w || !label || !(w.value < r.ind.target)) return [];
      return [{ ind: r.ind, why: `目标的完成主要依靠规划期内新计入的${w.part.name}（${f.year}年${formatNumber(w.part.total)}${label.unit}），不计这一类为${formatValue(r.ind, w.value)}，低于${formatTarget(r.ind, { unit: true })}的目标；建议在新规划中把${w.part.name}单列为一项指标，本指标按原口径设定目标，或分别设定两类的目标` }];
  });
  // not on a figure its department is asked to check (a typed 0 too many made a target look low)
  const raise = rows.filter((r) => r.v?.completionProgress != null && r.v.completionProgress >= 1.5 && !r.ind.isMaintain && !doubtfulFigure(f, r.ind)).map((r) => ({
    ind: r.ind, why: `完成进度为${formatPercent(r.v!.completionProgress)}，原目标偏低，建议按实际发展水平提高目标`,
  }));
  const { keep, proposals } = keptProposals(f);
  return { carryOver, toJudge, repeated, deadlines, keep, drop, rebase, redefine, split, raise, proposals };
}


/** Whether the next plan need not keep an indicator: 100 % all period, or one figure all period. */
function dropped(f: ReportFacts, ind: Indicator): boolean {
  return alwaysFull(f, ind) || neverMoved(f, ind) !== null;
}

const keptCache = new WeakMap<ReportFacts, { keep: Indicator[]; proposals: Proposal[] }>();

/** The indicators the next plan keeps, and their proposed targets (the district's and every town report's). */
export function keptProposals(f: ReportFacts): { keep: Indicator[]; proposals: Proposal[] } {
  let kept = keptCache.get(f);
  if (!kept) {
    const keep = f.plan.indicators.filter((ind) => !dropped(f, ind));
    kept = { keep, proposals: keep.map((ind) => proposalFor(f, ind)).filter((p): p is Proposal => p !== null) };
    keptCache.set(f, kept);
  }
  return kept;
}

/** The district's proposed target for the next plan (the district and the town reports give the same). */
export function proposalFor(f: ReportFacts, ind: Indicator): Proposal | null {
  // none from a figure its department is asked to check (a review: 12,010家 for 2030 reckoned
  // from a typed 0 too many, called 集中变化): 表2 says what to check first
  if (doubtfulFigure(f, ind)) return null;
  const series: { year: number; value: number | null }[] = [{ year: f.plan.baselineYear, value: ind.baseline }];
  // a year between made from incomplete data tells no step or one-off change (the 17th attack: 2023's
  // 15.6张 made without a town's children read as 2023年一年增加1.6张…属集中变化): as a year without a value
  for (let y = f.plan.period.start; y <= f.year; y++) {
    const v = f.values.districtValue(y, ind.id);
    series.push({ year: y, value: y < f.year && isMarked(v) && !everyFigureMarked(f.values, y) ? null : v?.value ?? null });
  }
  // a count the plan set at one per town: how many towns have one
  const towns = ind.aggregation === 'sum' && ind.level === 'DT' && ind.unit !== '%'
    ? { covered: f.geography.towns.filter((t) => (f.values.get(f.year, t.code, ind.id)?.value ?? 0) >= 1).length, total: f.geography.towns.length }
    : undefined;
  const tasks = tasksFor(ind, tasksOf(f), f.plan);
  const doneTasks = tasks.length > 0 && tasks.every((t) => taskState(t, f.year) === '已完成') ? tasks.map((t) => t.name) : [];
  // a ratio's numerator and denominator, baseline year to final year (as the data give both)
  const base = f.values.districtValue(f.plan.baselineYear, ind.id);
  const last = districtValue(f, ind);
  // (not where either is incomplete: partial sums against whole ones are no change)
  const drivers = ind.aggregation === 'ratio' && base?.numerator != null && base.denominator != null && last?.numerator != null && last.denominator != null && base.isComplete && last.isComplete
    ? { numerator: last.numerator - base.numerator, denominator: last.denominator - base.denominator }
    : undefined;
  // and over the last years (RECENT_YEARS), for a pace counted in things (Proposal.byCount)
  const since = f.values.districtValue(f.year - RECENT_YEARS, ind.id);
  const recentNumerator = drivers && since?.numerator != null && since.isComplete ? (last!.numerator! - since.numerator) / RECENT_YEARS : undefined;
  // a kind of the numerator the baseline year had none of, making most of the growth (家庭照护床位)
  const part = newNumeratorPart(f, ind);
  // each type of unit rising on its own where the whole rose on a falling numerator (mixBehindRise)
  const mixTypes = drivers && base && last ? mixBehindRise(f, ind, base, last)?.types : undefined;
  const dataBaseline = base?.isComplete && base.value !== null ? base.value : undefined;
  return proposeTarget(f.plan, ind, last, series, {
    towns, doneTasks, drivers, ...(recentNumerator !== undefined ? { recentNumerator } : {}), ...(part ? { newPart: part } : {}), ...(mixTypes ? { mixTypes } : {}),
    ...(dataBaseline !== undefined ? { dataBaseline } : {}),
  });
}

/** The rules the proposals follow beyond the period's trend (a cap, the unmet first, and the ways some depart from it), one sentence each, numbered under the table's lead-in. */
export function proposalRules(plan: Plan, proposals: readonly Proposal[]): string[] {
  const parts: string[] = ['比例类指标以100%为限', `“${plan.era}”未完成的目标先予补齐`];
  if (proposals.some((p) => p.rule === 'step' || p.concentrated)) parts.push('变化集中在个别年份的不按全期年均变化外推');
  if (proposals.some((p) => p.rule === 'shrink')) parts.push('只因分母减少而提高的比例不按趋势外推');
  if (proposals.some((p) => p.rule === 'fresh')) parts.push('增长主要来自规划期内新计入的一类的，这一类按期末规模计，其余部分按自身的年均变化外推');
  if (proposals.some((p) => p.rule === 'covered')) parts.push('已覆盖全部镇街的保持全覆盖');
  if (proposals.some((p) => p.rule === 'done')) parts.push('规划期内已完成的累计性阶段任务不再按原速度外推');
  if (proposals.some((p) => p.rule === 'project')) parts.push('目标已完成、相关的建设类重点任务均已完成的数量类指标，保持期末水平，新增数量按新一轮建设项目确定，不按原速度外推');
  if (proposals.some((p) => p.recent)) parts.push(`逐年增长、近两年年均变化比全期年均快一半以上或慢一半以上的，另列按近两年速度推算的水平`);
  return parts.map((x) => `${x}。`);
}

/**
 * A change per year, at one more decimal than the indicator's (so that the arithmetic adds up:
 * 0.41张, 4.4家), without a trailing .0 when it is whole (800家 a year, not 800.0家).
 */
function perYearText(x: number, ind: Pick<Indicator, 'precision'>): string {
  const decimals = ind.precision + 1;
  return formatNumber(x, Number.isInteger(roundHalfEven(x, decimals)) ? 0 : decimals);
}

/** The arithmetic of a proposed target, in words: `2025年实际值7.1张 + 5 × 年均增量0.42张 = 9.2张`. */
export function proposalBasis(p: Proposal): string {
  const { ind } = p;
  const years = p.year - p.to.year;
  const fmt = (x: number) => formatValue(ind, x);
  const proposed = p.proposed === null ? MISSING : fmt(p.proposed);
  const jump = p.concentrated;
  /** How the indicator moves up: a share 提高 (in points), a count or rate 增加. */
  const rise = ind.unit === '%' ? '提高' : '增加';
  // in the finer unit where the printed figure is too coarse for the sum (Proposal.fine):
  // '2025年4060人 + 5 × 年均变化252人 = 5320人，修约为0.53万人'
  const fine = p.fine;
  const scale = fine ? 10 ** fine.shift : 1;
  const work = fine ? { unit: fine.unit, precision: fine.precision } : ind;
  const fmtWork = (x: number) => (fine ? formatValue(fine, x) : fmt(x));
  const perYear = `${jump ? `其余${jump.otherYears}年` : ''}年均变化${perYearText(p.perYear * scale, work)}${fine ? fine.unit : pointsOrUnit(ind)}`;
  // the sum as it comes out, then rounded, where the rounding changes it (a finer unit, or the
  // other four years' average beside a year of concentrated change, ÷ 4): '= 5320人，修约为
  // 0.53万人' (GB/T 8170), not '= 0.53万人', which reads as a slip
  const rounded = roundHalfEven(p.trend, ind.precision) !== p.trend;
  const sum = (x: number) => `${formatNumber(x * scale, Number.isInteger(roundHalfEven(x * scale, work.precision + 1)) ? work.precision : work.precision + 1)}${work.unit}`;
  // from the value at one more decimal where the printed one rounds it (Proposal.start)
  const startText = (x: number) => (p.finer ? `${formatNumber(x * scale, work.precision + 1)}${work.unit}` : fmtWork(x));
  // the sum as it comes out wherever the rounding changes it (54.59 + 5 × 0.92 = 59.19, not 59.2);
  // a held target's 力争 says the rounded figure after it
  const total = !rounded ? fmtWork(p.trend) : p.rule === 'trend' ? `${sum(p.trend)}，修约为${fmt(p.trend)}` : p.rule === 'hold' ? sum(p.trend) : fmtWork(p.trend);
  const arithmetic = `${p.to.year}年${startText(p.start)} + ${years} × ${perYear} = ${total}`;
  // a year that made most of the change is said, and left out of the average
  const trend = jump
    ? `${jump.year}年一年${rise}${formatNumber(jump.change, ind.precision)}${pointsOrUnit(ind)}，占规划期${rise}的${formatPercent(jump.share, 0)}，属集中变化，不计入年均变化：${arithmetic}`
    : arithmetic;
  switch (p.rule) {
    case 'cap': {
      // not a share above 100 % (the third review): the year the trend reaches 100 %, and the
      // sum of the year before it, which is still below, named (a '3 ×' beside the table's
      // 2030 column reads as a slip unless the sum says which year it is)
      if (jump || !(p.perYear > 0)) return `${trend}，比例以100%为限`;
      // a base that shrank: paced in things, not in points that partly came from the smaller base
      // (志愿服务站点: 7.38 points a year said 2029, 38.4 stations a year for 161 say 2030)
      if (p.byCount) {
        const c = p.byCount;
        const n = ind.numeratorLabel;
        const d = ind.denominatorLabel;
        const pace = `${d?.name ?? '分母'}减少${formatNumber(c.baseFell)}${d?.unit ?? ''}，按${n?.name ?? '分子'}年均增加${formatNumber(c.perYear, Number.isInteger(c.perYear) ? 0 : 1)}${n?.unit ?? ''}计（不计${d?.name ?? '分母'}减少带来的提高）`;
        // the recent pace too slow for 100 % by the plan's end: what the target asks a year (the
        // final review read '2031年才能达到，建议目标100%' as at odds with itself)
        const late = c.recentReached !== undefined && (c.recentReached === null || c.recentReached > p.year);
        const needed = Math.ceil(roundHalfEven(c.missing / (p.year - p.to.year), 9));
        const end = c.reached === null
          ? `${p.year}年为${fmt(p.proposed!)}，建议目标${proposed}`
          : `${c.reached}年可达到100%${recentCount(c, p)}${late ? `；建议目标100%，需年均增加${formatNumber(needed)}${n?.unit ?? ''}（按${p.to.year}年的${d?.name ?? '分母'}数计）` : '，建议目标100%'}`;
        return `${p.to.year}年${fmt(p.to.value)}，距100%${gapPhrase(ind, c.missing)}；${pace}，${end}`;
      }
      const k = Math.ceil(roundHalfEven((100 - p.start) / p.perYear, 9));
      const reached = `${p.to.year + k}年${k === 1 ? '即' : ''}可达到100%，建议目标100%`;
      // a share of a few whole things in things, not through a share none can have (98.2 % of 22
      // 街镇, the fourth review): '2025年72.7%，距100%还需6个街镇…；按年均变化8.49个百分点（约1.9个）计，2029年…'
      // (距100%: the same report's 还需2个 is to the plan's 2025 target, a reviewer read the two as at odds)
      if (p.units) {
        const each = (p.perYear / 100) * p.units.of;
        return `${p.to.year}年${fmt(p.to.value)}，距100%${gapPhrase(ind, p.units.missing)}；按${perYear}（约${formatNumber(each, 1)}${gapMeasure(ind)}）计，${reached}`;
      }
      if (k <= 1) return `${p.to.year}年${fmt(p.to.value)}，按${perYear}，${reached}`;
      const before = roundHalfEven(p.start + (k - 1) * p.perYear, ind.precision);
      // the year before it in words, not '97.20% + 1 × … = 2026年99.6%' (the final review read it as a formula left in)
      return `${p.to.year}年${fmt(p.to.value)}，按${perYear}计，${p.to.year + k - 1}年为${fmt(before)}，${reached}`;
    }
    case 'carry':
      return `${p.to.year}年未达到规划目标${fmt(ind.target)}，按趋势${p.year}年为${fmt(p.trend)}，建议先补齐原目标`;
    case 'hold':
      if (ind.unit === '%' && p.to.value >= 100 - 1e-9) return '已达到100%，建议保持';
      // a maintain target that rose: the level held as the target, the trend beside it to strive for
      if (ind.isMaintain && p.risingTrend) return `保持类指标，建议目标保持${proposed}的水平；规划期内逐年${rise}，${arithmetic}，力争${fmt(roundHalfEven(p.trend, ind.precision))}`;
      if (ind.isMaintain) return `保持类指标，保持${proposed}的水平`;
      // fallen, or short of the target: said so, the target first (a fall far below it had read
      // '没有增长（13.0张 → 5.1张），建议保持并巩固' beside a proposed 15.0张)
      return `规划期内${p.to.value < p.from.value ? '下降' : '没有增长'}（${fmt(p.from.value)} → ${fmt(p.to.value)}），${p.to.value < ind.target ? `建议先补齐原目标${fmt(ind.target)}` : '建议保持并巩固'}`;
    case 'cumulative':
      return `累计性指标按年均${perYearText(p.perYear, ind)}${ind.unit}计，${p.to.year + 1}—${p.year}年累计${proposed}`;
    case 'step':
      return `${jump ? `规划期内的增长集中在${p.stepYear}年（${rise}${formatNumber(jump.change, ind.precision)}${pointsOrUnit(ind)}），其余年份没有增长` : `规划期内只${p.stepFrom !== undefined ? `在${p.stepFrom}—${p.stepYear}年间（${yearsText(Array.from({ length: p.stepYear! - p.stepFrom - 1 }, (_, i) => p.stepFrom! + 1 + i))}缺少数据）` : `在${p.stepYear}年`}有一次变化（${fmt(p.from.value)} → ${fmt(p.to.value)}）`}，属一次性增加，不按年均变化外推；${p.to.value < ind.target ? `建议先补齐原目标${fmt(ind.target)}，` : ''}新增目标按在建和拟建项目的规模确定`;
    case 'shrink': {
      const d = p.drivers!;
      const n = ind.numeratorLabel;
      const dl = ind.denominatorLabel;
      const moved = (label: { name: string; unit: string } | null, x: number, fallback: string) =>
        `${label?.name ?? fallback}${x === 0 ? '没有增加' : `${x > 0 ? '增加' : '减少'}${formatNumber(Math.abs(x))}${label?.unit ?? ''}`}`;
      // the rise each type's own, the mix pulling the whole down: not 来自分母减少 (the second 2025 review)
      const why = p.mixTypes ? `分类型看${p.mixTypes.join('和')}的比例均有提高，全区比例还随${p.mixTypes.join('、')}构成的变化而变动` : '比例的提高来自分母减少';
      return `${p.from.year}年以来${moved(n, d.numerator, '分子')}、${moved(dl, d.denominator, '分母')}，${why}，不按趋势（${fmt(p.trend)}）外推；${p.to.value < ind.target ? `建议先补齐原目标${fmt(ind.target)}` : `建议保持${proposed}的水平`}`;
    }
    case 'fresh': {
      const x = p.fresh!;
      const n = ind.numeratorLabel;
      const restSum = `${p.to.year}年${startText(p.start)} + ${years} × ${perYearText(x.perYear * scale, work)}${fine ? fine.unit : pointsOrUnit(ind)} = ${roundHalfEven(x.trend, ind.precision) !== x.trend ? `${sum(x.trend)}，修约为${fmt(x.trend)}` : fmtWork(x.trend)}`;
      return `规划期内${n?.name ?? '分子'}${rise}${formatNumber(x.growth)}${n?.unit ?? ''}，其中${formatNumber(x.total)}${n?.unit ?? ''}为${x.name}（${p.from.year}年为0），这一类按${p.to.year}年的规模计，不按年均变化外推；其余部分年均变化${perYearText(x.perYear * scale, work)}${fine ? fine.unit : pointsOrUnit(ind)}：${restSum}；${x.name}的新增规模按相关项目安排确定`;
    }
    case 'covered':
      return `规划目标${fmt(ind.target)}与镇街数相同，${p.to.year}年${p.towns}个镇街均已建成（全区${fmt(p.to.value)}），建议保持全覆盖，不再按数量外推`;
    case 'project':
      return `规划目标${fmt(ind.target)}已完成，相关重点任务${joinAnd((p.doneTasks ?? []).map(quote))}已完成，不按“${p.era}”的年均变化（${perYearText(p.perYear, ind)}${ind.unit}）外推；建议保持${proposed}的水平，新增数量按新一轮建设项目和工作部署确定`;
    case 'done':
      return `规划期累计${fmt(ind.target)}的目标已完成，相关重点任务${joinAnd((p.doneTasks ?? []).map(quote))}已完成，属阶段性工作，不按“${p.era}”的年均速度（${perYearText(p.perYear, ind)}${ind.unit}）外推；“${p.nextEra}”是否设目标，按新一轮工作部署确定`;
    default:
      return `${trend}${recentNote(p, rise, proposed)}`;
  }
}

/**
 * `；按2024、2025年年均增加27个计，2031年才能达到`: a byCount pace whose last years are slower
 * than the period's, and the later year they give (a review redid 表2 at 六（一）'s recent pace).
 */
function recentCount(c: NonNullable<Proposal['byCount']>, p: Proposal): string {
  if (c.recentPerYear === undefined || c.reached === null) return '';
  if (c.recentReached != null && c.recentReached <= c.reached) return '';
  const n = p.ind.numeratorLabel;
  const years = yearsText(Array.from({ length: RECENT_YEARS }, (_, i) => p.to.year - RECENT_YEARS + 1 + i));
  const each = c.recentPerYear;
  if (!(each > 0)) return `；但${years}${n?.name ?? '分子'}没有增加，按此到${p.year}年不能达到`;
  return `；按${years}年均增加${formatNumber(each, Number.isInteger(each) ? 0 : 1)}${n?.unit ?? ''}计，${yearClosing(p.to.year, c.missing, each)}年${c.recentReached === null ? '才能' : ''}达到`;
}

/**
 * The last years' pace where it differs clearly from the period's, with the choice it gives
 * beside the `proposed` target (as printed): `；2024、2025年年均增加1225家，明显快于全期年均，
 * 按此速度2030年为10,925家；建议目标8800家，力争10,925家`.
 */
function recentNote(p: Proposal, rise: string, proposed: string): string {
  const r = p.recent;
  if (!r) return '';
  const { ind } = p;
  const faster = r.perYear > p.perYear;
  const years = yearsText(Array.from({ length: r.years }, (_, i) => r.from + i));
  const pace = `${rise}${perYearText(r.perYear, ind)}${pointsOrUnit(ind)}`;
  const reach = formatValue(ind, ind.unit === '%' ? Math.min(r.trend, 100) : r.trend);
  return faster
    ? `；${years}年均${pace}，明显快于全期年均，按此速度${p.year}年为${reach}；建议目标${proposed}，力争${reach}`
    : `；${years}年均只${pace}，明显慢于全期年均，按此速度${p.year}年为${reach}，建议结合在建和拟建项目研究确定，不宜简单按全期年均推算`;
}

/** Years a target was lost, for the 情况说明 column. */
export function recordNote(f: ReportFacts, ind: Indicator): string {
  const rec = record(f, ind);
  const v = districtValue(f, ind);
  const parts: string[] = [];
  if (!ind.isMaintain && rec.earlyYear !== null && v?.verdict === '完成') parts.push(rec.earlyYear < f.year ? `${earlyText(rec)}提前完成` : `${f.year}年完成`);
  if (ind.isMaintain && rec.metEveryYear) parts.push('各年均保持');
  // a year without a value before the last: neither held nor lost, said
  // (a year without any data is said once, in 一, not in every row)
  const unknown = rec.unknownYears.filter((y) => y < f.year);
  const ownUnknown = unknown.filter((y) => !yearsWithoutData(f).includes(y));
  if (ind.isMaintain && unknown.length && rec.notMetYears.length === 0 && v?.verdict === '完成') parts.push(maintainedRecord(f, ind));
  else if (ownUnknown.length) parts.push(`${yearsText(ownUnknown)}缺少数据`);
  // (met first in a year made from incomplete data: no record of met and lost the data show)
  if (rec.lostYears.length && !(rec.firstMet !== null && !ind.isMaintain && comparedIncomplete(f, [f.values.districtValue(rec.firstMet, ind.id)]))) {
    const back = rec.recoveredYear !== null ? `，${rec.recoveredYear}年${ind.isMaintain ? '恢复' : '重新达到'}` : '';
    const said = [...(ind.isMaintain ? [] : [rec.firstMet!]), ...rec.lostYears, ...(rec.recoveredYear !== null ? [rec.recoveredYear] : [])].map((y) => f.values.districtValue(y, ind.id));
    parts.push(`${ind.isMaintain ? `${yearsText(rec.lostYears)}未保持${back}` : `${rec.firstMet}年曾达到，${yearsText(rec.lostYears)}回落${back}`}${comparedIncomplete(f, said)}`);
  }
  if (v && v.verdict !== '完成') {
    const gap = gapText(ind, v);
    if (gap) parts.push(gap);
    // facilities that stopped in the period and are still out: most of a gap can be theirs (352 of
    // 千人养老机构床位数's 还差403张: the second final review)
    const still = facilitiesStillStopped(f, ind, null);
    if (still) parts.push(still.text);
    // a rate lowered by fewer of the units that have it high: said here as in 一 (a director's reading)
    const mix = mixAdjustedNote(f, ind, v);
    if (mix) parts.push(mix);
    const task = tasksFor(ind, tasksOf(f), f.plan).find((t) => taskState(t, f.year) !== '已完成' && taskCause(t));
    // the ledger's cause, else what the ratio's parts say (a gap alone gives no reason)
    const why = task ? `相关任务${quote(task.name)}未完成，原因是${taskCause(task)}` : ratioShortfall(f, ind, v);
    if (why) parts.push(why);
  }
  if (!parts.length && v?.verdict === '完成') parts.push(`${f.year}年完成`);
  // a target met mostly by a kind of numerator the baseline had none of, said (7.1张 met by 3300
  // 家庭照护床位 of a 4192-bed rise, without which it was 5.4: the second final review)
  const fresh = newPartOfGrowth(f, ind);
  if (fresh) parts.push(fresh);
  const doubt = doubtfulNote(f, ind);
  if (doubt) parts.push(doubt);
  const lacking = absentTownsText(f, ind);
  if (lacking) parts.push(`${f.year}年全区数值${lacking}`);
  return parts.join('；');
}

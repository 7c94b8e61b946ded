/**
 * The prose of 三、主要任务进展 (annual and mid-term reports): for each heading of the plan's
 * 第三部分, what its indicators and key tasks show this year. Indicators are grouped by what
 * is true of them (met, on schedule, behind) rather than given one sentence each, and a
 * sentence is only written when it says something: the table holds every figure.
 */
import { formatNumber, formatPercent, formatPoints, formatTarget, percentPointGap } from '../basics/format.ts';
import { judgeDistrictValue, type IndicatorValue } from '../evaluate/evaluate.ts';
import type { KeyTask } from '../evaluate/key-tasks.ts';
import { registryMoves } from '../evaluate/details.ts';
import { belowTimePace, countStates, taskCause, taskState, taskStateText, type TaskState } from '../evaluate/task-state.ts';
import type { Chapter, Indicator } from '../plan/plan.ts';
import { behindTimeText, earlyText, fallText, gapText, items, joinAnd, quote, quoted, roseOnDataBaseline, timeComparison, valueBelowBaselineText, valueBesideGap, valueText, yearsText } from './phrases.ts';
import { progressShown } from './table-notes.ts';
import { townsWithoutText } from './themes.ts';
import { builtBeforeStarted, comparedIncomplete, districtValue, incompleteYearsText, doneEarlierWhileShort, doneTaskShortfall, everyTownShortfall, indicatorsUnder, ledgerMissing, maintainedRecord, missingInputs, missingInputsText, oneEachShortfall, record, taskDoneYear, taskStartYear, tasksOf, tasksUnder, type ReportFacts } from './report-facts.ts';

interface Row {
  ind: Indicator;
  v: IndicatorValue | undefined;
}

const ON_TRACK = new Set(['快于时序进度', '基本符合进度']);
const BEHIND = new Set(['滞后', '明显滞后', '逆向变化', '未保持']);

/** A group of indicators all of one standing, as 三 says it. */
const ALL_ALIKE: Readonly<Record<string, string>> = { 已达到目标: '均已达到目标', 进度正常: '进度均正常' };

/**
 * How a group's indicators stand, as 三 counts them: `4项已达到目标，5项进度正常，2项明显滞后，1项逆向变化`,
 * the behind ones in 表1's words, not all `滞后` (the 2021 review: 1项滞后 of an indicator the table rates 逆向变化),
 * or, all of one standing, `均已达到目标`, `进度均正常`, `均滞后` (`all`). The 2021 review read
 * `3项指标中，3项进度正常`, and 和 beside 、 in `5项进度正常和2项明显滞后、1项逆向变化`. Empty when
 * none has a status.
 */
function statusTally(statuses: readonly (string | null | undefined)[]): { all: boolean; text: string } {
  const counts: [string, number][] = [
    ['已达到目标', statuses.filter((s) => s === '已完成').length],
    ['进度正常', statuses.filter((s) => s && ON_TRACK.has(s)).length],
    ...[...BEHIND].map((b): [string, number] => [b, statuses.filter((s) => s === b).length]),
    // those without a value counted too, so the parts add up to the whole (12项：3项…3项…2项 had left 4 unsaid)
    ['缺少数据', statuses.filter((s) => !s || s === '无法评估').length],
  ];
  const present = counts.filter(([, n]) => n > 0);
  if (statuses.length > 1 && present.length === 1 && present[0]![1] === statuses.length) return { all: true, text: ALL_ALIKE[present[0]![0]] ?? `均${present[0]![0]}` };
  return { all: false, text: present.map(([w, n]) => `${n}项${w}`).join('，') };
}

/** `“A”（7.1张）、“B”（22家）`. */
function withValues(rows: readonly Row[]): string {
  return rows.map((r) => `${quoted(r.ind)}（${valueText(r.ind, r.v)}）`).join('、');
}

/** Met targets: when they were first met, held or met early. */
function metSentence(f: ReportFacts, rows: readonly Row[]): string | null {
  if (rows.length === 0) return null;
  const held = rows.filter((r) => r.ind.isMaintain);
  const reached = rows.filter((r) => !r.ind.isMaintain);
  const parts: string[] = [];
  if (reached.length) {
    // by when they were met: the year, or the span across a year without data (2023—2024年间)
    const byWhen = new Map<string, { y: number; rows: Row[] }>();
    for (const r of reached) {
      const rec = record(f, r.ind);
      const y = rec.earlyYear ?? f.year;
      const when = y < f.year ? earlyText(rec) : `${f.year}年`;
      byWhen.set(when, { y, rows: [...(byWhen.get(when)?.rows ?? []), r] });
    }
    // a count of one per town, reached while a town has none, says so beside its value
    // a value, or the year it was first met, made from incomplete data says so (the 17th attack: 15.6张 of
    // 2023 made without a town's children read 2023年达到规划目标 unmarked)
    const said = (rs: readonly Row[]) => rs.map((r) => {
      const short = oneEachShortfall(f, r.ind);
      const met = record(f, r.ind).earlyYear;
      const unsure = incompleteYearsText(f, [r.v, met !== null && met < f.year ? f.values.districtValue(met, r.ind.id) : null]);
      return `${quoted(r.ind)}（${valueText(r.ind, r.v)}${short ? `，但${short}` : ''}${unsure ? `，${unsure}` : ''}）`;
    }).join('、');
    const phrases = [...byWhen.entries()].sort((a, b) => a[1].y - b[1].y || a[0].length - b[0].length).map(([when, { y, rows: rs }]) =>
      y < f.year ? `${said(rs)}已于${when}提前达到规划目标` : `${said(rs)}${f.year}年达到规划目标`,
    );
    parts.push(phrases.join('，'));
  }
  if (held.length) {
    const lost = held.filter((r) => record(f, r.ind).lostYears.length > 0 || record(f, r.ind).metYears.length < f.year - f.plan.baselineYear);
    const steady = held.filter((r) => !lost.includes(r));
    if (steady.length) {
      // a count every town is to have one of, held while a town has none: said beside it
      const short = steady.map((r) => ({ r, none: everyTownShortfall(f, r.ind) })).filter((x) => x.none);
      parts.push(`${withValues(steady)}保持在规划要求的水平${short.length ? `，但${short.map((x) => x.none).join('；')}` : ''}`);
    }
    if (lost.length) parts.push(`${lost.map((r) => {
      const rec = record(f, r.ind);
      const years = rec.notMetYears;
      // not held only where a year has no value: said as such, not as a lapse
      if (years.length === 0) return `${quoted(r.ind)}${maintainedRecord(f, r.ind)}，${f.year}年为${valueText(r.ind, r.v)}`;
      const why = years.map((y) => lapseCause(f, r.ind, y)).filter(Boolean);
      return `${quoted(r.ind)}在${yearsText(years)}未保持${why.length ? `（${why.join('；')}）` : ''}、${rec.recoveredYear ?? f.year}年已恢复，${f.year}年为${valueText(r.ind, r.v)}`;
    }).join('；')}`);
  }
  return parts.join('；');
}

/**
 * Why a maintained ratio fell below its level in `year`, from its numerator and denominator
 * against the year before: `2023年婚姻登记机关增加1个，5A级婚姻登记机关没有增加` (the new
 * one not yet rated). Null when the figures do not say it (no labels, a year missing, the
 * denominator not grown and the numerator not fallen).
 */
export function lapseCause(f: ReportFacts, ind: Indicator, year: number): string | null {
  const num = ind.numeratorLabel;
  const den = ind.denominatorLabel;
  const now = f.values.districtValue(year, ind.id);
  const before = f.values.districtValue(year - 1, ind.id);
  if (ind.aggregation !== 'ratio' || !num || !den || now?.numerator == null || now.denominator == null || before?.numerator == null || before.denominator == null) return null;
  const dn = now.denominator - before.denominator;
  const nn = now.numerator - before.numerator;
  // the rate beside a change of a large base (19人 of 433 says itself; 6555元 of 38,000 does not)
  const rate = (d: number, base: number) => (base >= 1000 && d !== 0 ? `、${d > 0 ? '增长' : '下降'}${formatPercent(Math.abs(d) / base)}` : '');
  const change = (name: string, unit: string, d: number, base: number) =>
    `${name}${d > 0 ? `增加${formatNumber(d)}${unit}` : d < 0 ? `减少${formatNumber(-d)}${unit}` : '没有增加'}${rate(d, base)}`;
  // the ratio fell: its numerator grew more slowly than its denominator, or fell
  const fell = now.numerator * before.denominator < before.numerator * now.denominator;
  if (fell && dn > 0) return `${year}年${change(den.name, den.unit, dn, before.denominator)}，${change(num.name, num.unit, nn, before.numerator)}`;
  if (nn < 0) return `${year}年${change(num.name, num.unit, nn, before.numerator)}`;
  return null;
}

/**
 * The part of an indicator's numerator that the baseline year had none of, where it makes at
 * least half of the numerator's growth since then: its name (the source column, 家庭照护床位),
 * its total in `year` and the growth, in the numerator's units. Null otherwise.
 */
export function newNumeratorPart(f: ReportFacts, ind: Indicator, year = f.year): { name: string; total: number; growth: number } | null {
  const parts = (f.numeratorParts ?? []).filter((p) => p.indicatorId === ind.id);
  if (!ind.numeratorLabel || parts.length === 0 || year <= f.plan.baselineYear) return null;
  const of = (y: number) => new Map(parts.filter((p) => p.year === y).map((p) => [`${p.sheetKind}|${p.column}`, p]));
  const base = of(f.plan.baselineYear);
  const now = of(year);
  if (base.size === 0 || now.size < 2) return null;
  const sum = (m: Map<string, { total: number }>) => [...m.values()].reduce((t, p) => t + p.total, 0);
  const growth = sum(now) - sum(base);
  const fresh = [...now.entries()].find(([k, p]) => (base.get(k)?.total ?? 0) === 0 && p.total > 0 && p.total * 2 >= growth);
  if (!(growth > 0) || !fresh) return null;
  return { name: fresh[1].column.replace(/(?<=.)数$/, ''), total: fresh[1].total, growth };
}

/**
 * What an indicator's growth since the baseline year is mostly made of, where that is a part of
 * its numerator the baseline year had none of: `养老床位较2020年增加1144张，其中1050张为家庭照护
 * 床位（2020年为0）` (the 2021 review: 快于时序进度 from a kind of bed first counted in 2021;
 * without it the indicator was well behind). Null otherwise.
 */
export function newPartOfGrowth(f: ReportFacts, ind: Indicator, year = f.year): string | null {
  const part = newNumeratorPart(f, ind, year);
  const label = ind.numeratorLabel;
  if (!part || !label) return null;
  const rest = part.growth - part.total;
  const others = rest > 0 ? `其余增加${formatNumber(rest)}${label.unit}` : rest < 0 ? `其余减少${formatNumber(-rest)}${label.unit}` : '其余没有增加';
  return `${label.name}较${f.plan.baselineYear}年增加${formatNumber(part.growth)}${label.unit}，其中${formatNumber(part.total)}${label.unit}为${part.name}（${f.plan.baselineYear}年为0），${others}${withoutPart(f, ind, year) ?? ''}`;
}

/**
 * A district value without the part of its numerator first counted in the period
 * (newNumeratorPart): the part, the value without it, and that value judged. Null without such
 * a part or without the value's figures.
 */
export function withoutNewPart(f: ReportFacts, ind: Indicator, year = f.year): {
  v: IndicatorValue; part: { name: string; total: number; growth: number }; value: number; judged: ReturnType<typeof judgeDistrictValue>;
} | null {
  const v = f.values.districtValue(year, ind.id);
  const part = newNumeratorPart(f, ind, year);
  if (!part || v?.numerator == null || v.denominator == null || !(v.denominator > 0) || v.scale == null) return null;
  const value = ((v.numerator - part.total) * v.scale) / v.denominator;
  return { v, part, value, judged: judgeDistrictValue(ind, f.plan, year, value) };
}

/**
 * The completion progress the value would have without the new part, and its grade where that
 * differs: `；不计家庭照护床位，完成进度为3.7%（明显滞后）` (the 2021 review: 快于时序进度 by beds
 * first counted that year; the rest moved the indicator little). Null where there is no progress to give.
 */
function withoutPart(f: ReportFacts, ind: Indicator, year: number): string | null {
  const w = withoutNewPart(f, ind, year);
  if (!w || w.v.status === '已完成' || w.v.completionProgress === null || w.judged.completionProgress === null) return null;
  return `；不计${w.part.name}，完成进度为${formatPercent(w.judged.completionProgress)}${w.judged.status !== w.v.status ? `（${w.judged.status}）` : ''}`;
}

/** On schedule: completion progress against time progress. */
function onTrackSentence(f: ReportFacts, rows: readonly Row[]): string | null {
  if (rows.length === 0) return null;
  const ahead = rows.filter((r) => r.v?.status === '快于时序进度');
  const level = rows.filter((r) => r.v?.status === '基本符合进度');
  const parts: string[] = [];
  // as far as it takes to show it below the grade above (progressShown), as the behind sentence does
  const progress = (r: Row) => `${quoted(r.ind)}${valueBesideGap(r.ind, r.v)}，完成进度${r.v ? progressShown(r.v) : formatPercent(null)}`;
  const madeOf = (r: Row) => {
    const part = newPartOfGrowth(f, r.ind);
    return part ? `，${part}` : '';
  };
  // what is still missing, on schedule or not (evaluation.md: the absolute gap wherever a target is
  // not met; the 2024 review found ten unmet targets said only as progress, 0.149万人 among them)
  // and, for a binding coverage of towns, which towns and whether any task is for them: 2022's
  // cemetery coverage was 快于时序进度 and 预计可完成 while its one task was for two towns covered
  // already (the 2022 review)
  const missing = (r: Row) => {
    const gap = r.v ? gapText(r.ind, r.v) : null;
    const towns = gap && r.ind.isBinding ? townsWithoutText(f, r.ind) : null;
    return gap ? `，距目标${gap}${towns ? `，${towns}` : ''}` : '';
  };
  // 快于时序进度 is R ≥ 1: a progress equal to the time progress is said to be level with it
  if (ahead.length === 1) parts.push(`${progress(ahead[0]!)}，${timeComparison(ahead[0]!.v!, '落后')}${missing(ahead[0]!)}${madeOf(ahead[0]!)}`);
  else if (ahead.length > 1) parts.push(ahead.map((r) => `${progress(r)}，${timeComparison(r.v!, '落后')}${missing(r)}${madeOf(r)}`).join('；'));
  if (level.length === 1) parts.push(`${progress(level[0]!)}，基本符合进度要求${missing(level[0]!)}`);
  else if (level.length > 1) parts.push(`${level.map((r) => `${progress(r)}${missing(r)}`).join('；')}，基本符合进度要求`);
  return parts.join('；');
}

/** Behind: the gap in the indicator's own terms and the lag behind time progress. */
function behindSentence(f: ReportFacts, r: Row): string {
  const v = r.v!;
  const gap = gapText(r.ind, v);
  if (v.status === '未保持') {
    const why = lapseCause(f, r.ind, f.year);
    return `${quoted(r.ind)}为${valueText(r.ind, v)}，低于${formatTarget(r.ind, { unit: true })}的规划要求，未保持目标水平${gap ? `（${gap}）` : ''}${why ? `，${why}` : ''}`;
  }
  if (v.status === '逆向变化') {
    const value = v.value === null ? valueText(r.ind, v) : valueBelowBaselineText(r.ind, v.value);
    const baseline = r.ind.baselineText ? `（${r.ind.baselineText.trim()}${r.ind.unit}）` : '';
    const rose = v.value === null ? null : roseOnDataBaseline(r.ind, v.value, f.values.districtValue(f.plan.baselineYear, r.ind.id)?.value ?? null, f.plan.baselineYear);
    if (rose) return `${quoted(r.ind)}为${value}，低于规划基期值${baseline}，评为逆向变化；但${rose}${gap ? `，${gap}` : ''}`;
    return `${quoted(r.ind)}为${value}，低于${f.plan.baselineYear}年的基期水平${baseline}，呈逆向变化${gap ? `，${gap}` : ''}`;
  }
  const lag = percentPointGap(v.timeProgress, v.completionProgress);
  const words = v.status === '明显滞后' ? '进度明显滞后' : '进度滞后';
  return `${quoted(r.ind)}为${valueBesideGap(r.ind, v)}，完成进度${progressShown(v)}，${lag !== null && lag > 0 ? `落后时序进度${formatPoints(lag)}，` : ''}${words}${gap ? `，${gap}` : ''}`;
}

/** The biggest move on last year among the rows, when it is news (a fall, or a jump). */
function changeSentence(f: ReportFacts, rows: readonly Row[]): string | null {
  // a target lost (未保持) or a fall below the baseline (逆向变化) has been said with its cause above
  // nor a fall from a year made from incomplete data: the two years are not comparable (the fresh reading:
  // 由15.6张降至14.9张…需关注, 2023's figure high for a town's children missing)
  const falls = rows.filter((r) => r.v?.changeOnLastYear != null && r.v.changeOnLastYear < 0 && !r.ind.isCumulative && r.v.status !== '未保持' && r.v.status !== '逆向变化'
    && !comparedIncomplete(f, [f.values.districtValue(f.year - 1, r.ind.id)]));
  if (falls.length === 0) return null;
  return `与上年相比，${falls.map((r) => {
    const prev = f.values.districtValue(f.year - 1, r.ind.id);
    // a ratio's fall with its numerator and denominator (the 2023 review: 0.59 → 0.57 需关注 with no
    // cause, where consumption rose 9.8 % and the standard 6.3 %)
    const registry = registryText(f, r.ind);
    // a fall from or to a figure made from incomplete data says so, and gives no cause from its parts
    // (the 17th attack: 户籍儿童增加8711人 was 兴丰街道's children missing the year before)
    const unsure = comparedIncomplete(f, [prev, r.v]);
    const lapse = registry || unsure ? null : lapseCause(f, r.ind, f.year);
    return `${quoted(r.ind)}${prev ? fallText(r.ind, prev, r.v!) : `为${valueText(r.ind, r.v)}`}${unsure}${registry}${lapse ? `（${lapse}）` : ''}`;
  }).join('，')}，需关注。`;
}

/** What moved a register's count on last year, from its list: `（注销12家、新增7家）`; empty for other indicators. */
function registryText(f: ReportFacts, ind: Indicator): string {
  const m = registryMoves(f.data, ind.metric, f.year - 1, f.year);
  if (!m || m.deregistered + m.gone + m.added === 0) return '';
  const unit = ind.unit || '个';
  const parts = [
    m.deregistered ? `注销${formatNumber(m.deregistered)}${unit}` : '',
    m.gone ? `名录中不再有${formatNumber(m.gone)}${unit}` : '',
    `新增${formatNumber(m.added)}${unit}`,
  ].filter(Boolean);
  return `（${parts.join('、')}）`;
}

const TASK_WORDS: Readonly<Record<TaskState, string>> = {
  已完成: '已完成',
  按计划推进: '按计划推进',
  滞后: '滞后',
  逾期未完成: '逾期未完成',
  未启动: '未启动',
};

/**
 * Counts of a ledger: `已完成4项、按计划推进2项、滞后1项`. Tasks not done by a deadline are
 * counted in the words the ledger table gives each (taskStateText): 到期未完成 when the
 * deadline is this year, 逾期未完成 when it passed before — not all as 逾期 above a table
 * that says 到期.
 */
export function taskCounts(tasks: readonly KeyTask[], year: number, startOf?: (t: KeyTask) => number): string {
  const c = countStates(tasks, year);
  const due = tasks.filter((t) => taskStateText(t, year) === '到期未完成').length;
  // on plan by the ledger, yet behind the time gone towards their deadlines: counted there, as 四
  // names them (the 2024 review: 按计划推进12项 beside three said to be behind their time)
  const slow = startOf === undefined ? 0 : tasks.filter((t) => taskState(t, year) === '按计划推进' && belowTimePace(t, year, startOf(t)) !== null).length;
  return (Object.keys(c) as TaskState[]).flatMap((s) => {
    if (s === '按计划推进' && c[s] > 0 && slow > 0) return [`${TASK_WORDS[s]}${items(c[s])}（其中${items(slow)}低于按完成时限计的时间进度）`];
    if (s !== '逾期未完成') return c[s] > 0 ? [`${TASK_WORDS[s]}${items(c[s])}`] : [];
    return [due > 0 ? `到期未完成${items(due)}` : '', c[s] - due > 0 ? `${TASK_WORDS[s]}${items(c[s] - due)}` : ''].filter(Boolean);
  }).join('、');
}

/** The tasks of a heading this year: counts, the ones done this year, the ones behind with their cause. */
export function taskParagraph(f: ReportFacts, tasks: readonly KeyTask[]): string | null {
  if (tasks.length === 0) return null;
  // not where last year's ledger is missing: done then or now, not known (an empty 2023 had made 2024 the year of tasks the ledger says were done in 2021)
  const doneNow = ledgerMissing(f, f.year - 1) ? [] : tasks.filter((t) => taskState(t, f.year) === '已完成' && !wasDone(f, t, f.year - 1));
  // not started is said by name too (the 2021 review: 未启动1项 named nowhere in the text)
  // and so is one on plan below its time pace, which the count says is (the 2023 review: 8 counted, 3 named anywhere)
  const behind = tasks.filter((t) => ['滞后', '逾期未完成', '未启动'].includes(taskState(t, f.year))
    || (taskState(t, f.year) === '按计划推进' && belowTimePace(t, f.year, taskStartYear(f, t)) !== null));
  // One or two tasks are said one by one, each in its state, rather than counted.
  if (tasks.length <= 2) return `重点任务${tasks.map((t) => taskClause(f, t)).join('；')}。`;
  const parts = [`重点任务台账登记${items(tasks.length)}，${taskCounts(tasks, f.year, (t) => taskStartYear(f, t))}`];
  if (doneNow.length) parts.push(`${f.year}年完成了${doneNow.map((t) => `${quote(t.name)}`).join('、')}`);
  for (const t of behind) parts.push(taskClause(f, t));
  return `${parts.join('；')}。`;
}

/**
 * One task in its state: `“A”已于2023年完成`, `“B”于2024年完成，达到“…”的要求` (the ledger's
 * words beyond the year), `“C”按计划推进（累计完成80%，完成时限2025年底）`, or behind with its cause.
 */
function taskClause(f: ReportFacts, t: KeyTask): string {
  const state = taskState(t, f.year);
  const name = quote(t.name);
  // a task not started has done nothing: 尚未启动（累计完成0%） says it twice
  const progress = t.progress !== null && !(state === '未启动' && t.progress === 0) ? `累计完成${formatNumber(t.progress)}%` : '';
  if (state === '已完成') {
    // the year not known where the ledger of the year before is missing
    const y = taskDoneYear(f, t.id);
    const said = taskCause(t);
    // a task done 'for every town' while the data still show a town without: said beside it
    const short = doneTaskShortfall(f, t);
    // and, looking back (the final evaluation), one done in an earlier year while that year's data showed a town without
    const earlier = !short && f.edition === 'final' && y !== null ? doneEarlierWhileShort(f, t, y) : null;
    const then = earlier ? `，但${y}年的数据中${earlier.none}${earlier.what}${earlier.nowAll ? `，${f.year}年各镇街均已有` : ''}` : '';
    return `${name}${y === null ? '已完成' : y < f.year ? `已于${y}年完成` : `于${f.year}年完成`}${said ? `，${said}` : ''}${short ? `，但数据中${short.none}${short.what}` : then}`;
  }
  // on plan by the ledger but behind the time gone towards its deadline: said here, where the count
  // above says how many (the 2023 review: 撤村建居 按计划推进 at 58 % in a year of 60 %, unnamed)
  const slow = state === '按计划推进' ? belowTimePace(t, f.year, taskStartYear(f, t)) : null;
  if (slow !== null) return `${name}按计划推进，但${behindTimeText(t, slow)}`;
  if (state === '按计划推进' || state === '未启动') {
    const detail = [progress, t.deadline ? `完成时限${t.deadline}` : ''].filter(Boolean).join('，');
    // a facility the task would build already under construction: the ledger and the facility sheet disagree
    const built = state === '未启动' ? builtBeforeStarted(f, t) : [];
    return `${name}${state === '未启动' ? '尚未启动' : '按计划推进'}${detail ? `（${detail}）` : ''}${built.length ? `，但设施报表中${joinAnd(built)}已在建，台账状态需核实` : ''}`;
  }
  const cause = taskCause(t);
  const when = state === '逾期未完成' ? (taskStateText(t, f.year) === '到期未完成' ? `到${t.deadline}未按期完成` : `已过${t.deadline}的完成时限`) : '进度滞后';
  return `${name}${when}${progress ? `（${progress}）` : ''}${cause ? `，原因是${cause}` : ''}`;
}

/** Whether a task (by id) was already done in an earlier year's ledger. */
function wasDone(f: ReportFacts, task: KeyTask, year: number): boolean {
  const before = tasksOf(f, year).find((t) => t.id === task.id);
  return before !== undefined && taskState(before, year) === '已完成';
}

/** The paragraphs of one heading (a 体系's subsection): its indicators, then its tasks. */
export function chapterParagraphs(f: ReportFacts, ch: Chapter): string[] {
  const rows: Row[] = ch.indicatorIds.map((id) => f.plan.indicatorById.get(id)!).map((ind) => ({ ind, v: districtValue(f, ind) }));
  const out: string[] = [];
  if (rows.length > 0) {
    const met = rows.filter((r) => r.v?.status === '已完成');
    const on = rows.filter((r) => r.v?.status && ON_TRACK.has(r.v.status));
    const behind = rows.filter((r) => r.v?.status && BEHIND.has(r.v.status));
    const missing = rows.filter((r) => !r.v || r.v.status === '无法评估');
    const sentences: string[] = [];
    const m = metSentence(f, met);
    if (m) sentences.push(m);
    const o = onTrackSentence(f, on);
    if (o) sentences.push(o);
    for (const r of behind) sentences.push(behindSentence(f, r));
    if (missing.length) {
      // and what is lacking, by department: the data to send (once, however many indicators lack it)
      const lacking = missingInputsText(missingInputs(f, missing.map((r) => r.ind), f.year));
      sentences.push(`${missing.map((r) => quoted(r.ind)).join('、')}本年度缺少数据，无法评估${lacking ? `（缺少${lacking}）` : ''}`);
    }
    const t = statusTally(rows.map((r) => r.v?.status));
    const tally = rows.length === 1 ? '' : t.all ? `这方面的${items(rows.length)}指标${t.text}。` : t.text ? `这方面的${items(rows.length)}指标中，${t.text}。` : '';
    out.push(`${tally}${sentences.join('；')}。`);
    const change = changeSentence(f, rows);
    if (change) out.push(change);
  }
  const tasks = tasksOf(f).filter((t) => t.sectionId === ch.id);
  const tp = taskParagraph(f, tasks);
  if (tp) out.push(tp);
  if (out.length === 0) out.push(ledgerMissing(f) ? '规划对这方面未设置量化指标；本年度重点任务台账未报送，任务进展无从说明。' : '规划对这方面未设置量化指标，重点任务台账本年度也未登记相关任务。');
  return out;
}

/** A 体系's opening sentence: how its indicators and tasks stand together. */
export function systemParagraph(f: ReportFacts, system: Chapter): string {
  const inds = indicatorsUnder(f.plan, system);
  const vs = inds.map((ind) => districtValue(f, ind));
  const tally = statusTally(vs.map((v) => v?.status)).text;
  const tasks = tasksUnder(tasksOf(f), system);
  const parts: string[] = [];
  if (inds.length) parts.push(`该体系共有${items(inds.length)}主要指标，${tally || '均缺少数据'}`);
  else parts.push('规划未对该体系设置量化指标');
  if (tasks.length) parts.push(`重点任务${items(tasks.length)}，${taskCounts(tasks, f.year, (t) => taskStartYear(f, t))}`);
  return `${parts.join('；')}。`;
}

/**
 * 下一步工作建议 (report.md §3): one recommendation per problem theme, naming who leads it
 * (the 牵头单位 of the ledger's tasks, else the departments that fill the indicators'
 * sheets) and by when, with the office's wording of the measures
 * (`recommendations.txt`) for each indicator and each cause the ledger gives, tied to the
 * plan's 保障措施. A measure only ever names a task that is not yet done, so a
 * recommendation cannot ask for what the ledger shows finished.
 */
import { formatNumber, formatTarget, formatValue, roundHalfEven } from '../basics/format.ts';
import type { Indicator } from '../plan/plan.ts';
import { underConstruction } from '../evaluate/details.ts';
import { fillMeasure, indicatorMeasure, taskMeasure, type Measure, type RecommendationText } from './recommendations.ts';
import { lackingForTask, lackingText, tasksOf, townCoverage, type ReportFacts } from './report-facts.ts';
import { bearsOn, tasksFor, taskState } from '../evaluate/task-state.ts';
import { belowGradeEntries, withBuildingCheck, buildingShortMeasure, focusTowns, reopenMeasure, responsibleDepartment, systemName, tasksMissingPlaces, unitTypeNeed, type ProblemTheme, type TownFocus } from './themes.ts';
import { innerQuotes, joinAnd, quote, quoted } from './phrases.ts';

export interface Recommendation {
  /** The problem theme it answers. */
  themeKey: string;
  title: string;
  text: string;
  /** The same as a lead-in and its measures, for a recommendation of several measures: `由…牵头，落实…的要求，2025年底前做好以下工作：`. */
  lead: string;
  measures: string[];
  leadUnits: string[];
  deadline: string;
  /** 保障措施 headings it carries out, in plan order. */
  safeguards: string[];
}

/** By when: the end of next year in an annual report, the end of the plan in a mid-term one. */
export function adviceDeadline(f: ReportFacts): string {
  if (f.edition === 'midterm') return `规划期末（${f.plan.targetYear}年底）`;
  return `${Math.min(f.year + 1, f.plan.targetYear)}年底`;
}

/**
 * Where a yearly report's measures are due by the end of next year and the value is below
 * where the time progress puts it then: that level, and for a count what it takes —
 * `；按时序进度，2022年底应达到2880家，需新增1730家` (the 2021 review: a 2022 deadline beside the
 * whole five-year gap, 还差4850家, with no milestone). Empty for the last two years, the
 * mid-term and final editions, maintain and binding targets, and an indicator whose facilities
 * are being built.
 */
export function nextMilestone(f: ReportFacts, ind: Indicator, value: number | null): string {
  const next = f.year + 1;
  // not a binding target (required outright: 94 % of a 100 % coverage read as enough), nor one a
  // facility under construction moves in a block (精神卫生福利床位 0 → 150 when the centre opens)
  if (f.edition === 'midterm' || next >= f.plan.targetYear || ind.isMaintain || ind.isBinding || value === null) return '';
  if ((underConstruction(f.data, ind.metric, f.year)?.building.length ?? 0) > 0) return '';
  const base = ind.isCumulative ? 0 : ind.baseline;
  if (base === null) return '';
  const time = (next - f.plan.baselineYear) / (f.plan.targetYear - f.plan.baselineYear);
  const level = base + time * (ind.target - base);
  if (value >= level) return '';
  const add = Math.ceil(roundHalfEven(level - value, 6));
  // how that compares with the year's own increase, where it is well above it (2,280 in 2023 after
  // 490 in 2022: the 2022 review found the milestone given without a word on whether it is reachable)
  const last = f.values.districtValue(f.year - 1, ind.id)?.value;
  const lastAdd = last != null ? value - last : null;
  const pace = lastAdd !== null && lastAdd > 0 && add / lastAdd >= 1.5 ? `，为${f.year}年增量的${formatNumber(add / lastAdd, 1)}倍` : '';
  const more = ind.aggregation === 'sum' && !ind.unit.startsWith('万') ? `，需新增${formatNumber(add)}${ind.unit}${pace}` : '';
  return `；按时序进度，${next}年底应达到${formatValue(ind, level)}${more}`;
}

function titleOf(theme: ProblemTheme): string {
  if (theme.key === 'towns') return '推动镇街均衡发展';
  if (theme.key === 'data') return '提高填报数据质量';
  return `补齐${theme.chapter ? systemName(theme.chapter) : ''}短板`;
}

/**
 * Where the towns' recommendation starts, from what its problem found: the towns it lists, by
 * how many indicators each is under half the target (`首先列入清单的是天宫院街道（4项），安定镇、
 * 礼贤镇和长子营镇（各3项）`), and what each kind of town should make up first (`街道重点补齐
 * “千人养老机构床位数”…，镇重点补齐…`). The office's own words had said 清单管理 of no town (a review).
 */
function townFocusMeasures(focus: TownFocus | undefined): string[] {
  if (!focus) return [];
  const out: string[] = [];
  const counts = [...new Set(focus.towns.map((t) => t.count))];
  if (focus.towns.length) {
    const groups = counts.map((n) => {
      const names = focus.towns.filter((t) => t.count === n).map((t) => t.name);
      return `${joinAnd(names)}（${names.length > 1 ? '各' : ''}${n}项）`;
    });
    out.push(`首先列入清单的是${groups.length > 1 ? `${groups.slice(0, -1).join('，')}，以及${groups.at(-1)}` : groups[0]}`);
  }
  if (focus.byKind.length) {
    const each = focus.byKind.map((k) => `${k.kind}重点补齐${k.indicators.map(quoted).join('')}`);
    out.push(`${focus.byKind.length > 1 ? '分类施策，' : ''}${each.join('，')}`);
  }
  return out;
}

/** The recommendations, one per theme, in the themes' order. */
export function recommendations(f: ReportFacts, themes: readonly ProblemTheme[], text: RecommendationText): Recommendation[] {
  const deadline = adviceDeadline(f);
  return themes.map((theme) => {
    const measures: string[] = [];
    const used: Measure[] = [];
    /** Who leads each measure: the task's 牵头单位 in the ledger, the departments of the indicators. */
    const leadOf: (readonly string[])[] = [];
    const add = (m: Measure | null, s: string, leads: readonly string[] = []): number | null => {
      if (!m || !s || measures.includes(s)) return null;
      measures.push(s);
      used.push(m);
      leadOf.push(leads);
      return measures.length - 1;
    };
    /** The measure said for each task, by task id: an indicator the task drives takes its gap there. */
    const taskAt = new Map<string, number>();
    // An indicator's measure is led by the 牵头单位 the ledger gives its project (report.md §3),
    // else by the department answering for the indicator.
    const ledgerLead = (x: ProblemTheme['indicators'][number]) => tasksFor(x.ind, tasksOf(f), f.plan).find((t) => taskState(t, f.year) !== '已完成')?.leadUnit || null;
    const departments = (xs: ProblemTheme['indicators']) => [...new Set(xs.map((x) => ledgerLead(x) ?? responsibleDepartment(x.ind)).filter((d): d is string => !!d))];
    const ledgerUnit = (t: { leadUnit: string }) => (t.leadUnit ? [t.leadUnit] : []);
    if (theme.key === 'towns') {
      const m = text.towns ?? text.fallback;
      add(m, [fillMeasure(m, {}), ...townFocusMeasures(theme.townFocus)].join('；'));
    }
    if (theme.key === 'data') add(text.data ?? text.fallback, fillMeasure(text.data ?? text.fallback, {}));
    // One measure per task whose cause the office has words for (tasks not done only), and where
    // the facility sheet lists as 在建 what the cause puts before building, that said with it (the
    // 2024 review: 加快办理用地手续 asked of a 二期 the sheet listed under construction)
    for (const t of theme.tasks) {
      if (t.state === '已完成' || !t.cause) continue;
      const m = taskMeasure(text, t.task.name, t.cause, lackingForTask(f, t.task));
      const at = m ? add(m.measure, withBuildingCheck(f, t.task, m.said), ledgerUnit(t.task)) : null;
      if (at !== null) taskAt.set(t.task.id, at);
    }
    // One per indicator with its own words; the others share one default sentence.
    // where, for a district figure counting 镇街 (公墓覆盖): the places still without it, from the
    // returns, since the measure may name others (the third report review: 礼贤镇、榆垡镇 covered)
    const whereOf = (x: ProblemTheme['indicators'][number]) => {
      // and for a list's entries at a grade, the ones below it (the 2023 review: the 4A service point unnamed)
      const below = belowGradeEntries(f, x.ind);
      if (below) return `，即${joinAnd(below.names)}`;
      const cover = townCoverage(f, x.ind);
      if (!cover || cover.lacking.length === 0 || cover.lacking.length > 6) return '';
      // 还需2个镇… and the two without it: named with 即, not said twice
      return x.gap?.includes(`${cover.lacking.length}个`) ? `，即${joinAnd(cover.lacking.map((t) => t.name))}` : `，${lackingText(cover)}`;
    };
    // a roster ratio met by one type of unit while no unit of the other is: both gaps (unitTypeNeed)
    const gapOf = (x: ProblemTheme['indicators'][number]) => {
      if (!x.gap) return `距${formatTarget(x.ind, { words: true })}的目标仍有差距`;
      const byType = unitTypeNeed(f, x.ind, x.v);
      // (the unit-by-unit need is the plan's 每个社区: no district milestone beside it)
      return byType ? `全区合计${x.gap}，${byType}` : `${x.gap}${whereOf(x)}${nextMilestone(f, x.ind, x.v.value)}`;
    };
    const rest: ProblemTheme['indicators'] = [];
    for (const x of theme.indicators) {
      // The project that drives the indicator has its measure above: the gap goes with it, one
      // measure per problem under the ledger's 牵头单位 (not a second one in other words).
      const driven = tasksFor(x.ind, tasksOf(f), f.plan).map((t) => taskAt.get(t.id)).find((i) => i !== undefined);
      // the towns the problem names as most behind, where the measure should start
      const focus = whereOf(x) ? null : focusTowns(f, x.ind);
      // its tasks aim only at places that have it: the places without it get a task of their own,
      // and the gap goes there, not on the others' project (the 2023 review: 安定镇、长子营镇's
      // cemetery gap beside the siting of 礼贤镇、榆垡镇's, both covered)
      const missing = tasksMissingPlaces(f, x.ind);
      const newTask = missing ? `为${joinAnd(missing.lacking.map((t) => t.name))}增列${missing.what}的重点任务，明确实现方式和完成时限` : null;
      if (!missing && driven !== undefined && x.gap && !measures[driven]!.includes('（目前')) {
        measures[driven] = `${measures[driven]}${focus ? `，${focus}` : ''}（目前${gapOf(x)}）`;
        continue;
      }
      const m = text.byIndicator.get(x.ind.id);
      if (!m) {
        if (newTask) add(text.fallback, `${newTask}（目前${gapOf(x)}）`, departments([x]));
        else rest.push(x);
        continue;
      }
      // the unfinished tasks behind the indicator go with its measure, not as a bare 加快推进 after
      // it (the third report review: 婚姻登记机关标准化建设 pushed on a second time)
      const own = theme.tasks.filter((t) => t.state !== '已完成' && !taskAt.has(t.task.id) && bearsOn(t.task, x.ind, f.plan));
      for (const t of own) taskAt.set(t.task.id, measures.length);
      const measure = indicatorMeasure(m, x.ind, x.v.value, gapOf(x));
      // beds that stopped in the period and are still out: bringing them back comes first (the 2022 review: 352 beds unsaid)
      const push = [reopenMeasure(f, x.ind), own.map((t) => `推进${quote(t.task.name)}`).join('、'), buildingShortMeasure(f, x.ind, x.v), focus, newTask].filter(Boolean).join('，');
      const at = measure.lastIndexOf('（目前');
      add(m, !push ? measure : at < 0 ? `${measure}，${push}` : `${measure.slice(0, at)}，${push}${measure.slice(at)}`, departments([x]));
    }
    if (rest.length) {
      add(text.fallback, fillMeasure(text.fallback, {
        指标: rest.map((x) => x.ind.name).join('”“'),
        实际值: rest.map((x) => formatValue(x.ind, x.v.value)).join('、'),
        目标: rest.map((x) => formatTarget(x.ind, { words: true })).join('、'),
        差距: rest.map(gapOf).join('；'),
      }), departments(rest));
    }
    // Tasks behind schedule that no measure above covers: push them on by name.
    for (const t of theme.tasks) {
      if (t.state === '已完成') continue;
      // named as written, or with its own quotation marks made single inside the measure's
      if (measures.some((s) => s.includes(t.task.name) || s.includes(innerQuotes(t.task.name)))) continue;
      add(text.fallback, `加快推进${quote(t.task.name)}`, ledgerUnit(t.task));
    }
    const chapterIds = new Set(used.map((m) => m.chapterId));
    const safeguards = text.chapters.filter((c) => chapterIds.has(c.id)).map((c) => c.title);
    const leads = theme.leadUnits.length ? theme.leadUnits : ['各责任科室'];
    // One lead for all: said once. Several: each measure names its own (the ledger's 牵头单位),
    // rather than one department put over tasks the ledger gives to others.
    const own = [...new Set(leadOf.flat())];
    const single = own.length <= 1;
    const who = single
      // several departments answering for the theme's indicators and no measure of one of them
      // (the towns' imbalance over seven indicators of four): each its own, not the first put over
      // the others (由养老服务科牵头，…配合, the third report review)
      ? (own.length === 1 ? `由${own[0]}牵头` : leads.length > 1 ? `由${leads.join('、')}按分工牵头` : `由${leads[0]}牵头`)
      : `由${own.join('、')}按分工牵头`;
    // `…（目前还差50张床位）` takes the lead inside its bracket: `…（目前还差50张床位，X牵头）`
    const said = single ? measures : measures.map((s, i) => {
      const by = leadOf[i]!.join('、');
      return !by ? s : s.endsWith('）') ? `${s.slice(0, -1)}，${by}牵头）` : `${s}（${by}牵头）`;
    });
    const body = `${who}，${deadline}前${said.join('；')}。`;
    const tie = safeguards.length ? `（落实规划保障措施“${safeguards.join('”“')}”的要求）` : '';
    const lead = `${who}，${safeguards.length ? `落实规划保障措施“${safeguards.join('”“')}”的要求，` : ''}${deadline}前做好以下工作：`;
    return { themeKey: theme.key, title: titleOf(theme), text: `${body}${tie}`, lead, measures: said, leadUnits: own.length ? own : leads, deadline, safeguards };
  });
}

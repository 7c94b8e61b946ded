/**
 * Where each key task stands in a year, and what the ledger says about why: the state a
 * report counts (done, on track, late, overdue, not started), the deadline year, the
 * cause written in 进展说明, and the tasks that bear on an indicator. Pure.
 */
import { roundHalfEven } from '../basics/format.ts';
import type { Indicator, Plan } from '../plan/plan.ts';
import type { KeyTask } from './key-tasks.ts';
import { RECENT_YEARS } from './gaps.ts';

/** What a report counts (report.md §3: done, on track, late, overdue). */
export type TaskState = '已完成' | '按计划推进' | '滞后' | '逾期未完成' | '未启动';

export const TASK_STATES: readonly TaskState[] = ['已完成', '按计划推进', '滞后', '逾期未完成', '未启动'];

/** The year of a `完成时限` such as `2023年底`, `2024年6月`, `2025`; null when it names none. */
export function deadlineYear(deadline: string): number | null {
  const m = /(\d{4})/.exec(deadline);
  return m ? Number(m[1]) : null;
}

/**
 * A task's state at the end of `year` (the reports' data date, 12月31日): 已完成 as the
 * ledger says; not done by a deadline in that year or before (`2024年底` in 2024):
 * 逾期未完成; 滞后 as the ledger says; 未启动; otherwise 按计划推进.
 */
export function taskState(task: KeyTask, year: number): TaskState {
  if (task.status === '已完成' || (task.progress !== null && task.progress >= 100)) return '已完成';
  const due = deadlineYear(task.deadline);
  if (due !== null && due <= year) return '逾期未完成';
  if (task.status === '滞后') return '滞后';
  if (task.status === '未启动') return '未启动';
  return '按计划推进';
}

/**
 * The state as a report words it: a task due this very year and not done has reached its
 * deadline (到期未完成), not passed it; a task done after its deadline year (`doneIn`, the
 * year the ledger first said it was done, when known) was done late (逾期完成).
 */
export function taskStateText(task: KeyTask, year: number, doneIn: number | null = null): string {
  const state = taskState(task, year);
  const due = deadlineYear(task.deadline);
  if (state === '已完成') return doneIn !== null && due !== null && doneIn > due ? '逾期完成' : state;
  return state === '逾期未完成' && due === year ? '到期未完成' : state;
}

export function countStates(tasks: readonly KeyTask[], year: number): Record<TaskState, number> {
  const out = Object.fromEntries(TASK_STATES.map((s) => [s, 0])) as Record<TaskState, number>;
  for (const t of tasks) out[taskState(t, year)] += 1;
  return out;
}

/** Clauses of a 进展说明 that only restate progress (`累计完成55%`, `需加快推进`, `按计划推进`). */
const PROGRESS_ONLY = /^(累计|已)?完成\d|^需(加快|加大|进一步)|^按计划|^持续|^正在|^已列入|^\d{4}年完成|^已于/;

/** How fast an unfinished task moved in its last years on the ledger, and when it would be done at that pace. */
export interface TaskPace {
  /** The first of the years the pace is taken over (its progress at the end of the year before is the start). */
  from: number;
  /** Percentage points of 完成进度 a year. */
  perYear: number;
  /** The year it reaches 100 % at that pace; null when it did not move. */
  doneYear: number | null;
  /** Where it went back, its progress at the start and now (the ledgers of two years disagree: the 16th attack's 100 % then 60 %). */
  fell?: { year: number; from: number; to: number };
}

/**
 * The pace of an unfinished task: the change of its cumulative 完成进度 over its last
 * `RECENT_YEARS` years on the ledger up to `year` (fewer when it came onto the ledger
 * later), and the year it reaches 100 % going on so. `progressIn` gives the ledger's
 * 完成进度 of the task in a year, null when it is not on that year's ledger or gives none.
 * Null for a task done, without a progress in `year`, or without an earlier year to compare.
 */
export function taskPace(progressIn: (year: number) => number | null, year: number): TaskPace | null {
  const now = progressIn(year);
  if (now === null || now >= 100) return null;
  for (let back = RECENT_YEARS; back >= 1; back--) {
    const then = progressIn(year - back);
    if (then === null) continue;
    const perYear = (now - then) / back;
    if (perYear < 0) {
      // from the latest ledger before with a progress (2024's 100 %, not 2023's)
      const last = Array.from({ length: back }, (_, i) => year - 1 - i).find((y) => progressIn(y) !== null)!;
      return { from: year - back + 1, perYear: 0, doneYear: null, fell: { year: last, from: progressIn(last)!, to: now } };
    }
    if (!(perYear > 0)) return { from: year - back + 1, perYear: 0, doneYear: null };
    // a pace that does not divide the rest exactly takes the year it passes 100 % (1e-9: 60 / 20 is 3)
    return { from: year - back + 1, perYear, doneYear: year + Math.ceil((100 - now) / perYear - 1e-9) };
  }
  return null;
}

/**
 * The cause a ledger's 进展说明 gives for a task behind schedule: its clauses that say
 * something besides the progress itself (`用地手续办理周期长`); null when there is none.
 */
export function taskCause(task: KeyTask): string | null {
  const cause = noteClauses(task.note).filter((c) => !PROGRESS_ONLY.test(c.text));
  return cause.length ? cause.map((c, i) => (i < cause.length - 1 ? c.text + c.after : c.text)).join('') : null;
}

/**
 * A note's clauses, each with the punctuation after it as written: `，；。`, and `,` `;` unless
 * between two ASCII letters or digits (`1,200`, `&amp;`: one clause). The clauses kept are
 * quoted with the note's own punctuation between them (every `;` had been made `，`).
 */
function noteClauses(note: string): { text: string; after: string }[] {
  const out: { text: string; after: string }[] = [];
  const alnum = (ch: string | undefined) => ch !== undefined && /[0-9A-Za-z]/.test(ch);
  let start = 0;
  for (let i = 0; i <= note.length; i++) {
    const ch = note[i];
    const ends = i === note.length || '，；。'.includes(ch!) || ((ch === ',' || ch === ';') && !(alnum(note[i - 1]) && alnum(note[i + 1])));
    if (!ends) continue;
    const text = note.slice(start, i).trim();
    if (text) out.push({ text, after: ch ?? '' });
    start = i + 1;
  }
  return out;
}

/** Han bigrams (and single characters of one-character runs) of a text. */
function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (const run of s.match(/\p{Script=Han}+/gu) ?? []) {
    if (run.length === 1) out.add(run);
    for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2));
  }
  return out;
}

const GENERIC = new Set(['建设', '推进', '推动', '服务', '提高', '达到', '实现', '完成', '开展', '加强', '社区', '镇街', '街镇', '全区', '比例', '数量']);

/** How much a task's name and goal speak of an indicator: shared meaningful bigrams. */
export function relatedness(task: KeyTask, ind: Pick<Indicator, 'name' | 'gapPhrase'>): number {
  const t = bigrams(`${task.name} ${task.goal}`);
  let n = 0;
  for (const b of bigrams(`${ind.name} ${ind.gapPhrase ?? ''}`)) if (t.has(b) && !GENERIC.has(b)) n += 1;
  return n;
}

/** Whether a task's goal states the indicator's target as the plan's table does (`完成130个村…` for 130 个). */
function statesTarget(task: KeyTask, ind: Pick<Indicator, 'targetText' | 'unit'>): boolean {
  if (!ind.targetText || !ind.unit) return false;
  const at = task.goal.indexOf(`${ind.targetText}${ind.unit}`);
  // not part of a longer number (1130个, 0.130个)
  return at >= 0 && (at === 0 || !/[0-9.]/.test(task.goal[at - 1]!));
}

/**
 * What an indicator counts, in the words its name and its gap phrase share: the longest Han
 * run in both, the later in the gap phrase of two as long (`养老机构床位` of 千人养老机构床位数
 * and 还差{n}张养老机构床位; `专业人才`, not `社会工作`, of 持证社会工作专业人才); '' when they share
 * no two characters.
 */
export function countedThing(ind: Pick<Indicator, 'name' | 'gapPhrase'>): string {
  const gap = ind.gapPhrase ?? '';
  let best = '';
  let bestEnd = -1;
  for (const run of ind.name.match(/\p{Script=Han}+/gu) ?? []) {
    for (let i = 0; i < run.length; i++) {
      for (let j = i + 2; j <= run.length; j++) {
        const s = run.slice(i, j);
        const at = gap.lastIndexOf(s);
        if (at < 0) break;
        const end = at + s.length;
        if (s.length > best.length || (s.length === best.length && end > bestEnd)) [best, bestEnd] = [s, end];
      }
    }
  }
  return best;
}

/**
 * Whether a task speaks of what the indicator counts: its head word (the last two characters:
 * 床位, 驿站, 人才) and, of the words before it, two (or the one there is) — a star rating
 * of 养老服务机构 shares 养老 and 机构 with 养老机构床位 but is not about beds; 楼门院治理示范点
 * shares the 示范点 of 社区书记工作室示范点 but nothing before it.
 */
function speaksOfThing(task: KeyTask, ind: Pick<Indicator, 'name' | 'gapPhrase'>): boolean {
  const thing = countedThing(ind);
  if (thing === '') return true;
  const t = bigrams(`${task.name} ${task.goal}`);
  if (!t.has(thing.slice(-2))) return false;
  const before = thing.length >= 4 ? [...bigrams(thing.slice(0, -2))].filter((b) => !GENERIC.has(b)) : [];
  return before.filter((b) => t.has(b)).length >= Math.min(2, before.length);
}

/** By how much more a task must bear on another indicator to be that one's only: two shared words, or the target stated. */
const CLEARLY_MORE = 2;

/** How much a task bears on an indicator of its section: shared words, and 2 more where its goal states the target; null where it does not bear on it. */
function bearing(t: KeyTask, ind: Indicator): number | null {
  if (t.sectionId !== ind.sectionId) return null;
  // Read from its words only, the same for every year's and town's copy of the task: each pair is
  // weighed once (every town report asks tasksFor of each indicator against every task: 0.37 s of
  // the 2.1 s of a rebuild's report pages went to weighing the same pairs again)
  let known = BEARINGS.get(ind);
  if (!known) BEARINGS.set(ind, (known = new Map()));
  const key = `${t.name}\u0000${t.goal}`;
  let r = known.get(key);
  if (r === undefined) {
    const states = statesTarget(t, ind);
    const related = relatedness(t, ind) + (states ? 2 : 0);
    r = related >= 2 && (states || speaksOfThing(t, ind)) ? related : null;
    known.set(key, r);
  }
  return r;
}

/** bearing's results by indicator, then task name and goal. */
const BEARINGS = new WeakMap<Indicator, Map<string, number | null>>();

/**
 * The tasks that bear on an indicator: those filed under its plan section whose goal states
 * its target, or whose name or goal speaks of it (at least two meaningful words in common)
 * and of what it counts (speaksOfThing), most related first; not a task that bears clearly
 * more on another indicator of the plan (建设镇街级社会心理服务中心（站） shares 社会心理服务 and
 * 覆盖 with 社会心理服务覆盖社区村比例, 5, but builds what 建成社会心理服务中心/站数量 counts, 7: a
 * town report had said the task done while the town's coverage of its communities stayed
 * short). A task of two indicators stays with both (加强社会工作专业人才队伍建设: 人才总量 9,
 * 持证人才 8).
 */
export function tasksFor(ind: Indicator, tasks: readonly KeyTask[], plan: Pick<Plan, 'indicators'>): KeyTask[] {
  return tasks
    .flatMap((t) => {
      const r = bearing(t, ind);
      return r !== null && plan.indicators.every((other: Indicator) => other === ind || (bearing(t, other) ?? 0) < r + CLEARLY_MORE) ? [{ t, r }] : [];
    })
    .sort((a, b) => b.r - a.r || (a.t.id < b.t.id ? -1 : 1))
    .map((x) => x.t);
}

/** Whether `task` is one of `ind`'s tasks (tasksFor). */
export function bearsOn(task: KeyTask, ind: Indicator, plan: Pick<Plan, 'indicators'>): boolean {
  return tasksFor(ind, [task], plan).length > 0;
}

/** The indicators `task` is one of the tasks of (bearsOn), in the plan's order. */
export function indicatorsOf(task: KeyTask, plan: Pick<Plan, 'indicators'>): Indicator[] {
  return plan.indicators.filter((ind) => bearsOn(task, ind, plan));
}

/**
 * The time gone towards a started task's deadline since `baselineYear` (a share), where its
 * progress is below it (撤村建居 at 35 % in a year of 40 %); null otherwise.
 */
export function belowTimePace(task: KeyTask, year: number, baselineYear: number): number | null {
  if (taskState(task, year) === '未启动' || task.progress === null) return null;
  const dueYear = deadlineYear(task.deadline);
  const time = dueYear !== null && dueYear > baselineYear ? Math.min(1, (year - baselineYear) / (dueYear - baselineYear)) : null;
  return time !== null && task.progress < roundHalfEven(time * 100, 1) ? time : null;
}

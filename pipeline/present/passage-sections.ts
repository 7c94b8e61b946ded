/**
 * The sections the reports offer to the office's passages, per year: a proposal after
 * spec/report.md, for the report to adopt or replace (passages.ts takes any list). Keys are
 * stable; titles and aliases are what the office may write in a file name.
 *
 * - Annual reports (every year but the plan's target year): 总体评价; each chapter of the
 *   plan's Part 3 (主要任务), by itself (`2023/养老服务.md`); 存在问题; 下一步工作建议.
 * - Final evaluation (the target year): 规划实施总体情况; 主要指标完成情况; 主要任务完成情况及
 *   成效, alone or under a Part 3 chapter (`2025/主要成效-养老服务.md`); 存在的主要问题;
 *   经验与启示; “十五五”时期的建议 (the next plan's name, Plan.nextEra).
 */
import type { Plan } from '../plan/plan.ts';
import { chapterName, type PassageSection, type SectionName } from './passage-names.ts';

export type ReportEdition = 'annual' | 'final';

/** The final evaluation in the plan's target year, the annual report before. */
export function editionOf(plan: Plan, year: number): ReportEdition {
  return year >= plan.targetYear ? 'final' : 'annual';
}

/** The plan's 主要任务 part (第三部分) and its chapters below it, in plan order. */
function taskChapters(plan: Plan) {
  const part = plan.parts.find((p) => p.title.includes('主要任务'));
  return part ? plan.chapters.filter((c) => c.id.startsWith(`${part.id}-`)) : [];
}

const ACHIEVEMENTS: SectionName = { title: '主要成效', aliases: ['主要任务完成情况及成效', '成效', '主要任务完成情况'] };

/** The sections of the report of `year`. */
export function reportPassageSections(plan: Plan, year: number): PassageSection[] {
  const one = (key: string, title: string, ...aliases: string[]): PassageSection => ({ key, path: [{ title, aliases }] });
  const chapters = taskChapters(plan);
  if (editionOf(plan, year) === 'annual') {
    return [
      one('overview', '总体评价', '总体情况'),
      ...chapters.map((c): PassageSection => ({ key: `tasks/${c.id}`, path: [chapterName(c)] })),
      one('problems', '存在问题', '存在的问题', '问题'),
      one('recommendations', '下一步工作建议', '工作建议'),
    ];
  }
  return [
    one('overview', '规划实施总体情况', '总体情况', '实施总体情况', '总体评价'),
    one('indicators', '主要指标完成情况', '指标完成情况'),
    { key: 'achievements', path: [ACHIEVEMENTS] },
    ...chapters.map((c): PassageSection => ({ key: `achievements/${c.id}`, path: [ACHIEVEMENTS, chapterName(c)] })),
    one('problems', '存在的主要问题', '存在问题', '主要问题', '问题'),
    one('lessons', '经验与启示', '经验和启示', '经验启示', '主要经验'),
    one('next-plan', `“${plan.nextEra}”时期的建议`, `${plan.nextEra}建议`, `${plan.nextEra}时期建议`, `对${plan.nextEra}的建议`, '下一规划期建议'),
  ];
}

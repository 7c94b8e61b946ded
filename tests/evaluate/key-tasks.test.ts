/**
 * A key task's 规划章节 (issue 11 case 9): the common spellings are filed under their
 * chapter; anything else is rejected at validation with the valid sections listed, never
 * left to vanish from the report.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfiguration } from '../../pipeline/build.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import { keyTasks } from '../../pipeline/evaluate/key-tasks.ts';
import { readInputs, type InputData } from '../../pipeline/ingest/read-inputs.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import { row, writeCraftedXlsx } from '../support/crafted-xlsx.ts';
import { tempDir } from '../support/helpers.ts';

const plan = resolvePlan();
const HEADER = ['任务编号', '任务名称', '规划章节', '牵头单位', '目标要求', '完成时限', '进展状态', '完成进度（%）', '进展说明'];

/** Section as written → the chapter it names (null: rejected). */
const CASES: [string, string | null][] = [
  ['第三部分 一（二）', 'p3-1-2'],
  ['第3部分 一（一）', 'p3-1-1'],
  ['第三部分 1（1）', 'p3-1-1'],
  ['第3部分 2（3）', 'p3-2-3'],
  ['第三部分一、（二）', 'p3-1-2'],
  ['第三部分 一(二)', 'p3-1-2'],
  ['第３部分　１（２）', 'p3-1-2'],
  ['三（二）', 'p3-3-2'],
  ['第三部分 一（二）大力发展养老服务体系', 'p3-1-2'],
  ['大力发展养老服务体系', 'p3-1-2'],
  ['第四部分 二', 'p4-2'],
  ['第三部分 十（一）', null],
  ['第三部分 一（九）', null],
  ['第三部分 一（二）完善社会救助救济体系', null], // the title of 一（一）
  ['第五部分', null],
  ['养老', null],
];

let dir: string;
let data: InputData;

beforeAll(async () => {
  dir = tempDir('sections');
  mkdirSync(join(dir, '2021'));
  writeCraftedXlsx(join(dir, '2021', '办公室_2021.xlsx'), [{
    name: '重点任务台账',
    data: [row(1, HEADER), ...CASES.map(([section], i) => row(i + 2, [`RW-${i + 1}`, `任务${i + 1}`, section, '办公室', null, null, '推进中', 50, null]))],
  }]);
  const { geography, listing } = readConfiguration(dir);
  data = await readInputs(listing, { geography, plan }, memoryLogger());
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('key-task sections (issue 11 case 9)', () => {
  it('files every common spelling under its chapter', () => {
    const tasks = new Map(keyTasks(plan, data, 2021).map((t) => [t.section, t.sectionId]));
    for (const [section, id] of CASES) {
      if (id === null) continue;
      expect(tasks.get(section), section).toBe(id);
    }
  });

  it('rejects a section the plan does not have, listing the valid ones; no task vanishes', () => {
    const rejects = data.rejects.filter((r) => r.sheet === '重点任务台账');
    const rejected = CASES.filter(([, id]) => id === null).map(([s]) => s);
    expect(rejects.map((r) => r.value).sort()).toEqual([...rejected].sort());
    for (const r of rejects) {
      expect(r).toMatchObject({ rule: 'unknown_section', column: '规划章节', scope: 'row' });
      expect(r.message).toContain(`“${r.value}”不是规划中的章节`);
      expect(r.message).toContain('第三部分：一（一）至（四）、二（一）至（五）、三（一）至（五）、四（一）至（三）、五（一）至（三）');
      expect(r.message).toContain('第四部分：一、二、三、四、五');
    }
    // Every row is a filed task or a reject: none is loaded without a chapter.
    const tasks = keyTasks(plan, data, 2021);
    expect(tasks.every((t) => t.sectionId !== null)).toBe(true);
    expect(tasks.length + rejects.length).toBe(CASES.length);
    const report = data.report.find((r) => r.sheet === '重点任务台账')!;
    expect(report).toMatchObject({ rowsRead: CASES.length, rowsRejected: rejected.length });
  });
});

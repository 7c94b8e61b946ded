/**
 * A final year whose task ledger has many more unfinished tasks than the sample (twenty more
 * 推进中 at the deadline, one cause): a problem theme names a few and counts the rest, and
 * every task carried over to the next plan gets advice — who leads and a 时限 to set — not
 * its state alone (a review planted 150 tasks: a wall of 26 in one theme, 26 bare items).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../pipeline/build.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import { editSheet, sample, tempDir } from '../support/helpers.ts';

const EXTRA = 20;
const BARE = 5;
let input: string;
let out: string;
let report: string;

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

beforeAll(async () => {
  input = await sample();
  await editSheet(join(input, '2025', '办公室_2025.xlsx'), '重点任务台账', (ws) => {
    // the header row, and the last data row before any closing row
    let header = 0;
    ws.eachRow((row, r) => {
      if (!header && row.values && (row.values as unknown[]).includes('任务编号')) header = r;
    });
    let last = header;
    while (typeof ws.getRow(last + 1).getCell(3).value === 'string' && String(ws.getRow(last + 1).getCell(3).value).startsWith('RW-')) last++;
    // EXTRA tasks held up by one cause, and BARE more whose 进展说明 gives none (no measure to recommend)
    ws.spliceRows(last + 1, 0, ...Array.from({ length: EXTRA + BARE }, (_, i) => [
      last - header + i + 1, `RW-2025-${String(i + 1).padStart(2, '0')}`,
      i < EXTRA ? `推进社区服务设施补短板第${i + 1}批` : `完善社区议事协商机制第${i - EXTRA + 1}项`, '第三部分 二（一）', '基层政权和社区建设科',
      '完成设施改造', '2025年底', '推进中', 60, i < EXTRA ? '改造资金未及时到位' : '正在推进',
    ]));
    // two rows whose state and progress disagree (warned as read: task_state_progress)
    ws.spliceRows(last + 1 + EXTRA + BARE, 0,
      [last - header + EXTRA + BARE + 1, 'RW-2025-90', '核对社区台账甲', '第三部分 二（一）', '基层政权和社区建设科', '完成核对', '2025年底', '已完成', 60, '已完成'],
      [last - header + EXTRA + BARE + 2, 'RW-2025-91', '核对社区台账乙', '第三部分 二（一）', '基层政权和社区建设科', '完成核对', '2025年底', '推进中', 100, '正在推进'],
    );
  });
  out = tempDir('many-tasks');
  const log = memoryLogger();
  const result = await build({ input, out, acceptRejects: false, pdf: false, log });
  if (result.exitCode !== 0) throw new Error(log.lines.join('\n'));
  report = readFileSync(join(out, 'site', 'reports', '2025', 'index.html'), 'utf8');
}, 900_000);

afterAll(() => {
  for (const d of [input, out]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('a final evaluation with many unfinished tasks', () => {
  it('names a few of a theme’s tasks and counts the rest', () => {
    const problems = text(report.slice(report.indexOf('id="problems"'), report.indexOf('id="lessons"') > 0 ? report.indexOf('id="lessons"') : undefined));
    const named = problems.match(/推进社区服务设施补短板第\d+批/g) ?? [];
    expect(named.length).toBeGreaterThan(0);
    expect(named.length).toBeLessThanOrEqual(5);
    expect(problems).toMatch(/另有\d+项任务未完成，见附录六/);
  });

  it('names, in 附录四, the tasks whose state and progress disagree, how the report counts them and who is to check (the 16th attack: warned only)', () => {
    const quality = text(report.slice(report.indexOf('id="appendix-quality"'), report.indexOf('id="appendix-towns"') > 0 ? report.indexOf('id="appendix-towns"') : undefined));
    expect(quality).toContain('重点任务台账中“核对社区台账甲”的进展状态填报为“已完成”，而完成进度为60%，两者不一致，报告按“已完成”计，需基层政权和社区建设科核实');
    expect(quality).toContain('重点任务台账中“核对社区台账乙”的进展状态填报为“推进中”，而完成进度为100%，两者不一致，报告按“已完成”计，需基层政权和社区建设科核实');
    expect(quality.match(/两者不一致/g)).toHaveLength(2);
  });

  it('advises on every task it carries over: who leads, and a 时限 to set where none can be reckoned', () => {
    const next = text(report.slice(report.indexOf('id="next-carry"') > 0 ? report.indexOf('id="next-carry"') : report.indexOf('接续推进'), report.indexOf('id="next-indicators"')));
    const items = [...next.matchAll(/重点任务“完善社区议事协商机制第\d+项”。[^。]*。([^。]*。)?/g)].map((m) => m[0]);
    expect(items).toHaveLength(BARE);
    for (const item of items) expect(item, item).toMatch(/建议由基层政权和社区建设科牵头，将该任务列入“十五五”时期重点任务(，明确完成时限)?。/);
  });
});

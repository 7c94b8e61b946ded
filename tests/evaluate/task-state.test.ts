import { describe, expect, it } from 'vitest';
import type { KeyTask } from '../../pipeline/evaluate/key-tasks.ts';
import { countedThing, countStates, deadlineYear, taskCause, taskPace, tasksFor, taskState, taskStateText } from '../../pipeline/evaluate/task-state.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import { taskCounts } from '../../pipeline/present/progress.ts';

const task = (over: Partial<KeyTask>): KeyTask => ({
  id: 'RW-1', name: '区精神卫生福利中心二期工程', section: '第三部分 一（三）', sectionId: 'p3-1-3', leadUnit: '社会福利和儿童福利科',
  goal: '新增精神卫生福利床位', deadline: '2024年底', status: '推进中', progress: 55, note: '', ...over,
});

describe('taskState: where a task stands at the end of a year', () => {
  it('done as the ledger says, or at 100 %', () => {
    expect(taskState(task({ status: '已完成' }), 2024)).toBe('已完成');
    expect(taskState(task({ progress: 100 }), 2030)).toBe('已完成');
  });

  it('not done at the end of its deadline year is overdue, as it is later', () => {
    expect(taskState(task({ deadline: '2024年底' }), 2023)).toBe('按计划推进');
    expect(taskState(task({ deadline: '2024年底' }), 2024)).toBe('逾期未完成');
    expect(taskState(task({ deadline: '2024年6月' }), 2025)).toBe('逾期未完成');
    expect(taskState(task({ deadline: '2025年底', status: '滞后' }), 2025)).toBe('逾期未完成');
  });

  it('before the deadline: late or not started as the ledger says, else on track', () => {
    expect(taskState(task({ status: '滞后' }), 2023)).toBe('滞后');
    expect(taskState(task({ status: '未启动', progress: 0 }), 2022)).toBe('未启动');
    expect(taskState(task({ deadline: '' }), 2030)).toBe('按计划推进');
  });

  it('words a task due this very year as 到期未完成, one due before as 逾期未完成', () => {
    expect(taskStateText(task({ deadline: '2025年底' }), 2025)).toBe('到期未完成');
    expect(taskStateText(task({ deadline: '2024年底' }), 2025)).toBe('逾期未完成');
    expect(taskStateText(task({ status: '滞后' }), 2023)).toBe('滞后');
  });

  it('words a task done after its deadline year as 逾期完成, when the year it was done is known', () => {
    const done = task({ status: '已完成', progress: 100, deadline: '2024年底' });
    expect(taskStateText(done, 2025, 2025)).toBe('逾期完成');
    expect(taskStateText(done, 2025, 2024)).toBe('已完成');
    expect(taskStateText(done, 2025, 2023)).toBe('已完成');
    expect(taskStateText(done, 2025)).toBe('已完成');
    expect(taskStateText(task({ status: '已完成', deadline: '' }), 2025, 2025)).toBe('已完成');
  });

  it('counts every state', () => {
    const c = countStates([task({ status: '已完成' }), task({ status: '滞后' }), task({ deadline: '2022年底' })], 2023);
    expect(c).toEqual({ 已完成: 1, 按计划推进: 0, 滞后: 1, 逾期未完成: 1, 未启动: 0 });
  });

  it('words the counts as the ledger table words each task: 到期 this year, 逾期 before', () => {
    const tasks = [task({ status: '已完成' }), task({ deadline: '2023年底' }), task({ deadline: '2023年6月' }), task({ deadline: '2022年底' })];
    expect(taskCounts(tasks, 2023)).toBe('已完成1项、到期未完成2项、逾期未完成1项');
    expect(taskCounts(tasks.slice(0, 3), 2023)).toBe('已完成1项、到期未完成2项');
    expect(taskCounts(tasks, 2024)).toBe('已完成1项、逾期未完成3项');
  });
});

describe('deadlineYear and taskCause', () => {
  it('reads the year of a 完成时限', () => {
    expect(deadlineYear('2023年底')).toBe(2023);
    expect(deadlineYear('长期')).toBeNull();
  });

  it('keeps what a 进展说明 says besides the progress', () => {
    expect(taskCause(task({ note: '累计完成55%，用地手续办理周期长，需加快推进' }))).toBe('用地手续办理周期长');
    expect(taskCause(task({ note: '按计划推进' }))).toBeNull();
  });

  it('quotes the clauses it keeps as the note writes them: its own punctuation, numbers and codes whole (the eighth attack: every ; made ，)', () => {
    expect(taskCause(task({ note: '用地手续办理周期长；资金缺口1,200万元，累计完成55%，需加快推进' }))).toBe('用地手续办理周期长；资金缺口1,200万元');
    expect(taskCause(task({ note: '用地未批;资金未到位,需加快推进。' }))).toBe('用地未批;资金未到位');
    expect(taskCause(task({ note: '待&lt;b&gt;P10&amp;amp;审批' }))).toBe('待&lt;b&gt;P10&amp;amp;审批');
    expect(taskCause(task({ note: '累计完成80%。受疫情影响，施工推迟' }))).toBe('受疫情影响，施工推迟');
  });
});

describe('tasksFor: the ledger’s tasks that bear on an indicator', () => {
  const plan = resolvePlan();
  const ind = (id: number) => plan.indicatorById.get(id)!;
  const section = (id: number) => ({ section: '', sectionId: ind(id).sectionId });

  it('a task of the section whose goal states the indicator’s target, though its words differ', () => {
    // Indicator 17 实施村（居）委会撤销（调整）, 130 个: the ledger calls it 撤村建居.
    const t = task({ id: 'RW-22', name: '推进“撤村建居”工作', goal: '完成130个村的“撤村建居”', ...section(17) });
    expect(tasksFor(ind(17), [t], plan)).toEqual([t]);
    // not inside a longer number, nor in another section
    expect(tasksFor(ind(17), [task({ ...t, goal: '完成1130个村的“撤村建居”' })], plan)).toEqual([]);
    expect(tasksFor(ind(17), [task({ ...t, sectionId: 'p3-1-3' })], plan)).toEqual([]);
  });

  it('the task stating the target ranks before one that only shares words', () => {
    // Indicator 19 全区社区社会组织数量, 6000 家; the 联合会 task shares 社区社会组织 but is indicator 18's.
    const federation = task({ id: 'RW-1', name: '推进街镇级社区社会组织联合会建设', goal: '街镇级社区社会组织联合会覆盖率达到100%', ...section(19) });
    const own = task({ id: 'RW-2', name: '培育发展社区社会组织', goal: '全区社区社会组织达到6000家', ...section(19) });
    expect(tasksFor(ind(19), [federation, own], plan)[0]).toBe(own);
  });

  it('not a task that shares words with the indicator but not what it counts', () => {
    // Indicator 4 千人养老机构床位数 counts beds: a star rating of 养老服务机构 shares 养老 and 机构, not 床位.
    expect(countedThing(ind(4))).toBe('养老机构床位');
    const stars = task({ name: '全面实施养老服务机构服务质量星级评定', goal: '养老机构星级评定全覆盖', ...section(4) });
    const beds = task({ name: '推进养老机构建设', goal: '新增养老机构床位300张', ...section(4) });
    expect(tasksFor(ind(4), [stars, beds], plan)).toEqual([beds]);
    // Indicator 13 社区书记工作室示范点: the 楼门院 示范点 are indicator 15's, and the other way round.
    const studio = task({ name: '建设社区书记工作室示范点', goal: '建成20个社区书记工作室示范点', ...section(13) });
    const courtyards = task({ name: '打造城乡社区楼门院治理示范点', goal: '打造100个楼门院治理示范点', ...section(13) });
    expect(tasksFor(ind(13), [studio, courtyards], plan)).toEqual([studio]);
    expect(tasksFor(ind(15), [studio, courtyards].map((t) => ({ ...t, sectionId: ind(15).sectionId })), plan)).toEqual([{ ...courtyards, sectionId: ind(15).sectionId }]);
    // Indicator 22 持证社会工作专业人才: the 专业人才 of its gap phrase, not the 社会工作 of every social-work task.
    expect(countedThing(ind(22))).toBe('专业人才');
    const agencies = task({ name: '培育社会工作专业服务机构', goal: '社会工作专业服务机构不少于160家', ...section(22) });
    const talent = task({ name: '加强社会工作专业人才队伍建设', goal: '人才总量4000人，持证1500人', ...section(22) });
    expect(tasksFor(ind(22), [agencies, talent], plan)).toEqual([talent]);
  });

  it('not a task that bears more on another indicator of the plan', () => {
    // 建设镇街级社会心理服务中心（站） shares 社会心理服务 and 覆盖 with indicator 30 (coverage of the
    // communities) but builds what indicator 31 counts; the communities' stations are 30's.
    const centres = task({ id: 'RW-30', name: '建设镇街级社会心理服务中心（站）', goal: '镇街级社会心理服务中心（站）全覆盖', ...section(30) });
    const stations = task({ id: 'RW-29', name: '建设社区（村）社会心理服务站', goal: '社会心理服务覆盖社区村比例达到80%', ...section(30) });
    expect(ind(31).sectionId).toBe(ind(30).sectionId);
    expect(tasksFor(ind(30), [centres, stations], plan)).toEqual([stations]);
    expect(tasksFor(ind(31), [centres, stations], plan)).toEqual([centres]);
    // the 联合会 task is indicator 18's, not 19's, though it shares 社区社会组织 with both
    const federation = task({ id: 'RW-1', name: '推进街镇级社区社会组织联合会建设', goal: '街镇级社区社会组织联合会覆盖率达到100%', ...section(18) });
    expect(tasksFor(ind(18), [federation], plan)).toEqual([federation]);
    expect(ind(19).sectionId).toBe(ind(18).sectionId);
    expect(tasksFor(ind(19), [federation], plan)).toEqual([]);
    // a task of two indicators stays with both: 人才总量 and 持证人才
    const talent = task({ id: 'RW-21', name: '加强社会工作专业人才队伍建设', goal: '人才总量4000人，持证1500人', ...section(21) });
    expect(tasksFor(ind(21), [talent], plan)).toEqual([talent]);
    expect(tasksFor(ind(22), [talent], plan)).toEqual([talent]);
  });
});

describe('taskPace: how fast an unfinished task moved in its last two years, and when it would be done so', () => {
  const ledger = (byYear: Record<number, number>) => (y: number) => byYear[y] ?? null;

  it('takes the change over the last two years and the year it passes 100 %', () => {
    // 10 → 55 over 2024–2025: 22.5 a year; 45 points left take two years
    expect(taskPace(ledger({ 2022: 0, 2023: 10, 2024: 30, 2025: 55 }), 2025)).toEqual({ from: 2024, perYear: 22.5, doneYear: 2027 });
    // exactly at 100 % after three years (60 / 20 is 3, not a hair over)
    expect(taskPace(ledger({ 2023: 0, 2024: 20, 2025: 40 }), 2025)).toEqual({ from: 2024, perYear: 20, doneYear: 2028 });
  });

  it('takes one year when the task came onto the ledger only the year before', () => {
    expect(taskPace(ledger({ 2024: 30, 2025: 70 }), 2025)).toEqual({ from: 2025, perYear: 40, doneYear: 2026 });
  });

  it('gives no year for a task that did not move, or went back', () => {
    expect(taskPace(ledger({ 2023: 50, 2024: 50, 2025: 50 }), 2025)).toEqual({ from: 2024, perYear: 0, doneYear: null });
    // gone back, with where from and to (the 16th attack: 已完成 100 % in 2024, 推进中 60 % in 2025, had read 进度没有推进)
    expect(taskPace(ledger({ 2023: 60, 2025: 50 }), 2025)).toEqual({ from: 2024, perYear: 0, doneYear: null, fell: { year: 2023, from: 60, to: 50 } });
    expect(taskPace(ledger({ 2023: 100, 2024: 100, 2025: 60 }), 2025)).toEqual({ from: 2024, perYear: 0, doneYear: null, fell: { year: 2024, from: 100, to: 60 } });
  });

  it('gives nothing for a task done, without a progress, or new this year', () => {
    expect(taskPace(ledger({ 2024: 50, 2025: 100 }), 2025)).toBeNull();
    expect(taskPace(ledger({ 2024: 50 }), 2025)).toBeNull();
    expect(taskPace(ledger({ 2025: 40 }), 2025)).toBeNull();
  });
});

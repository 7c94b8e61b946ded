import { describe, expect, it } from 'vitest';
import type { IndicatorValue } from '../../pipeline/evaluate/evaluate.ts';
import { evaluate } from '../../pipeline/evaluate/evaluate.ts';
import { finerUnit, proposeTarget, shareOut, splitTarget, type Proposal } from '../../pipeline/evaluate/proposals.ts';
import type { IndicatorBase } from '../../pipeline/ingest/records.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import { proposalBasis } from '../../pipeline/present/final-text.ts';

const PLAN = resolvePlan();
const IND = (id: number) => PLAN.indicatorById.get(id)!;
const final = (value: number) => ({ year: 2025, value }) as IndicatorValue;
const series = (id: number, values: number[]) => [
  { year: 2020, value: IND(id).baseline },
  ...values.map((value, i) => ({ year: 2021 + i, value })),
];
const propose = (id: number, values: number[]): Proposal => proposeTarget(PLAN, IND(id), final(values.at(-1)!), series(id, values))!;

describe('proposeTarget: the next plan’s target with arithmetic a reader can redo', () => {
  it('takes the change a year from the unrounded value and sums from what is shown: 7.06 + 5 × 0.41 = 9.11 → 9.1', () => {
    // Indicator 3 (B 5, G 7, one decimal). V = 7.0607 prints 7.1, but (7.1 − 5) / 5 = 0.42 would
    // subtract a displayed number (evaluation.md): (7.0607 − 5) / 5 = 0.41214 → 0.41; the sum
    // starts from V at one more decimal, 7.06 + 2.05 = 9.11 → 9.1 (not 9.2; the final review).
    const real = propose(3, [5.6, 5.9, 6.4, 6.8, 7.0607]);
    expect(real).toMatchObject({ rule: 'trend', to: { year: 2025, value: 7.1 }, start: 7.06, finer: true, perYear: 0.41, trend: 9.11, proposed: 9.1 });
    expect(proposalBasis(real)).toBe('2025年7.06张 + 5 × 年均变化0.41张 = 9.11张，修约为9.1张');
    // V = 7.0449 prints 7.0: (7.0449 − 5) / 5 = 0.40898 → 0.41; 7.04 + 2.05 = 9.09 → 9.1
    const p = propose(3, [5.6, 5.9, 6.4, 6.8, 7.0449]);
    expect(p).toMatchObject({ to: { value: 7 }, start: 7.04, perYear: 0.41, trend: 9.09, proposed: 9.1 });
    // a V the printed figure shows exactly starts the sum as printed
    const q = propose(3, [5.6, 5.9, 6.4, 6.8, 7.2]);
    expect(q).toMatchObject({ to: { value: 7.2 }, start: 7.2, finer: false, perYear: 0.44, trend: 9.4, proposed: 9.4 });
    expect(proposalBasis(q)).toBe('2025年7.2张 + 5 × 年均变化0.44张 = 9.4张');
  });

  it('works in 人 where 万人 at two decimals is too coarse for the sum: 4060 + 5 × 252 = 5320 → 0.53, not 0.41 + 5 × 0.025 = 0.535 → 0.54', () => {
    // Indicator 21 (B 0.28万人, G 0.4): 4,060 people print as 0.41万人
    const p = propose(21, [0.31, 0.34, 0.36, 0.38, 0.406]);
    expect(p.fine).toEqual({ unit: '人', precision: 0, shift: 4 });
    expect(p).toMatchObject({ rule: 'trend', to: { value: 0.406 }, perYear: 0.0252, trend: 0.532, proposed: 0.53 });
    // Indicator 22 (B 0.12): 1,530 people → 1530 + 5 × 66 = 1860 → 0.19 (from the printed 0.15: 0.185 → 0.18)
    expect(propose(22, [0.13, 0.14, 0.14, 0.15, 0.153])).toMatchObject({ perYear: 0.0066, trend: 0.186, proposed: 0.19 });
  });

  it('works in 人 from the baseline year’s data where they round to the printed baseline: (4060 − 2803) ÷ 5 = 251.4, as the text says 由2803人增加到4060人', () => {
    // the final review redid 4060 + 5 × 252 from the 2803 people 二 gives for 2020 and found 5317, not 5320
    const with2803 = (dataBaseline: number) => proposeTarget(PLAN, IND(21), final(0.406), series(21, [0.31, 0.34, 0.36, 0.38, 0.406]), { dataBaseline })!;
    expect(with2803(0.2803)).toMatchObject({ from: { value: 0.2803 }, perYear: 0.02514, trend: 0.5317, proposed: 0.53 });
    expect(proposalBasis(with2803(0.2803))).toBe('2025年4060人 + 5 × 年均变化251.4人 = 5317人，修约为0.53万人');
    // data that do not round to the printed baseline: the plan's (its note says the other)
    expect(with2803(0.2903)).toMatchObject({ from: { value: 0.28 }, perYear: 0.0252 });
    // in the printed unit the printed baseline, as the table prints it (7.06 + 5 × 0.41, from 5)
    expect(proposeTarget(PLAN, IND(3), final(7.0607), series(3, [5.6, 5.9, 6.4, 6.8, 7.0607]), { dataBaseline: 4.96 })).toMatchObject({ perYear: 0.41 });
  });

  it('keeps the printed unit where its rounding is small beside the value', () => {
    expect(finerUnit(IND(29), 51)).toBeUndefined(); // 0.05万元 of 51万元
    expect(finerUnit(IND(21), 0.406)).toEqual({ unit: '人', precision: 0, shift: 4 }); // 0.005万人 of 0.41万人
    expect(finerUnit(IND(21), 0.62)).toBeUndefined(); // under 1 % of it
    expect(finerUnit(IND(3), 0.5)).toBeUndefined(); // 张: no finer unit
    expect(propose(29, [20, 30, 40, 45, 51]).fine).toBeUndefined();
  });

  it('says a value that fell as fallen, and below its target asks to make the target up first (a helper\'s input variants: \'没有增长（55.0% → 40.0%），建议保持并巩固\')', () => {
    const fell = propose(26, [52, 50, 47, 44, 40]);
    expect(fell).toMatchObject({ rule: 'hold', proposed: 65 });
    expect(proposalBasis(fell)).toBe('规划期内下降（55.0% → 40.0%），建议先补齐原目标65.0%');
    const child = propose(11, [12, 10, 8, 6, 5.1]);
    expect(proposalBasis(child)).toBe('规划期内下降（13.0张 → 5.1张），建议先补齐原目标15.0张');
    // no growth at the target: held
    const flat = propose(26, [65, 65, 65, 65, 65]);
    expect(proposalBasis(flat)).not.toMatch(/下降|补齐/);
  });

  it('a share stops at 100 %', () => {
    const p = propose(23, [45, 53, 61, 68.1, 73.9]); // (73.9 − 37) / 5 = 7.38 → 73.9 + 36.9 = 110.8
    expect(p).toMatchObject({ rule: 'cap', trend: 110.8, proposed: 100 });
  });

  it('a share whose base shrank reaches 100 % at its numerator’s pace, not its points’: 161 of 618 at 38.4 a year is 2030, not 2029', () => {
    // Indicator 23: 265 of 716 in 2020, 457 of 618 in 2025 — 7.38 points a year, part of them the
    // 98 communities merged away (the second and third reviews); 192 stations in 5 years = 38.4 a year
    const v = evaluate(PLAN, [{ year: 2025, geoCode: 'daxing', geoLevel: 'district', indicatorId: 23, value: 45700 / 618, numerator: 457, denominator: 618, isComplete: true, scale: 100 }])[0]!;
    const p = proposeTarget(PLAN, IND(23), v, series(23, [45, 53, 61, 68.1, 45700 / 618]), { drivers: { numerator: 192, denominator: -98 }, recentNumerator: 27 })!;
    expect(p).toMatchObject({ rule: 'cap', proposed: 100, byCount: { missing: 161, perYear: 38.4, reached: 2030, recentPerYear: 27, recentReached: null } });
    // the last two years' 37 a year close it in 2030 (161 ÷ 37 = 4.4)
    expect(proposeTarget(PLAN, IND(23), v, series(23, [45, 53, 61, 68.1, 45700 / 618]), { drivers: { numerator: 192, denominator: -98 }, recentNumerator: 37 })!.byCount).toMatchObject({ recentReached: 2030 });
    // the base did not shrink (it grew): the points' pace stands
    const q = proposeTarget(PLAN, IND(23), v, series(23, [45, 53, 61, 68.1, 45700 / 618]), { drivers: { numerator: 192, denominator: 10 } })!;
    expect(q.byCount).toBeUndefined();
    // too slow to reach 100 % by 2030 counted in stations: the share the count reaches, not 100
    const slow = proposeTarget(PLAN, IND(23), v, series(23, [45, 53, 61, 68.1, 45700 / 618]), { drivers: { numerator: 100, denominator: -300 } })!;
    expect(slow).toMatchObject({ rule: 'cap', proposed: 90.1, byCount: { missing: 161, perYear: 20, reached: null } }); // (457 + 5 × 20) ÷ 618 = 90.1 %
  });

  it('a maintain target that rose every year is held, with the trend it would reach beside it', () => {
    // Indicator 7 (B 50 = G 50): 50 → 54.6, 0.92 a year; 54.6 + 5 × 0.92 = 59.2 (a review: holding
    // it at 54.6 without a word read as against the table's own method)
    const p = propose(7, [51, 52, 53.5, 54.2, 54.6]);
    expect(p).toMatchObject({ rule: 'hold', proposed: 54.6, perYear: 0.92, trend: 59.2, risingTrend: true });
    // one that did not rise, or not every year (养老照料中心 20 → 22 in two steps, one per town), has none
    expect(propose(7, [50, 50, 50, 50, 50]).risingTrend).toBeUndefined();
    expect(propose(5, [20, 21, 21, 22, 22]).risingTrend).toBeUndefined();
  });

  it('a share of whole things each more than a printed step of it knows how many are missing (16 of 22 街镇: 6; 139 of 143 事项: 4), one of many does not', () => {
    const final = (id: number, numerator: number, denominator: number) =>
      evaluate(PLAN, [{ year: 2025, geoCode: 'daxing', geoLevel: 'district', indicatorId: id, value: (100 * numerator) / denominator, numerator, denominator, isComplete: true, scale: 100 }])[0]!;
    expect(proposeTarget(PLAN, IND(9), final(9, 16, 22), series(9, [40.9, 50, 59.1, 63.6, 1600 / 22]))!.units).toEqual({ missing: 6, of: 22 });
    // one 事项 is 0.7 of a point, the share is printed to 0.1: the trend's 99.6 % for 2026 is no count of 143 (142 are 99.3 %)
    expect(IND(32).precision).toBe(1);
    const of143 = proposeTarget(PLAN, IND(32), final(32, 139, 143), series(32, [88.6, 91.5, 93.7, 95.1, 13900 / 143]))!;
    expect(of143).toMatchObject({ rule: 'cap', units: { missing: 4, of: 143 } });
    expect(proposalBasis(of143)).toMatch(/^2025年97\.2%，距100%还需4项.*；按年均变化2\.44个百分点（约3\.5项）计，2027年可达到100%，建议目标100%$/);
    // a thousand or more at one decimal: a step of the share is a thing or more, and the year before 100 % is said as a share
    const of1430 = proposeTarget(PLAN, IND(32), final(32, 1390, 1430), series(32, [88.6, 91.5, 93.7, 95.1, 139000 / 1430]))!;
    expect(of1430.units).toBeUndefined();
    expect(proposalBasis(of1430)).toBe('2025年97.2%，按年均变化2.44个百分点计，2026年为99.6%，2027年可达到100%，建议目标100%');
  });

  it('a value that moved in one year only is a one-off, not a trend; the unmet target comes first', () => {
    // Indicator 8 (B 0, G 150): 0, 0, 100, 100, 100 — one facility opened in 2023.
    const p = propose(8, [0, 0, 100, 100, 100]);
    expect(p).toMatchObject({ rule: 'step', stepYear: 2023, proposed: 150 });
  });

  it('a value that moved once across a year without one is a one-off too, dated by the years between', () => {
    // Indicator 8: 0, 0, —, 100, 100 (2023 without data): not 20 a year from 0 to 100
    const p = proposeTarget(PLAN, IND(8), final(100), [
      { year: 2020, value: 0 }, { year: 2021, value: 0 }, { year: 2022, value: 0 }, { year: 2023, value: null }, { year: 2024, value: 100 }, { year: 2025, value: 100 },
    ])!;
    expect(p).toMatchObject({ rule: 'step', stepYear: 2024, stepFrom: 2022, proposed: 150 });
    expect(proposalBasis(p)).toContain('规划期内只在2022—2024年间（2023年缺少数据）有一次变化');
  });

  it('an unmet target below its trend is carried', () => {
    // Indicator 16 (B 49.1, G 50): 49.8 → per year 0.14, trend 50.5 ≥ 50: the trend stands.
    expect(propose(16, [49.3, 49.4, 49.5, 49.7, 49.8])).toMatchObject({ rule: 'trend', proposed: 50.5 });
    // Indicator 19 (B 800, G 6000): 4800 → 800 a year, 8800.
    expect(propose(19, [1150, 1640, 2350, 3350, 4800])).toMatchObject({ rule: 'trend', proposed: 8800 });
    // Indicator 4 (B 5, G 5.5): 5.2 → 0.04 a year, 5.4 < 5.5: carry 5.5.
    expect(propose(4, [5.0, 5.1, 5.1, 5.15, 5.2])).toMatchObject({ rule: 'carry', proposed: 5.5 });
  });

  it('a maintain target holds its level; a cumulative count restarts at its yearly pace', () => {
    expect(propose(5, [20, 21, 21, 22, 22])).toMatchObject({ rule: 'hold', proposed: 22 });
    expect(propose(17, [18, 45, 76, 104, 130])).toMatchObject({ rule: 'cumulative', perYear: 26, proposed: 130 });
    expect(propose(1, [100, 97.6, 100, 100, 100])).toMatchObject({ rule: 'hold', proposed: 100 });
  });

  it('a year that made most of the change is said and left out of the yearly average', () => {
    // Indicator 14 (B 64.7, G 80): 75.51, 75.98, 76.78, 78.34, 80.63 — the 2021 elections made
    // 10.81 of the 15.93 points (68 %); the other four years: (80.63 − 64.7 − 10.81) / 4 = 1.28.
    const p = propose(14, [75.51, 75.98, 76.78, 78.34, 80.63]);
    expect(p).toMatchObject({ rule: 'trend', perYear: 1.28, start: 80.63, trend: 87.03, proposed: 87, concentrated: { year: 2021, otherYears: 4 } });
    expect(p.concentrated!.change).toBeCloseTo(10.8, 9);
    expect(p.concentrated!.share).toBeCloseTo(10.81 / 15.93, 9);
    // the whole period's average would have been 3.19 a year, 96.6 by 2030
    // half or less of the change in one year is a trend: indicator 19, 1450 of 4000 in 2025
    expect(propose(19, [1150, 1640, 2350, 3350, 4800]).concentrated).toBeUndefined();
    // a jump out of a fall is a recovery: beds 50, 80, 110, 160, 0 (all 停用 in 2024), 210 grew every other year (a review)
    const back = propose(2, [80, 110, 160, 0, 210]);
    expect(back.concentrated).toBeUndefined();
    expect(back.rule).not.toBe('step');
    // the others flat after the jump: a one-off, held at the level reached
    expect(propose(14, [78, 78, 78, 78, 78.01])).toMatchObject({ rule: 'step', stepYear: 2021, proposed: 80 });
  });

  it('a year that made most of the change is found across a year without data, but not in a change that spans it', () => {
    const with14 = (values: (number | null)[]) =>
      proposeTarget(PLAN, IND(14), final(values.at(-1)!), [{ year: 2020, value: 64.7 }, ...values.map((value, i) => ({ year: 2021 + i, value }))])!;
    // 2023 without data: the 2021 elections still made 10.81 of the 15.93 points; the other four
    // years (the missing one among them) 1.28 a year, 87 by 2030 (had been 3.19 a year, 96.6)
    expect(with14([75.51, 75.98, null, 78.34, 80.63])).toMatchObject({ rule: 'trend', perYear: 1.28, proposed: 87, concentrated: { year: 2021, otherYears: 4 } });
    // a change across the missing year is of two years, not one: no year to name, the period's average
    const across = with14([66, 67, null, 78.34, 80.63]);
    expect(across.concentrated).toBeUndefined();
    expect(across.perYear).toBe(3.19);
  });

  it('says where the last two years ran clearly faster or slower than the period, the target staying the period’s trend', () => {
    // Indicator 19 (B 800): 800 a year over the period, (4800 − 2350) / 2 = 1225 in 2024—2025
    const fast = propose(19, [1150, 1640, 2350, 3350, 4800]);
    expect(fast).toMatchObject({ rule: 'trend', perYear: 800, proposed: 8800, recent: { years: 2, from: 2024, perYear: 1225, trend: 10925 } });
    // slowing down: (4800 − 4500) / 2 = 150, less than half of 800
    const slow = propose(19, [2000, 3500, 4500, 4700, 4800]);
    expect(slow).toMatchObject({ rule: 'trend', perYear: 800, proposed: 8800, recent: { perYear: 150, trend: 5550 } });
    // a pace measured from a dip is its recovery: none (2023 fell to 1500, then 3350 and 4800)
    expect(propose(19, [1150, 1640, 1500, 3350, 4800]).recent).toBeUndefined();
    // within half as fast again: none (indicator 3: 0.42 a year, 0.35 in the last two)
    expect(propose(3, [5.6, 5.9, 6.4, 6.8, 7.12]).recent).toBeUndefined();
    // only beside a plain trend: not for a carried target, a cap or a concentrated change
    expect(propose(23, [45, 53, 61, 68.1, 73.9]).recent).toBeUndefined();
    expect(propose(14, [75.51, 75.98, 76.78, 78.34, 80.63]).recent).toBeUndefined();
  });

  it('a count the plan set at one per town holds once every town has one', () => {
    // Indicator 31 (B 5, G 22 = the 22 towns): 23 with every town covered; the trend would say 41.
    const covered = proposeTarget(PLAN, IND(31), final(23), series(31, [9, 14, 19, 22, 23]), { towns: { covered: 22, total: 22 } })!;
    expect(covered).toMatchObject({ rule: 'covered', proposed: 23, towns: 22 });
    // a town still without one: the trend stands
    expect(proposeTarget(PLAN, IND(31), final(23), series(31, [9, 14, 19, 22, 23]), { towns: { covered: 21, total: 22 } })).toMatchObject({ rule: 'trend', proposed: 41 });
  });

  it('a programme the plan finished, its tasks done, is not restarted at its old pace', () => {
    const done = proposeTarget(PLAN, IND(17), final(130), series(17, [18, 45, 76, 104, 130]), { doneTasks: ['推进“撤村建居”工作'] })!;
    expect(done).toMatchObject({ rule: 'done', proposed: null, perYear: 26, doneTasks: ['推进“撤村建居”工作'] });
    // a task still open, or the target not reached: the yearly pace, as before
    expect(proposeTarget(PLAN, IND(17), final(130), series(17, [18, 45, 76, 104, 130]), { doneTasks: [] })).toMatchObject({ rule: 'cumulative', proposed: 130 });
    expect(proposeTarget(PLAN, IND(17), final(120), series(17, [18, 45, 76, 104, 120]), { doneTasks: ['推进“撤村建居”工作'] })).toMatchObject({ rule: 'cumulative', proposed: 120 });
  });

  it('a count met that tasks built, all done, holds its level: not carried on at the pace of a programme that is over (the final review: 210 beds proposed as 370)', () => {
    // Indicator 2 (binding, B 50, G 200): 210 with both its building tasks done
    const built = proposeTarget(PLAN, IND(2), final(210), series(2, [80, 110, 160, 200, 210]), { doneTasks: ['扩充临时救助和长期照料床位', '建成区救助管理站长期照料中心'] })!;
    expect(built).toMatchObject({ rule: 'project', proposed: 210, perYear: 32, doneTasks: ['扩充临时救助和长期照料床位', '建成区救助管理站长期照料中心'] });
    // a task still open, or the target not met: the trend (or the target first), as before
    expect(proposeTarget(PLAN, IND(2), final(210), series(2, [80, 110, 160, 200, 210]), { doneTasks: [] })).toMatchObject({ rule: 'trend', proposed: 370 });
    expect(proposeTarget(PLAN, IND(2), final(190), series(2, [80, 110, 160, 180, 190]), { doneTasks: ['扩充临时救助和长期照料床位'] })!.rule).not.toBe('project');
    // a count that grows of itself (a team's 队伍建设, people) keeps its trend
    expect(proposeTarget(PLAN, IND(20), final(162), series(20, [145, 150, 152, 158, 162]), { doneTasks: ['培育社会工作专业服务机构'] })).toMatchObject({ rule: 'trend' });
    expect(proposeTarget(PLAN, IND(21), final(0.406), series(21, [0.3, 0.33, 0.36, 0.38, 0.406]), { doneTasks: ['加强社会工作专业人才队伍建设'] })!.rule).not.toBe('project');
  });

  it('a ratio grown mostly by a kind its numerator first counted in the period holds that kind and carries the rest at its own pace', () => {
    // Indicator 3 (B 5): 7.0607 of 14,240 beds per 2,016,800 residents (÷1000), 3,300 of them
    // 家庭照护床位 that 2020 had none of (the second final review: 9.1 from a one-off ramp-up):
    // the rest is 10,940 → 5.4245, (5.4245 − 5) ÷ 5 = 0.08490 → 0.08; 7.06 + 5 × 0.08 = 7.46 → 7.5
    const v = { year: 2025, value: 7.0607, numerator: 14240, denominator: 2016800, scale: 1000 } as IndicatorValue;
    const p = proposeTarget(PLAN, IND(3), v, series(3, [5.6, 5.9, 6.4, 6.8, 7.0607]), { newPart: { name: '家庭照护床位', total: 3300, growth: 4192 } })!;
    expect(p).toMatchObject({ rule: 'fresh', start: 7.06, proposed: 7.5, fresh: { name: '家庭照护床位', total: 3300, growth: 4192, perYear: 0.08, trend: 7.46 } });
    expect(proposalBasis(p)).toBe('规划期内养老床位增加4192张，其中3300张为家庭照护床位（2020年为0），这一类按2025年的规模计，不按年均变化外推；其余部分年均变化0.08张：2025年7.06张 + 5 × 0.08张 = 7.46张，修约为7.5张；家庭照护床位的新增规模按相关项目安排确定');
    // without it, the period's trend
    expect(proposeTarget(PLAN, IND(3), v, series(3, [5.6, 5.9, 6.4, 6.8, 7.0607]))).toMatchObject({ rule: 'trend', proposed: 9.1 });
  });

  it('a ratio that rose only because its denominator fell is not a trend: the unmet target, or the level, is held', () => {
    // Indicator 16 (B 49.1, G 50): 49.8 as 本社区居住的 workers fell by 35 and workers by 157
    const values = [49.3, 49.4, 49.5, 49.7, 49.8];
    const shrank = proposeTarget(PLAN, IND(16), final(49.8), series(16, values), { drivers: { numerator: -35, denominator: -157 } })!;
    expect(shrank).toMatchObject({ rule: 'shrink', proposed: 50, trend: 50.5, drivers: { numerator: -35, denominator: -157 } });
    expect(proposalBasis(shrank)).toBe('2020年以来本社区居住的社区工作者减少35人、社区工作者减少157人，比例的提高来自分母减少，不按趋势（50.5%）外推；建议先补齐原目标50.0%');
    // each type of unit having risen on its own, the mix pulling the whole down: said so, not 来自分母减少 (the second 2025 review)
    const mixed = proposeTarget(PLAN, IND(16), final(49.8), series(16, values), { drivers: { numerator: -35, denominator: -157 }, mixTypes: ['社区', '村'] })!;
    expect(mixed).toMatchObject({ rule: 'shrink', proposed: 50, mixTypes: ['社区', '村'] });
    expect(proposalBasis(mixed)).toBe('2020年以来本社区居住的社区工作者减少35人、社区工作者减少157人，分类型看社区和村的比例均有提高，全区比例还随社区、村构成的变化而变动，不按趋势（50.5%）外推；建议先补齐原目标50.0%');
    // the numerator grew: the trend stands
    expect(proposeTarget(PLAN, IND(16), final(49.8), series(16, values), { drivers: { numerator: 20, denominator: -157 } })).toMatchObject({ rule: 'trend', proposed: 50.5 });
    // a count has no denominator to speak of
    expect(proposeTarget(PLAN, IND(19), final(4800), series(19, [1150, 1640, 2350, 3350, 4800]), { drivers: { numerator: 0, denominator: -1 } })).toMatchObject({ rule: 'trend' });
  });

  it('without a final value there is nothing to propose', () => {
    expect(proposeTarget(PLAN, IND(3), { year: 2025, value: null } as IndicatorValue)).toBeNull();
  });
});

describe('splitTarget: the district’s proposed rate as each town’s target, and what each needs to reach it (目标分解)', () => {
  // Indicator 23 (a share of communities, scale 100), proposed 80 %.
  const value = (geoCode: string, numerator: number, denominator: number): IndicatorValue => {
    const r: IndicatorBase = { year: 2025, geoCode, geoLevel: geoCode === 'daxing' ? 'district' : 'town', indicatorId: 23, value: (numerator * 100) / denominator, numerator, denominator, isComplete: true, scale: 100 };
    return evaluate(PLAN, [r])[0]!;
  };
  const towns = (xs: [string, number, number][]) => xs.map(([code, n, d]) => ({ code, value: value(code, n, d) }));

  it('gives each town below the target its own gap, a town above it none; added up, more than the district needs', () => {
    // a 30/100 (gap 50), b 70/100 (10), c 95/100 (above), d 58/100 (22); district 253/400 → 320 − 253 = 67,
    // less than the towns' 82: c's 15 above the target offset part of the others' gaps in the ratio of sums.
    const split = splitTarget(IND(23), value('daxing', 253, 400), towns([['a', 30, 100], ['b', 70, 100], ['c', 95, 100], ['d', 58, 100]]), 80)!;
    expect(split.district).toBe(67);
    expect(Object.fromEntries(split.byTown)).toEqual({ a: 50, b: 10, c: 0, d: 22 });
    // shared out, the parts add up to the district's 67: 67 × 50/82 = 40.85, × 10/82 = 8.17, × 22/82 = 17.98
    // → floors 40, 8, 17 (65), the two largest remainders (d .98, a .85) one more each
    expect(Object.fromEntries(split.share)).toEqual({ a: 41, b: 8, c: 0, d: 18 });
  });

  it('shares out in whole units by the largest remainders, never beyond a town’s own need', () => {
    expect(Object.fromEntries(shareOut(10, new Map([['a', 10], ['b', 10], ['c', 10]])))).toEqual({ a: 4, b: 3, c: 3 }); // 3.33 each: the first takes the one left
    expect(Object.fromEntries(shareOut(5, new Map([['a', 2], ['b', 1]])))).toEqual({ a: 2, b: 1 }); // more asked than the towns lack: their own needs
    expect(Object.fromEntries(shareOut(0, new Map([['a', 2]])))).toEqual({ a: 0 });
    // a remainder tied between towns to the one further below the rate, not the first listed
    expect(Object.fromEntries(shareOut(3, new Map([['a', 3], ['b', 3]]), new Map([['b', 0], ['a', 1]])))).toEqual({ a: 1, b: 2 });
    expect(Object.fromEntries(shareOut(3, new Map([['a', 0], ['b', 0]])))).toEqual({ a: 0, b: 0 });
  });

  it('counts a part of a unit as a whole one, and nothing for a town at the target as printed', () => {
    // e 70/101: 80.8 − 70 = 10.8 → 11; f 7996/10000 = 79.96 %, printed 80.0: at the target
    const split = splitTarget(IND(23), value('daxing', 8066, 10101), towns([['e', 70, 101], ['f', 7996, 10000]]), 80)!;
    expect(Object.fromEntries(split.byTown)).toEqual({ e: 11, f: 0 });
  });

  it('needs nothing of the district for a target that holds its level as printed; a town below it still has its own need', () => {
    // 1808 carers per 331,200 elderly × 10000 = 54.589, printed 54.6 (indicator 7, one decimal);
    // 安定 39 per 8,865: 54.6 × 0.8865 = 48.40 carers → 9.40 more → 10
    const v = (code: string, n: number, d: number) => evaluate(PLAN, [{ year: 2025, geoCode: code, geoLevel: code === 'daxing' ? 'district' : 'town', indicatorId: 7, value: (n * 10000) / d, numerator: n, denominator: d, isComplete: true, scale: 10000 }])[0]!;
    const split = splitTarget(IND(7), v('daxing', 1808, 331200), [{ code: 'anding', value: v('anding', 39, 8865) }], 54.6)!;
    expect(split.district).toBe(0);
    expect(split.byTown.get('anding')).toBe(10);
  });

  it('leaves out a town with no value (missing, not a need of 0)', () => {
    const split = splitTarget(IND(23), value('daxing', 160, 200), [{ code: 'a', value: value('a', 70, 100) }, { code: 'x', value: undefined }], 80)!;
    expect(split.district).toBe(0);
    expect(Object.fromEntries(split.byTown)).toEqual({ a: 10 });
  });
});

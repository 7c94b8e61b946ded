import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../pipeline/basics/errors.ts';
import { PROJECT_ROOT } from '../../pipeline/basics/paths.ts';
import { loadPlan } from '../../pipeline/plan/plan.ts';
import {
  causeMeasure, DEFAULT_RECOMMENDATIONS_FILE, fillMeasure, loadRecommendationText, parseRecommendationText, RECOMMENDATION_SLOTS, taskMeasure,
} from '../../pipeline/present/recommendations.ts';

const PLAN = loadPlan(`${PROJECT_ROOT}data/plan/daxing-civil-affairs-14`);
const DEFAULT = '[默认 | p4-1]\n确保“{指标}”达到要求（{差距}）\n';

const error = (text: string): string => {
  try {
    parseRecommendationText(PLAN, text, 'r.txt');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('no error');
};

describe('parseRecommendationText(plan, source): the office’s wording of the measures', () => {
  it('reads measures per indicator, per cause keyword and a default, each under a 保障措施 heading', () => {
    const t = parseRecommendationText(PLAN, `${DEFAULT}[指标 8 | 注重规划协同发展]\n加快扩容（目前{差距}）\n[原因 用地、选址 | p4-4]\n办理“{任务}”的用地手续\n[镇街｜一、统筹规划组织实施]\n清单管理\n`);
    expect(t.fallback.chapterId).toBe('p4-1');
    expect(t.byIndicator.get(8)!.chapterId).toBe('p4-4');
    expect(t.byCause[0]!.keywords).toEqual(['用地', '选址']);
    expect(t.towns!.chapterId).toBe('p4-1');
    expect(fillMeasure(t.byIndicator.get(8)!, { 差距: '还差50张精神卫生福利床位' })).toBe('加快扩容（目前还差50张精神卫生福利床位）');
    expect(fillMeasure(causeMeasure(t, '用地手续办理周期长')!, { 任务: '二期工程' })).toBe('办理“二期工程”的用地手续');
    expect(causeMeasure(t, '人员不足')).toBeNull();
  });

  it('the shipped file loads and documents every slot', () => {
    const text = loadRecommendationText(PLAN);
    expect(text.byIndicator.size).toBeGreaterThan(5);
    expect(text.byCause.length).toBeGreaterThan(5);
    const source = readFileSync(DEFAULT_RECOMMENDATIONS_FILE, 'utf8');
    for (const slot of RECOMMENDATION_SLOTS) expect(source).toContain(`#   {${slot}}`);
  });

  it('{镇街} of a cause’s measure names the towns still without what the task’s indicator counts, else says 镇街 (the 2024 review: 尚未开展服务的镇街 named none)', () => {
    const t = parseRecommendationText(PLAN, `${DEFAULT}[原因 康复人员 | p4-3]\n派员到尚未开展服务的{镇街}驻点，补齐“{任务}”的人员\n`);
    expect(taskMeasure(t, '筹建康复中心', '专业康复人员不足', ['天宫院街道', '博兴街道'])!.said).toBe('派员到尚未开展服务的天宫院街道和博兴街道驻点，补齐“筹建康复中心”的人员');
    expect(taskMeasure(t, '筹建康复中心', '专业康复人员不足')!.said).toBe('派员到尚未开展服务的镇街驻点，补齐“筹建康复中心”的人员');
  });

  it('the shipped file answers a site not yet chosen with choosing it, not with land procedures', () => {
    const text = loadRecommendationText(PLAN);
    expect(fillMeasure(causeMeasure(text, '选址调整')!, { 任务: '公墓建设' })).toContain('尽快确定“公墓建设”的选址');
    expect(fillMeasure(causeMeasure(text, '用地手续办理周期长')!, { 任务: '二期工程' })).toContain('加快办理“二期工程”的用地手续');
  });
});

describe('parseRecommendationText: precise Chinese errors naming file and line', () => {
  it('unknown indicator id', () => {
    expect(error(`${DEFAULT}[指标 33 | p4-1]\n{指标}\n`)).toBe('r.txt 第 3 行：规划中没有序号为 33 的指标，指标序号为 1—32');
    expect(error(`${DEFAULT}[指标 三 | p4-1]\n{指标}\n`)).toBe('r.txt 第 3 行：指标序号“三”应为规划指标表中的序号（数字）');
  });
  it('unknown slot, and slots that make no sense where they are used', () => {
    expect(error(`${DEFAULT}[指标 3 | p4-1]\n{指标}要达到{目标值}\n`)).toBe(`r.txt 第 4 行：未知的占位符{目标值}，可用的占位符：${RECOMMENDATION_SLOTS.map((s) => `{${s}}`).join('')}`);
    expect(error(`${DEFAULT}[指标 3 | p4-1]\n推进{任务}\n`)).toBe('r.txt 第 4 行：“指标”段落不能使用占位符{任务}，可用的占位符：{指标}{实际值}{目标}{差距}');
    expect(error(`${DEFAULT}[原因 资金 | p4-2]\n{指标}\n`)).toBe('r.txt 第 4 行：“原因”段落不能使用占位符{指标}，可用的占位符：{任务}{原因}{镇街}');
  });
  it('unknown heading, unknown section kind, missing default', () => {
    expect(error(`${DEFAULT}[指标 3 | 加强组织领导]\nX\n`)).toBe(
      'r.txt 第 3 行：保障措施标题“加强组织领导”不存在，可用的标题：p4-1（一、统筹规划组织实施）、p4-2（二、完善多渠道筹资机制）、p4-3（三、推动多方力量参与）、p4-4（四、注重规划协同发展）、p4-5（五、强化评估考核）',
    );
    expect(error(`${DEFAULT}[建议 | p4-1]\nX\n`)).toBe('r.txt 第 3 行：未知的段落类型“建议”，应为 指标、原因、默认、镇街 或 数据');
    expect(error('[指标 3 | p4-1]\nX\n')).toBe('r.txt：缺少 [默认 | 保障措施标题] 段落（没有专用措辞时的措施）');
    expect(error(`${DEFAULT}[原因 | p4-1]\nX\n`)).toBe('r.txt 第 3 行：“原因”段落应列出关键词，如 [原因 用地、选址 | 注重规划协同发展]');
  });
  it('layout errors: braces, text outside a section, missing heading, duplicates; all errors at once', () => {
    expect(error(`孤立的一行\n${DEFAULT}`)).toBe('r.txt 第 1 行：这行文字不属于任何段落，请在它前面加上段落标题，如 [默认 | 统筹规划组织实施]');
    expect(error(`${DEFAULT}[指标 3 | p4-1]\n{指标\n`)).toBe('r.txt 第 4 行：花括号“{”“}”不成对；花括号只用于占位符，如 {指标}');
    expect(error(`${DEFAULT}[指标 3]\nX\n`)).toMatch(/^r\.txt 第 3 行：段落 \[指标 3\] 缺少保障措施标题/);
    expect(error(`${DEFAULT}[指标 3 | p4-1]\nX\n[指标 3 | p4-2]\nY\n`)).toBe('r.txt 第 5 行：指标 3 的措施重复（第 3 行已有）');
    const many = error(`${DEFAULT}[指标 99 | p4-1]\nX\n[指标 3 | 无此标题]\nY\n[指标 4 | p4-1]\n`);
    expect(many.split('\n')).toEqual([
      'r.txt 有 3 处错误：',
      'r.txt 第 3 行：规划中没有序号为 99 的指标，指标序号为 1—32',
      'r.txt 第 5 行：保障措施标题“无此标题”不存在，可用的标题：p4-1（一、统筹规划组织实施）、p4-2（二、完善多渠道筹资机制）、p4-3（三、推动多方力量参与）、p4-4（四、注重规划协同发展）、p4-5（五、强化评估考核）',
      'r.txt 第 7 行：段落 [指标 4] 没有内容',
    ]);
  });
  it('a missing file is a ConfigError', () => {
    expect(() => loadRecommendationText(PLAN, '/nonexistent/recommendations.txt')).toThrow(ConfigError);
  });
});

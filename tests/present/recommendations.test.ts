import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../pipeline/basics/errors.ts';
import { PROJECT_ROOT } from '../../pipeline/basics/paths.ts';
import { loadPlan } from '../../pipeline/plan/plan.ts';
import { loadRecommendationText, parseRecommendationText } from '../../pipeline/present/recommendations.ts';

const PLAN = loadPlan(`${PROJECT_ROOT}data/plan/daxing-civil-affairs-14`);

describe('parseRecommendationText: precise Chinese errors', () => {
  const DEFAULTS = '[默认 滞后 | p4-5]\nA\n[默认 明显滞后 | p4-5]\nB\n[默认 逆向变化 | p4-5]\nC\n[默认 未保持 | p4-1]\nD\n';
  const error = (text: string): string => {
    try {
      parseRecommendationText(PLAN, text, 'r.txt');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message;
    }
    throw new Error('no error');
  };
  it('unknown indicator id', () => {
    expect(error(`${DEFAULTS}[指标 33 | p4-1]\n{指标}\n`)).toBe('r.txt 第 9 行：规划中没有序号为 33 的指标，指标序号为 1—32');
    expect(error(`${DEFAULTS}[指标 三 | p4-1]\n{指标}\n`)).toBe('r.txt 第 9 行：指标序号“三”应为规划指标表中的序号（数字）');
  });
  it('unknown slot', () => {
    expect(error(`${DEFAULTS}[指标 3 | p4-1]\n{指标}要达到{目标值}\n`)).toBe(
      'r.txt 第 10 行：未知的占位符{目标值}，可用的占位符：{指标}{属性}{状态}{年份}{基期年}{目标年}{实际值}{基期值}{目标}{差距}{完成进度}{时序进度}{进度差}{剩余年数}{指标清单}',
    );
  });
  it('unknown heading', () => {
    expect(error(`${DEFAULTS}[通用 | 加强组织领导]\nX\n`)).toBe(
      'r.txt 第 9 行：保障措施标题“加强组织领导”不存在，可用的标题：p4-1（一、统筹规划组织实施）、p4-2（二、完善多渠道筹资机制）、p4-3（三、推动多方力量参与）、p4-4（四、注重规划协同发展）、p4-5（五、强化评估考核）',
    );
  });
  it('unknown status, missing default, unknown section kind', () => {
    expect(error(`${DEFAULTS}[默认 落后 | p4-1]\nX\n`)).toBe('r.txt 第 9 行：默认模板的状态“落后”不正确，应为：滞后、明显滞后、逆向变化、未保持、无法评估');
    expect(error('[默认 滞后 | p4-5]\nA\n[默认 明显滞后 | p4-5]\nB\n[默认 逆向变化 | p4-5]\nC\n')).toBe('r.txt：缺少状态“未保持”的默认模板，请添加段落 [默认 未保持 | 保障措施标题]');
    expect(error(`${DEFAULTS}[建议 | p4-1]\nX\n`)).toBe('r.txt 第 9 行：未知的段落类型“建议”，应为“通用”“默认”或“指标”');
  });
  it('slots that make no sense where they are used', () => {
    expect(error(`${DEFAULTS}[指标 5 | p4-1]\n{指标}完成{完成进度}\n`)).toMatch(/^r\.txt 第 10 行：指标 5（建成运营街道乡镇养老照料中心数量）为保持类指标，只判断是否保持、没有完成进度，不能使用占位符\{完成进度\}/);
    expect(error(`${DEFAULTS}[默认 无法评估 | p4-5]\n{指标}缺数据\n`)).toMatch(/^r\.txt 第 10 行：“无法评估”的默认模板为所有数据缺失的指标合并生成一条，没有本年度数值，不能使用占位符\{指标\}/);
    expect(error(`${DEFAULTS}[通用 | p4-1]\n{年份}年要抓紧\n`)).toBe('r.txt 第 10 行：通用建议中不能使用占位符或花括号（占位符只用于“默认”和“指标”段落）');
  });
  it('layout errors: braces, text outside a section, missing heading, duplicates; all errors at once', () => {
    expect(error(`${DEFAULTS}[指标 3 | p4-1]\n{指标要加快\n`)).toBe('r.txt 第 10 行：花括号“{”“}”不成对；花括号只用于占位符，如 {指标}');
    expect(error(`开头的文字\n${DEFAULTS}`)).toBe('r.txt 第 1 行：这行文字不属于任何段落，请在它前面加上段落标题，如 [通用 | 统筹规划组织实施]');
    expect(error(`${DEFAULTS}[通用]\nX\n`)).toMatch(/^r\.txt 第 9 行：段落 \[通用\] 缺少保障措施标题（写在竖线“\|”后）/);
    expect(error(`${DEFAULTS}[默认 滞后 | p4-1]\nX\n`)).toBe('r.txt 第 9 行：状态“滞后”的默认模板重复（首次出现在第 1 行）');
    const many = error(`${DEFAULTS}[指标 99]\nX\n[通用 | 无此标题]\nY\n[指标 3]\n`);
    expect(many.split('\n')).toEqual([
      'r.txt 有 3 处错误：',
      'r.txt 第 9 行：规划中没有序号为 99 的指标，指标序号为 1—32',
      'r.txt 第 11 行：保障措施标题“无此标题”不存在，可用的标题：p4-1（一、统筹规划组织实施）、p4-2（二、完善多渠道筹资机制）、p4-3（三、推动多方力量参与）、p4-4（四、注重规划协同发展）、p4-5（五、强化评估考核）',
      'r.txt 第 13 行：段落 [指标 3] 没有内容',
    ]);
  });
  it('a missing file is a ConfigError', () => {
    expect(() => loadRecommendationText(PLAN, '/nonexistent/recommendations.txt')).toThrow(ConfigError);
  });
});

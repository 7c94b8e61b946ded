/**
 * The defect vocabulary of `--with-errors` (rule ids in English snake_case, as the loader's
 * tests use them) and the Chinese description written beside defects.json (缺陷说明.md).
 */

export type DefectRule =
  | 'not_xlsx' | 'encrypted' | 'corrupt' | 'zip_bomb' | 'missing_column' | 'year_mismatch' | 'unknown_town'
  | 'unknown_community' | 'not_a_number' | 'negative' | 'impossible_value' | 'percent_range' | 'enum_value'
  | 'duplicate_key' | 'formula_without_value' | 'town_missing' | 'total_mismatch' | 'large_change';

export type DefectExpect = 'reject-file' | 'reject-sheet' | 'reject-row' | 'warning';

export interface DefectEntry {
  /** Path relative to the sample folder: `2025/补报_2025.xlsx`. */
  file: string;
  /** Sheet (tab) name as written; null for a file-level defect. */
  sheet: string | null;
  /** Excel row number; null when the defect has no row (file, missing town). */
  row: number | null;
  /** Contract column name; null when not tied to a column. */
  column: string | null;
  rule: DefectRule;
  expect: DefectExpect;
  /** The raw value written (or the missing town). */
  value: string | null;
  /** What is wrong, in Chinese. */
  note: string;
  /** A consequence of another defect rather than a defect of its own. */
  collateral?: boolean;
}

export const DEFECT_RULES: readonly { id: DefectRule; name: string; contract: string }[] = [
  { id: 'not_xlsx', name: '不是 xlsx（非 zip 文件）', contract: '§4 文件不可读' },
  { id: 'encrypted', name: '加密工作簿', contract: '§4 文件不可读' },
  { id: 'corrupt', name: '文件损坏（截断）', contract: '§4 文件不可读' },
  { id: 'zip_bomb', name: '压缩炸弹', contract: '§4 文件不可读' },
  { id: 'missing_column', name: '缺少必填列', contract: '§4 缺少必填列' },
  { id: 'year_mismatch', name: '标题年份与文件夹年份不符', contract: '§1、§4 年份不符' },
  { id: 'unknown_town', name: '未知镇街', contract: '§4 未知镇街' },
  { id: 'unknown_community', name: '社区（村）不在当年名录中', contract: '§4 未知社区村' },
  { id: 'not_a_number', name: '非数值', contract: '§4 非数值' },
  { id: 'negative', name: '负数', contract: '§4 负数' },
  { id: 'impossible_value', name: '不可能的值（已集中供养 > 有需求；其中 > 总数）', contract: '§4 不可能的值' },
  { id: 'percent_range', name: '百分比超出 0—100', contract: '§4 不可能的值' },
  { id: 'enum_value', name: '枚举值不在规定范围内', contract: '§4 不可能的值' },
  { id: 'duplicate_key', name: '同一年主键重复（每处都拒收）', contract: '§1、§4 主键重复' },
  { id: 'formula_without_value', name: '公式没有缓存值', contract: '§2 公式单元格' },
  { id: 'town_missing', name: '镇街级表缺少某个镇街', contract: '§4 缺镇街（警告）' },
  { id: 'total_mismatch', name: '合计行与各行之和不符', contract: '§2、§4 合计不符（警告）' },
  { id: 'large_change', name: '与上年相比变化超过一半', contract: '§4 大幅变化（警告）' },
];

const EXPECT_ZH: Record<DefectExpect, string> = {
  'reject-file': '整个文件拒收',
  'reject-sheet': '整张表拒收',
  'reject-row': '该行拒收',
  warning: '警告（数据照常载入）',
};

const cell = (s: string | number | null | undefined) => (s === null || s === undefined || s === '' ? '—' : String(s).replace(/\|/g, '\\|'));

export function defectMarkdown(entries: readonly DefectEntry[], missingRules: readonly string[]): string {
  const lines = [
    '# 示例数据缺陷说明',
    '',
    '本文件由 `planeval sample --with-errors` 生成，说明示例数据中有意设置的每一处缺陷，供检验载入程序之用。',
    '机器可读的同一清单见 `defects.json`（字段：file 文件、sheet 工作表、row Excel 行号、column 列、rule 规则、expect 预期处理）。',
    '除这些缺陷外，各年数据均应无拒收地载入。标为“连带”的条目不是单独设置的缺陷，而是上一条缺陷的必然后果。',
    '',
    '## 规则一览',
    '',
    '| 规则 | 含义 | 规范依据 | 条数 |',
    '|---|---|---|---|',
    ...DEFECT_RULES.map((r) => `| \`${r.id}\` | ${r.name} | ${r.contract} | ${entries.filter((e) => e.rule === r.id).length} |`),
    '',
    '## 逐条说明',
    '',
    '| # | 文件 | 工作表 | 行 | 列 | 规则 | 预期处理 | 说明 |',
    '|---|---|---|---|---|---|---|---|',
    ...entries.map((e, i) =>
      `| ${i + 1} | ${cell(e.file)} | ${cell(e.sheet)} | ${cell(e.row)} | ${cell(e.column)} | \`${e.rule}\` | ${EXPECT_ZH[e.expect]}${e.collateral ? '（连带）' : ''} | ${cell(e.note)} |`),
    '',
  ];
  if (missingRules.length) {
    lines.push('## 未覆盖的规则', '', `本次生成没有覆盖：${missingRules.map((r) => `\`${r}\``).join('、')}（例如只生成了一个年份，无法设置“与上年相比”的缺陷）。`, '');
  }
  return lines.join('\n');
}

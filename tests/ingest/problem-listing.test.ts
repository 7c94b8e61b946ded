import { describe, expect, it } from 'vitest';
import { problemsByFile } from '../../pipeline/ingest/ledger.ts';
import type { Warning } from '../../pipeline/ingest/records.ts';

const warning = (row: number, rule: Warning['rule'], message: string): Warning => ({ file: '2024/养老服务科_2024.xlsx', sheet: '养老服务设施', row, column: '床位数', value: '', rule, message });

describe('the listing of problems by file', () => {
  it('gives each file its counts once, and in a second listing (the empty cells an indicator needs) says 另有 instead of counts at odds with the first (the attack on the reader: 1 处警告 above, 2 处警告 below)', () => {
    const first = problemsByFile([], [warning(5, 'large_change', '变化超过一半')]);
    expect(first.split('\n')[0]).toBe('【2024/养老服务科_2024.xlsx】 0 处拒绝，1 处警告');
    const more = problemsByFile([], [warning(7, 'blank_value', '床位数未填'), warning(9, 'blank_value', '床位数未填')], true);
    expect(more.split('\n')[0]).toBe('【2024/养老服务科_2024.xlsx】 另有 2 处警告（指标需要的值未填）');
    expect(more).not.toContain('0 处拒绝');
    expect(more.split('\n')).toHaveLength(3);
  });
});

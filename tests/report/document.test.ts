import { describe, expect, it } from 'vitest';
import { Headings, section, withEvenGrouping, type Cell, type ReportDocument } from '../../pipeline/report/document.ts';

const num = (text: string, more: Partial<Cell> = {}): Cell => ({ text, num: true, ...more });

function doc(rows: Cell[][]): ReportDocument {
  const h = new Headings();
  const s = section(h.add('a', '表', 1), [
    { table: { caption: '表', columns: ['镇街', '甲', '乙'], rows } },
    { dataTable: { caption: '图表数据', columns: ['年', '值'], rows: [['2020', '9125'], ['2025', '13,756']] } },
  ]);
  return { sections: [s] } as unknown as ReportDocument;
}

describe('withEvenGrouping(document)', () => {
  it('groups a column alike, placing cells by their row and column spans', () => {
    const rows: Cell[][] = [
      [{ text: '一、养老', group: true, colspan: 3 }],
      [{ text: '旧宫镇', header: true, rowspan: 2 }, num('13,756'), num('4885')],
      [num('9125'), num('2386')],
      [{ text: '全区', header: true }, num('1234', { colspan: 2 })],
    ];
    const d = withEvenGrouping(doc(rows));
    const t = d.sections[0]!.blocks[0]!.table!;
    // 9125 stands under 13,756 (the row header above spans two rows); 4885 and 2386 share a column with no grouped figure
    expect(t.rows.map((r) => r.map((c) => c.text))).toEqual([['一、养老'], ['旧宫镇', '13,756', '4885'], ['9,125', '2386'], ['全区', '1234']]);
    expect(d.sections[0]!.blocks[1]!.dataTable!.rows).toEqual([['2020', '9,125'], ['2025', '13,756']]);
  });
});

import { describe, expect, it } from 'vitest';
import { pdfDate, stablePdf } from '../../pipeline/report/pdf-stable.ts';

const pdf = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

describe('stablePdf', () => {
  const printed = (clock: string, a: string, b: string) =>
    pdf(`1 0 obj <</Headers [(node${a}) (node${b})]>> 2 0 obj <</ID (node${b})>> 3 0 obj <</CreationDate (D:${clock}+00'00')\n/ModDate (D:${clock}+00'00')>>\nxref 1234`);

  it('gives two prints of one page, at different times with different node ids, the same bytes of the same length', () => {
    const first = printed('20261201180221', '00000070', '00000079');
    const second = printed('20261202093000', '00001234', '00000002');
    const a = stablePdf(first, '2025-12-31');
    const b = stablePdf(second, '2025-12-31');
    expect(text(a)).toBe(text(b));
    expect(a.byteLength).toBe(first.byteLength);
    expect(text(a)).toContain("/CreationDate (D:20251231000000+08'00')");
    expect(text(a)).toContain("/ModDate (D:20251231000000+08'00')");
    expect(text(a)).toContain('[(node00000001) (node00000002)]');
    expect(text(a)).toContain('<</ID (node00000002)>>');
  });

  it('keeps the dates without a day, and a date it cannot rewrite in place', () => {
    expect(text(stablePdf(pdf("/CreationDate (D:20261201180221+00'00')"), null))).toBe("/CreationDate (D:20261201180221+00'00')");
    expect(text(stablePdf(pdf('/CreationDate (D:20261201180221Z)'), '2025-12-31'))).toBe('/CreationDate (D:20261201180221Z)');
  });

  it('refuses a day that is not a date', () => {
    expect(pdfDate('2025-01-02')).toBe("D:20250102000000+08'00'");
    expect(() => pdfDate('2025')).toThrow();
  });
});

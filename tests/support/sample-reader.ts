/**
 * Test-only reader for the sample workbooks, written independently of the loader: reads a
 * year folder back with exceljs, tolerating the layout quirks the generator introduces, and
 * computes the 32 indicators with plain code straight from indicator-formulas.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { SHEETS } from '../../pipeline/plan/contract.ts';

export type Value = string | number | boolean | null;
export type Rec = Record<string, Value>;

export interface ReadSheet {
  file: string;
  tab: string;
  kind: string;
  headerRow: number;
  /** Contract column names found in the header. */
  columns: string[];
  rows: Rec[];
  /** Excel row number of each of `rows`. */
  rowNumbers: number[];
}

const fold = (s: string) => s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s\u3000]+/g, '');
const headerKey = (s: string) => fold(s).replace(/[（(][^（()）]*[)）]$/, '');
export const sheetKind = (tab: string) => tab.trim().replace(/(\(\d{4}\)|（\d{4}）|\d{4}年)$/, '');

function raw(cell: ExcelJS.Cell): Value {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return null;
  if (typeof v === 'object') {
    const o = v as { result?: unknown; richText?: { text: string }[] };
    if ('formula' in o || 'sharedFormula' in o) return (o.result ?? null) as Value;
    if (o.richText) return o.richText.map((t) => t.text).join('');
    return String(v);
  }
  return v as Value;
}

export function num(v: Value): number | null {
  if (v === null || typeof v === 'boolean') return null;
  if (typeof v === 'number') return v;
  const s = fold(v).replace(/,/g, '').replace(/[%张人个家例万元]+$/, '');
  if (s === '' || ['—', '-', '/', '无'].includes(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

export function yes(v: Value): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1;
  return ['是', 'Y', 'y', '√', '1', 'TRUE', 'true'].includes((v ?? '').trim());
}

export async function readWorkbook(path: string): Promise<ReadSheet[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
  const out: ReadSheet[] = [];
  for (const ws of wb.worksheets) {
    const kind = sheetKind(ws.name);
    const spec = SHEETS.find((s) => s.name === kind);
    if (!spec) continue;
    let headerRow = 0;
    let colIndex = new Map<string, number>();
    for (let r = 1; r <= Math.min(ws.rowCount, 10) && !headerRow; r++) {
      const found = new Map<string, number>();
      ws.getRow(r).eachCell((cell, c) => {
        const k = headerKey(String(raw(cell) ?? ''));
        const col = spec.columns.find((x) => x.name === k);
        if (col) found.set(col.name, c);
      });
      if (found.size >= Math.min(2, spec.columns.length)) {
        headerRow = r;
        colIndex = found;
      }
    }
    const rows: Rec[] = [];
    const rowNumbers: number[] = [];
    for (let r = headerRow + 1; headerRow && r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells: Value[] = [];
      row.eachCell({ includeEmpty: false }, (cell) => cells.push(raw(cell)));
      const first = cells.find((v) => v !== null && String(v).trim() !== '');
      if (first === undefined) break;
      if (typeof first === 'string' && /^(合计|总计)([（(:：]|$)|^(注[：:]|备注：|说明：|填表说明)/.test(first.trim())) break;
      const rec: Rec = {};
      for (const [name, c] of colIndex) rec[name] = raw(row.getCell(c));
      rows.push(rec);
      rowNumbers.push(r);
    }
    out.push({ file: path, tab: ws.name, kind, headerRow, columns: [...colIndex.keys()], rows, rowNumbers });
  }
  return out;
}

/** Every sheet of a year folder, rows of split sheets appended per kind. */
export async function readYear(dir: string): Promise<Map<string, Rec[]>> {
  const byKind = new Map<string, Rec[]>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.xlsx')).sort()) {
    for (const s of await readWorkbook(join(dir, f))) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), ...s.rows]);
  }
  return byKind;
}

/** Town spelling → canonical name, from the geography's names and aliases. */
export function townResolver(places: { name: string; aliases: string[] }[]): (v: Value) => string {
  const map = new Map<string, string>();
  for (const p of places) for (const s of [p.name, ...p.aliases]) map.set(fold(s), p.name);
  return (v) => {
    const k = fold(String(v ?? '')).replace(/^(北京市大兴区|大兴区)/, '');
    const t = map.get(k);
    if (!t) throw new Error(`unknown town ${String(v)}`);
    return t;
  };
}

/** The 32 indicators of the district for one year, straight from the formulas. */
export function indicators(d: Map<string, Rec[]>, year: number, town: (v: Value) => string, townCount: number, zhenCount: number): Map<number, number> {
  const rows = (k: string) => d.get(k) ?? [];
  const sum = (rs: Rec[], col: string) => rs.reduce((s, r) => s + (num(r[col] ?? null) ?? 0), 0);
  const op = (r: Rec) => r['运营状态'] === '运营';
  const pop = rows('人口基础数据');
  const residents = sum(pop, '常住人口');
  const care = rows('养老服务设施').filter(op);
  const welfare = rows('福利机构').filter(op);
  const comm = rows('社区村名录');
  const live = comm.filter((r) => r['状态'] === '存续');
  const liveKey = new Set(live.map((r) => `${town(r['镇街'] ?? null)}|${fold(String(r['社区村名称']))}`));
  const covered = (kind: string, keep: (r: Rec) => boolean = () => true) =>
    new Set(rows(kind).filter(keep).map((r) => `${town(r['镇街'] ?? null)}|${fold(String(r['社区村名称']))}`).filter((k) => liveKey.has(k))).size;
  const stat = (name: string) => num(rows('区级统计指标').find((r) => r['指标名称'] === name)?.['数值'] ?? null) ?? NaN;
  const ofType = (rs: Rec[], col: string, vals: string[]) => rs.filter((r) => vals.includes(String(r[col])));
  const communities = live.filter((r) => r['类型'] === '社区');
  const registries = rows('婚姻登记机关');
  const burial = rows('殡葬安葬');
  const services = rows('政务服务事项');
  const v = new Map<number, number>();
  v.set(1, (sum(rows('特困人员供养'), '已集中供养人数') / sum(rows('特困人员供养'), '有集中供养需求人数')) * 100);
  v.set(2, sum(rows('救助床位').filter(op), '床位数'));
  v.set(3, ((sum(care, '床位数') + sum(rows('居家养老'), '家庭照护床位数')) / residents) * 1000);
  v.set(4, (sum(ofType(care, '设施类型', ['养老机构']), '床位数') / residents) * 1000);
  v.set(5, ofType(care, '设施类型', ['养老照料中心']).length);
  v.set(6, ofType(care, '设施类型', ['养老服务驿站']).length);
  v.set(7, (sum(rows('居家养老'), '养老护理员人数') / sum(pop, '60岁及以上常住人口')) * 10000);
  v.set(8, sum(welfare.filter((r) => r['机构类型'] === '精神卫生福利机构' && r['级别'] === '区级'), '床位数'));
  v.set(9, (rows('精神障碍社区康复').filter((r) => yes(r['是否开展'] ?? null)).length / townCount) * 100);
  v.set(10, (stat('社会散居孤儿供养标准') * 12) / stat('居民人均消费支出'));
  v.set(11, (sum(ofType(welfare, '机构类型', ['儿童福利机构', '未成年人救助保护机构']), '床位数') / sum(pop, '户籍儿童人口')) * 10000);
  v.set(12, welfare.filter((r) => r['机构类型'] === '儿童福利机构' && r['级别'] === '区级').length);
  v.set(13, live.filter((r) => yes(r['书记工作室示范点'] ?? null)).length);
  v.set(14, (ofType(communities, '选举方式', ['直接选举', '户代表选举']).length / communities.length) * 100);
  v.set(15, sum(live, '楼门院治理示范点数'));
  v.set(16, (sum(live, '其中本社区居住人数') / sum(live, '社区工作者人数')) * 100);
  const revokedIn = (r: Rec) => num(r['撤销年份'] ?? null) ?? 0;
  v.set(17, comm.filter((r) => r['状态'] === '撤销' && revokedIn(r) >= 2021 && revokedIn(r) <= year).length);
  v.set(18, (rows('社会组织').filter((r) => yes(r['街镇级社会组织联合会'] ?? null)).length / townCount) * 100);
  v.set(19, sum(rows('社会组织'), '社区社会组织数量'));
  v.set(20, rows('社会工作服务机构').filter((r) => r['状态'] === '存续').length);
  v.set(21, sum(rows('社会工作人才'), '社会工作专业人才数') / 10000);
  v.set(22, sum(rows('社会工作人才'), '其中持证人数') / 10000);
  v.set(23, (covered('志愿服务站点') / live.length) * 100);
  v.set(24, (sum(rows('志愿服务'), '实名注册志愿者人数') / residents) * 100);
  v.set(25, (registries.filter((r) => r['等级'] === '5A').length / registries.length) * 100);
  v.set(26, (sum(burial, '节地生态安葬数') / sum(burial, '安葬总数')) * 100);
  v.set(27, (rows('公益性公墓覆盖').filter((r) => yes(r['是否覆盖'] ?? null)).length / zhenCount) * 100);
  v.set(28, (covered('慈善服务站点') / live.length) * 100);
  v.set(29, sum(rows('慈善信托').filter((r) => r['状态'] === '存续'), '财产规模'));
  v.set(30, (covered('社会心理服务站点', (r) => r['级别'] === '社区村级' && op(r)) / live.length) * 100);
  v.set(31, rows('社会心理服务站点').filter((r) => op(r) && (r['级别'] === '区级' || r['级别'] === '镇街级')).length);
  v.set(32, (services.filter((r) => yes(r['是否网上可办'] ?? null)).length / services.length) * 100);
  return v;
}

/** Decimals of a number as printed: `30.3` → 1, `5` → 0. */
export const printedDecimals = (text: string) => (text.includes('.') ? text.split('.')[1]!.length : 0);
export const roundTo = (v: number, d: number) => Number(v.toFixed(d));

/**
 * The blank department templates: real files in a temp dir, read back with exceljs, opened
 * by LibreOffice, and generated twice to prove they are byte-identical.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertToCsv, itWithLibreOffice } from '../support/libreoffice.ts';
import { departments, headerLabel, SHEETS, sheetTitle, type ColumnSpec, type SheetSpec } from '../../pipeline/plan/contract.ts';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import {
  FIRST_DATA_ROW,
  HEADER_ROW,
  INSTRUCTIONS_SHEET,
  LISTS_SHEET,
  runTemplates,
  templateFileName,
  TYPE_LABEL,
  VALIDATED_ROWS,
  VALIDATED_ROWS_BY_SHEET,
  type TemplateFile,
} from '../../pipeline/forms/blank-forms.ts';
import { headerKey } from '../../pipeline/basics/text.ts';

const YEAR = 2023;
const plan = resolvePlan();
const geography = loadGeography();
const ALL_TOWNS = geography.towns.map((t) => t.name);
const TOWNS_ONLY = geography.towns.filter((t) => t.type === '镇').map((t) => t.name);

interface Validation {
  type: string;
  formulae?: (string | number)[];
  operator?: string;
  allowBlank?: boolean;
  showErrorMessage?: boolean;
  errorTitle?: string;
  error?: string;
  prompt?: string;
}

let root: string;
let dirA: string;
let dirB: string;
let files: TemplateFile[];
let logLines: string[];
const books = new Map<string, ExcelJS.Workbook>();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'planeval-templates-'));
  dirA = join(root, 'a');
  dirB = join(root, 'b');
  const log = memoryLogger();
  files = await runTemplates({ year: YEAR, outDir: dirA, log });
  logLines = log.lines;
  await runTemplates({ year: YEAR, outDir: dirB, log: memoryLogger() });
  for (const f of files) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(f.file) as unknown as ArrayBuffer);
    books.set(f.department, wb);
  }
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

function workbookOf(sheet: SheetSpec): ExcelJS.Workbook {
  const wb = books.get(sheet.department);
  if (!wb) throw new Error(`no workbook for ${sheet.department}`);
  return wb;
}

function worksheetOf(sheet: SheetSpec): ExcelJS.Worksheet {
  const ws = workbookOf(sheet).getWorksheet(sheet.name);
  if (!ws) throw new Error(`sheet ${sheet.name} missing from the ${sheet.department} template`);
  return ws;
}

function text(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  return String(v);
}

function validations(ws: ExcelJS.Worksheet): Record<string, Validation | undefined> {
  return (ws as unknown as { dataValidations: { model: Record<string, Validation | undefined> } }).dataValidations.model;
}

/** Values of a list validation's range, resolved on the `_lists` sheet. */
function listValues(wb: ExcelJS.Workbook, formula: string): string[] {
  const m = /^'?([^'!]+)'?!\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)$/.exec(formula);
  if (!m) throw new Error(`list formula is not a range: ${formula}`);
  const [, sheetName, c1, r1, c2, r2] = m;
  expect(sheetName).toBe(LISTS_SHEET);
  expect(c2).toBe(c1);
  const ws = wb.getWorksheet(sheetName!);
  if (!ws) throw new Error(`list sheet ${sheetName} missing`);
  const out: string[] = [];
  for (let r = Number(r1); r <= Number(r2); r++) out.push(text(ws.getCell(`${c1}${r}`)));
  return out;
}

function columnLetterOf(sheet: SheetSpec, c: ColumnSpec): string {
  return String.fromCharCode(65 + sheet.columns.indexOf(c));
}

/** Rows the validations must cover: the pre-filled rows, or a generous free range. */
function expectedRows(sheet: SheetSpec): number {
  if (sheet.everyTown === 'all') return ALL_TOWNS.length;
  if (sheet.everyTown === 'towns') return TOWNS_ONLY.length;
  if (sheet.fixedRows) return sheet.fixedRows.values.length;
  return VALIDATED_ROWS_BY_SHEET[sheet.name] ?? VALIDATED_ROWS;
}

describe('templates', () => {
  it('writes one workbook per department, named by department and year, and logs each', () => {
    const depts = departments();
    expect(files.map((f) => f.department)).toEqual(depts.map((d) => d.name));
    for (const f of files) {
      expect(basename(f.file)).toBe(templateFileName(f.department, YEAR));
      expect(existsSync(f.file)).toBe(true);
      expect(logLines.some((l) => l.includes(basename(f.file)))).toBe(true);
    }
    expect(readdirSync(dirA).sort()).toEqual(files.map((f) => basename(f.file)).sort());
    expect(logLines.at(-1)).toContain(`已生成 ${depts.length} 个科室模板，共 ${SHEETS.length} 张统计表`);
  });

  it('puts every contract sheet in exactly one workbook, with every column in its header', () => {
    const seen = new Map<string, string[]>();
    for (const [dept, wb] of books) {
      const names = wb.worksheets.map((w) => w.name);
      expect(names[0]).toBe(INSTRUCTIONS_SHEET);
      for (const n of names) {
        if (n === INSTRUCTIONS_SHEET || n === LISTS_SHEET) continue;
        seen.set(n, [...(seen.get(n) ?? []), dept]);
      }
    }
    expect([...seen.keys()].sort()).toEqual(SHEETS.map((s) => s.name).sort());
    for (const s of SHEETS) {
      expect(seen.get(s.name), s.name).toEqual([s.department]);
      const ws = worksheetOf(s);
      const header = ws.getRow(HEADER_ROW);
      const labels = s.columns.map((_, i) => text(header.getCell(i + 1)));
      expect(labels.map(headerKey), s.name).toEqual(s.columns.map((c) => headerKey(c.name)));
      expect(labels, s.name).toEqual(s.columns.map(headerLabel));
      expect(text(header.getCell(s.columns.length + 1)), `${s.name}: nothing right of the header`).toBe('');
      expect(header.getCell(1).font?.bold).toBe(true);
    }
    expect(headerLabel(SHEETS.find((s) => s.name === '救助床位')!.columns.find((c) => c.name === '床位数')!)).toBe('床位数（张）');
  });

  it('titles each sheet with the year, has the 填报单位 line and freezes the header', () => {
    for (const s of SHEETS) {
      const ws = worksheetOf(s);
      const title = text(ws.getCell('A1'));
      expect(title).toBe(sheetTitle(plan.region, s, YEAR));
      expect(title).toContain(`（${YEAR}年度）`);
      expect(ws.getCell('A1').font?.bold).toBe(true);
      expect(ws.getCell('A1').font?.size ?? 11).toBeGreaterThan(11);
      const last = String.fromCharCode(64 + s.columns.length);
      expect(ws.model.merges, s.name).toContain(`A1:${last}1`);
      expect(text(ws.getCell('A2'))).toMatch(/^填报单位：_+\s+填报日期：_+年_+月_+日$/);
      const view = ws.views[0] as { state?: string; ySplit?: number };
      expect(view?.state, s.name).toBe('frozen');
      expect(view?.ySplit, s.name).toBe(HEADER_ROW);
      for (let i = 1; i <= s.columns.length; i++) expect(ws.getColumn(i).width ?? 0).toBeGreaterThanOrEqual(10);
    }
  });

  it('pre-fills every town in official order with a 合计 row that carries its result', () => {
    for (const s of SHEETS.filter((x) => x.everyTown)) {
      const ws = worksheetOf(s);
      const towns = s.everyTown === 'towns' ? TOWNS_ONLY : ALL_TOWNS;
      const townIdx = s.columns.findIndex((c) => c.type === 'town') + 1;
      const got = towns.map((_, r) => text(ws.getCell(FIRST_DATA_ROW + r, townIdx)));
      expect(got, s.name).toEqual(towns);
      const totalRow = ws.getRow(FIRST_DATA_ROW + towns.length);
      expect(text(totalRow.getCell(1))).toBe('合计');
      s.columns.forEach((c, i) => {
        const cell = totalRow.getCell(i + 1);
        const v = cell.value;
        if (c.type === 'integer' || c.type === 'number') {
          const L = String.fromCharCode(65 + i);
          expect(cell.formula, `${s.name}.${c.name}`).toBe(`SUM(${L}${FIRST_DATA_ROW}:${L}${FIRST_DATA_ROW + towns.length - 1})`);
          // A cached value must be stored (`cell.value` hides a cached 0; `cell.result` does not).
          expect(cell.result, `${s.name}.${c.name}: cached result`).toBe(0);
        } else if (i > 0) {
          expect(v ?? null, `${s.name}.${c.name}`).toBeNull();
        }
      });
      // Nothing below 合计.
      expect(ws.getRow(FIRST_DATA_ROW + towns.length + 1).cellCount).toBe(0);
    }
    expect(TOWNS_ONLY.length).toBe(14);
    expect(ALL_TOWNS.length).toBe(22);
  });

  it('pre-fills the fixed rows of 区级统计指标 with their units', () => {
    for (const s of SHEETS.filter((x) => x.fixedRows)) {
      const ws = worksheetOf(s);
      const nameIdx = s.columns.findIndex((c) => c.name === s.fixedRows!.column) + 1;
      const unitIdx = s.columns.findIndex((c) => c.name === '单位') + 1;
      s.fixedRows!.values.forEach((v, r) => {
        expect(text(ws.getCell(FIRST_DATA_ROW + r, nameIdx))).toBe(v.name);
        expect(text(ws.getCell(FIRST_DATA_ROW + r, unitIdx))).toBe(v.unit);
      });
      expect(ws.getRow(FIRST_DATA_ROW + s.fixedRows!.values.length).cellCount).toBe(0);
    }
  });

  it('has drop-downs equal to the contract for every town, enum and yes/no column, and number checks', () => {
    let lists = 0;
    for (const s of SHEETS) {
      const wb = workbookOf(s);
      const ws = worksheetOf(s);
      const model = validations(ws);
      const rows = expectedRows(s);
      const first = FIRST_DATA_ROW;
      const lastRow = FIRST_DATA_ROW + rows - 1;
      for (const c of s.columns) {
        const L = columnLetterOf(s, c);
        const at = `${s.name}.${c.name}`;
        const v = model[`${L}${first}`];
        expect(v, `${at}: validation on ${L}${first}`).toBeDefined();
        expect(model[`${L}${lastRow}`], `${at}: validation on ${L}${lastRow}`).toEqual(v);
        expect(model[`${L}${lastRow + 1}`], `${at}: no validation below the range`).toBeUndefined();
        expect(v!.prompt, at).toContain(c.note.slice(0, 10));
        let expected: string[] | undefined;
        if (c.type === 'town') expected = s.everyTown === 'towns' ? TOWNS_ONLY : ALL_TOWNS;
        else if (c.type === 'bool') expected = ['是', '否'];
        else if (c.type === 'enum') expected = [...c.values!];
        if (expected) {
          lists++;
          expect(v!.type, at).toBe('list');
          expect(listValues(wb, String(v!.formulae![0])), at).toEqual(expected);
        }
        switch (c.type) {
          case 'integer':
            expect(v, at).toMatchObject({ type: 'whole', operator: 'greaterThanOrEqual', formulae: [0] });
            break;
          case 'number':
            expect(v, at).toMatchObject({ type: 'decimal', operator: 'greaterThanOrEqual', formulae: [0] });
            break;
          case 'percent':
            expect(v, at).toMatchObject({ type: 'decimal', operator: 'between', formulae: [0, 100] });
            break;
          case 'year': {
            const notAfter = s.rules.some((r) => r.kind === 'notAfterYear' && r.column === c.name);
            expect(v, at).toMatchObject({ type: 'whole', operator: 'between', formulae: [1949, notAfter ? YEAR : 2100] });
            break;
          }
          case 'text':
          case 'community':
            expect(v!.type, at).toBe('any');
            break;
          default:
            break;
        }
        if (v!.type !== 'any') {
          expect(v!.allowBlank, at).toBe(true);
          expect(v!.showErrorMessage, at).toBe(true);
          expect(v!.errorTitle, at).toMatch(/[\u4e00-\u9fff]/);
          expect(v!.error, at).toMatch(/[\u4e00-\u9fff]/);
          expect(v!.error!.length).toBeLessThanOrEqual(255);
        }
      }
    }
    expect(lists).toBeGreaterThan(30);
    for (const wb of books.values()) {
      const ws = wb.getWorksheet(LISTS_SHEET);
      if (ws) expect(ws.state).toBe('hidden');
    }
  });

  it('explains every sheet and column in 填表说明, with the general rules', () => {
    for (const d of departments()) {
      const wb = books.get(d.name)!;
      const ws = wb.getWorksheet(INSTRUCTIONS_SHEET)!;
      const cells: string[][] = [];
      ws.eachRow((row) => {
        const r: string[] = [];
        row.eachCell({ includeEmpty: true }, (cell) => r.push(text(cell)));
        cells.push(r);
      });
      const all = cells.map((r) => r.join('|')).join('\n');
      expect(all).toContain(`${YEAR}年度`);
      expect(all).toContain('“—”');
      expect(all).toContain('缺失');
      expect(all).toContain('年末数');
      expect(all).toContain('唯一键');
      for (const s of d.sheets) {
        expect(all).toContain(`工作表“${s.name}”`);
        expect(all).toContain(s.grain);
        for (const c of s.columns) {
          const row = cells.find((r) => r[0] === headerLabel(c) && r[5] === c.note);
          expect(row, `${s.name}.${c.name} in 填表说明`).toBeDefined();
          expect(row![1]).toBe(c.unit ?? '');
          expect(row![2]).toBe(TYPE_LABEL[c.type]);
          expect(row![3]).toBe(c.nullable ? '否' : '是');
          if (c.type === 'enum') expect(row![4]).toBe(c.values!.join('、'));
        }
      }
    }
  });

  it('stores a cached value with every formula (the loader rejects formulas without one)', () => {
    let formulas = 0;
    for (const f of files) {
      const entries = unzipSync(new Uint8Array(readFileSync(f.file)));
      for (const [name, bytes] of Object.entries(entries)) {
        if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) continue;
        const xml = strFromU8(bytes);
        for (const m of xml.matchAll(/<c [^>]*>(<f[ >][^]*?)<\/c>/g)) {
          formulas++;
          expect(m[1], `${basename(f.file)} ${name}`).toMatch(/<\/f><v>0<\/v>$/);
        }
      }
    }
    const townSheets = SHEETS.filter((s) => s.everyTown);
    const numericTotals = townSheets.reduce((n, s) => n + s.columns.filter((c) => c.type === 'integer' || c.type === 'number').length, 0);
    expect(formulas).toBe(numericTotals);
  });

  it('is deterministic: two runs give byte-identical files', () => {
    for (const f of files) {
      const a = readFileSync(f.file);
      const b = readFileSync(join(dirB, basename(f.file)));
      expect(b.equals(a), basename(f.file)).toBe(true);
    }
  });

  itWithLibreOffice('opens in LibreOffice: every sheet converts to a csv holding its title', () => {
    const out = convertToCsv(root, files.map((f) => f.file));
    for (const f of files) {
      const stem = basename(f.file, '.xlsx');
      for (const name of f.sheets) {
        const s = SHEETS.find((x) => x.name === name)!;
        const csvFile = join(out, `${stem}-${name}.csv`);
        expect(existsSync(csvFile), `${csvFile} not written`).toBe(true);
        const csv = readFileSync(csvFile, 'utf8');
        const lines = csv.split(/\r?\n/);
        expect(lines[0]).toContain(sheetTitle(plan.region, s, YEAR));
        expect(lines[HEADER_ROW - 1]).toBe(s.columns.map(headerLabel).join(','));
        if (s.everyTown) expect(csv).toContain('\n合计,');
      }
      const guide = readFileSync(join(out, `${stem}-${INSTRUCTIONS_SHEET}.csv`), 'utf8');
      expect(guide).toContain('填报说明');
    }
  });
});

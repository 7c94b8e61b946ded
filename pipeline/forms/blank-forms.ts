/**
 * `planeval templates`: the blank workbooks the evaluation office sends to each department
 * (科室), generated from the sheet contract. One workbook per department, holding a
 * `填表说明` sheet, that department's sheets (title row, 填报单位/日期 row, header with
 * units, pre-filled towns or fixed rows, drop-downs and number checks) and a hidden
 * `_lists` sheet with the drop-down values.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import {
  departments,
  headerLabel,
  sheetTitle,
  type ColumnSpec,
  type ColumnType,
  type RowRule,
  type SheetSpec,
} from '../plan/contract.ts';
import { UserError, EXIT } from '../basics/errors.ts';
import { makeOutFolder } from '../basics/files.ts';
import { loadGeography, type Geography } from '../plan/geography.ts';
import { columnLetter } from '../basics/grid.ts';
import type { Logger } from '../basics/log.ts';
import { formatFileSize, formatSeconds } from '../basics/format.ts';
import { resolvePlan, type Plan } from '../plan/plan.ts';
import { newWorkbook, workbookBytes } from '../basics/xlsx-write.ts';

export interface TemplatesOptions {
  year: number;
  outDir: string;
  log: Logger;
  /** Defaults to the newest plan under data/plan/. */
  plan?: Plan;
  /** Defaults to data/reference/geography.csv. */
  geography?: Geography;
}

export interface TemplateFile {
  department: string;
  file: string;
  sheets: string[];
}

/** Name of the instructions sheet in every template (not a contract sheet: the loader skips it). */
export const INSTRUCTIONS_SHEET = '填表说明';
/** Name of the hidden sheet that holds the drop-down lists. */
export const LISTS_SHEET = '_lists';
/** Rows 1–3: title, 填报单位/日期, header. Data starts on row 4. */
export const HEADER_ROW = 3;
export const FIRST_DATA_ROW = HEADER_ROW + 1;
/** Data rows covered by drop-downs and number checks on free-length sheets. */
export const VALIDATED_ROWS = 500;
/** 社区村名录 lists every community and village of the district (several hundred). */
export const VALIDATED_ROWS_BY_SHEET: Readonly<Record<string, number>> = { 社区村名录: 2000 };

/** Chinese name of each column type, as the 填表说明 shows it. */
export const TYPE_LABEL: Readonly<Record<ColumnType, string>> = {
  text: '文本',
  integer: '整数',
  number: '数值',
  percent: '百分比',
  year: '年份',
  bool: '是否',
  enum: '枚举',
  town: '镇街',
  community: '社区村',
};

const YEAR_MIN = 1949;
const YEAR_MAX = 2100;

/** File name of a department's template: `养老服务科_2023年填报模板.xlsx`. */
export function templateFileName(department: string, year: number): string {
  return `${department}_${year}年填报模板.xlsx`;
}

/** Write one blank template per department into `outDir`. */
export async function runTemplates(opts: TemplatesOptions): Promise<TemplateFile[]> {
  const { year, outDir, log } = opts;
  if (!Number.isInteger(year) || year < YEAR_MIN || year > YEAR_MAX) {
    throw new UserError(`填报年度应在 ${YEAR_MIN}—${YEAR_MAX} 之间，实为 ${year}`, EXIT.usage);
  }
  const started = Date.now();
  const plan = opts.plan ?? resolvePlan();
  const geography = opts.geography ?? loadGeography();
  makeOutFolder(outDir);
  log.step(`生成 ${year} 年度填报模板 → ${outDir}`);
  const written: TemplateFile[] = [];
  for (const dept of departments()) {
    const wb = buildTemplate({ department: dept.name, sheets: dept.sheets, year, plan, geography });
    const bytes = await workbookBytes(wb);
    const file = join(outDir, templateFileName(dept.name, year));
    try {
      writeFileSync(file, bytes);
    } catch (e) {
      throw new UserError(`无法写入 ${file}：${(e as Error).message}`);
    }
    const names = dept.sheets.map((s) => s.name);
    log.info(`${templateFileName(dept.name, year)}：${names.join('、')}（${formatFileSize(bytes.length)}）`);
    written.push({ department: dept.name, file, sheets: names });
  }
  const sheetCount = written.reduce((n, f) => n + f.sheets.length, 0);
  log.step(`已生成 ${written.length} 个科室模板，共 ${sheetCount} 张统计表，用时 ${formatSeconds(Date.now() - started)}`);
  return written;
}

// ---- one workbook ----------------------------------------------------------------

interface BuildInput {
  department: string;
  sheets: readonly SheetSpec[];
  year: number;
  plan: Plan;
  geography: Geography;
}

/** Build (but not write) the template workbook of one department. */
export function buildTemplate(input: BuildInput): ExcelJS.Workbook {
  const { department, sheets, year, plan, geography } = input;
  const wb = newWorkbook();
  wb.title = `${plan.region}${department}${year}年度数据填报模板`;
  const lists = new ListBook(geography);
  // Declare every list first so the `_lists` ranges are known when the sheets are built.
  for (const s of sheets) for (const c of s.columns) lists.listFor(s, c);

  writeInstructions(wb.addWorksheet(INSTRUCTIONS_SHEET, { properties: { tabColor: { argb: 'FFC00000' } } }), input);
  for (const s of sheets) writeDataSheet(wb, s, { region: plan.region, year, geography, lists });
  lists.write(wb);
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
  return wb;
}

// ---- drop-down lists on the hidden `_lists` sheet ---------------------------------

interface ListDef {
  title: string;
  values: readonly string[];
  /** Absolute range on `_lists`, e.g. `'_lists'!$A$2:$A$23`. */
  ref: string;
}

class ListBook {
  private readonly byKey = new Map<string, ListDef>();
  private readonly titles = new Set<string>();
  constructor(private readonly geography: Geography) {}

  /** The list behind a column's drop-down, or undefined for columns without one. */
  listFor(sheet: SheetSpec, c: ColumnSpec): ListDef | undefined {
    switch (c.type) {
      case 'town':
        return sheet.everyTown === 'towns'
          ? this.get('town:towns', '镇', townsOf(this.geography, 'towns'))
          : this.get('town:all', '镇街', townsOf(this.geography, 'all'));
      case 'bool':
        return this.get('bool', '是否', ['是', '否']);
      case 'enum':
        if (!c.values || c.values.length === 0) throw new Error(`契约错误：${sheet.name}.${c.name} 为枚举列但没有可选值`);
        return this.get(`enum:${c.values.join('\u0001')}`, c.name, c.values, sheet.name);
      default:
        return undefined;
    }
  }

  private get(key: string, title: string, values: readonly string[], sheetName?: string): ListDef {
    const have = this.byKey.get(key);
    if (have) return have;
    const col = columnLetter(this.byKey.size);
    const label = this.titles.has(title) && sheetName ? `${title}（${sheetName}）` : title;
    this.titles.add(label);
    const def: ListDef = { title: label, values, ref: `'${LISTS_SHEET}'!$${col}$2:$${col}$${values.length + 1}` };
    this.byKey.set(key, def);
    return def;
  }

  write(wb: ExcelJS.Workbook): void {
    if (this.byKey.size === 0) return;
    const ws = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });
    [...this.byKey.values()].forEach((def, i) => {
      const col = ws.getColumn(i + 1);
      col.width = Math.max(10, ...[def.title, ...def.values].map((v) => displayWidth(v) + 2));
      ws.getCell(1, i + 1).value = def.title;
      ws.getCell(1, i + 1).font = { bold: true };
      def.values.forEach((v, r) => {
        ws.getCell(r + 2, i + 1).value = v;
      });
    });
  }
}

function townsOf(geography: Geography, which: 'all' | 'towns'): string[] {
  return geography.towns.filter((t) => which === 'all' || t.type === '镇').map((t) => t.name);
}

// ---- a data sheet ------------------------------------------------------------------

interface SheetContext {
  region: string;
  year: number;
  geography: Geography;
  lists: ListBook;
}

const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF808080' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const PREFILLED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const TOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const FILL_IN_LINE = '填报单位：________________________        填报日期：______年____月____日';
const TITLE_SIZE = 16;

function isNumeric(t: ColumnType): boolean {
  return t === 'integer' || t === 'number' || t === 'percent';
}

/** The rows that are pre-filled before any department writes: towns or fixed indicator rows. */
function prefilledRows(sheet: SheetSpec, ctx: SheetContext): { column: string; values: Record<string, string> }[] {
  if (sheet.everyTown) {
    const townCol = sheet.columns.find((c) => c.type === 'town' && sheet.key.includes(c.name));
    if (!townCol) throw new Error(`契约错误：镇街级表 ${sheet.name} 没有作为主键的镇街列`);
    return townsOf(ctx.geography, sheet.everyTown).map((name) => ({ column: townCol.name, values: { [townCol.name]: name } }));
  }
  if (sheet.fixedRows) {
    const unitCol = sheet.columns.find((c) => c.name === '单位');
    return sheet.fixedRows.values.map((r) => ({
      column: sheet.fixedRows!.column,
      values: unitCol ? { [sheet.fixedRows!.column]: r.name, [unitCol.name]: r.unit } : { [sheet.fixedRows!.column]: r.name },
    }));
  }
  return [];
}

function writeDataSheet(wb: ExcelJS.Workbook, sheet: SheetSpec, ctx: SheetContext): void {
  const cols = sheet.columns;
  const n = cols.length;
  const last = columnLetter(n - 1);
  const title = sheetTitle(ctx.region, sheet, ctx.year);
  const prefilled = prefilledRows(sheet, ctx);
  const closed = prefilled.length > 0; // town-level and fixed-row sheets have a fixed set of rows

  // Column widths: wide enough for the header (wrapped onto two lines at most), the
  // drop-down values and, for names and notes, typical Chinese text; then wide enough in
  // total for the title and the 填报单位 line.
  const widths = cols.map((c) => columnWidth(sheet, c, ctx));
  const needed = Math.max(Math.ceil((displayWidth(title) * TITLE_SIZE) / 11) + 4, displayWidth(FILL_IN_LINE) + 4);
  const total = widths.reduce((a, b) => a + b, 0);
  if (total < needed) {
    const extra = Math.ceil((needed - total) / n);
    for (let i = 0; i < n; i++) widths[i]! += extra;
  }

  // Wide sheets also keep their leading key columns (镇街, 社区村名称, 任务编号…) in view.
  let xSplit = 0;
  if (n > 5) while (xSplit < n && sheet.key.includes(cols[xSplit]!.name)) xSplit++;
  const topLeft = `${columnLetter(xSplit)}${FIRST_DATA_ROW}`;
  const ws = wb.addWorksheet(sheet.name, {
    views: [{ state: 'frozen', xSplit, ySplit: HEADER_ROW, topLeftCell: topLeft, activeCell: `A${FIRST_DATA_ROW}` }],
    pageSetup: {
      paperSize: 9,
      orientation: total > 110 ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `1:${HEADER_ROW}`,
      horizontalCentered: true,
    },
  });
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });

  // Row 1: title.
  const t = ws.getCell('A1');
  t.value = title;
  t.font = { bold: true, size: TITLE_SIZE };
  t.alignment = { horizontal: 'center', vertical: 'middle' };
  if (n > 1) ws.mergeCells(`A1:${last}1`);
  ws.getRow(1).height = 34;

  // Row 2: who fills it in, and when.
  const f = ws.getCell('A2');
  f.value = FILL_IN_LINE;
  f.alignment = { horizontal: 'left', vertical: 'middle' };
  if (n > 1) ws.mergeCells(`A2:${last}2`);
  ws.getRow(2).height = 24;

  // Row 3: header with units.
  const header = ws.getRow(HEADER_ROW);
  cols.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = headerLabel(c);
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  const headerLines = Math.max(...cols.map((c, i) => lineCount(headerLabel(c), widths[i]! - 1)));
  header.height = Math.max(30, headerLines * 16 + 8);

  // Pre-filled rows (towns, fixed indicators), with borders; then 合计 for town sheets.
  prefilled.forEach((p, r) => {
    const row = ws.getRow(FIRST_DATA_ROW + r);
    cols.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      const v = p.values[c.name];
      if (v !== undefined) {
        cell.value = v;
        cell.fill = PREFILLED_FILL;
      }
      cell.border = BORDER;
      cell.alignment = { vertical: 'middle', horizontal: v !== undefined || !isNumeric(c.type) ? 'left' : 'right' };
    });
    row.height = 20;
  });
  if (sheet.everyTown) {
    const firstRow = FIRST_DATA_ROW;
    const lastRow = FIRST_DATA_ROW + prefilled.length - 1;
    const row = ws.getRow(lastRow + 1);
    cols.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      if (i === 0) cell.value = '合计';
      else if (c.type === 'integer' || c.type === 'number') {
        const L = columnLetter(i);
        cell.value = { formula: `SUM(${L}${firstRow}:${L}${lastRow})`, result: 0 };
      }
      cell.font = { bold: true };
      cell.fill = TOTAL_FILL;
      cell.border = BORDER;
      cell.alignment = { vertical: 'middle', horizontal: i === 0 ? 'center' : 'right' };
    });
    row.height = 20;
  }

  // Free-text columns are formatted as text so that codes such as 0012 stay as written;
  // long notes wrap.
  cols.forEach((c, i) => {
    if (c.type === 'text' || c.type === 'community') {
      ws.getColumn(i + 1).style = isLongText(c) ? { numFmt: '@', alignment: { wrapText: true, vertical: 'top' } } : { numFmt: '@' };
    }
  });

  // Drop-downs and number checks over the data rows.
  const rows = closed ? prefilled.length : (VALIDATED_ROWS_BY_SHEET[sheet.name] ?? VALIDATED_ROWS);
  const dv = (ws as unknown as { dataValidations: { add(address: string, v: Validation): void } }).dataValidations;
  cols.forEach((c, i) => {
    const L = columnLetter(i);
    const v = validationFor(sheet, c, ctx);
    if (v) dv.add(`${L}${FIRST_DATA_ROW}:${L}${FIRST_DATA_ROW + rows - 1}`, v);
  });
}

/** A data validation as exceljs writes it (`any` = input prompt only). */
interface Validation {
  type: 'list' | 'whole' | 'decimal' | 'any';
  formulae?: (string | number)[];
  operator?: 'between' | 'greaterThanOrEqual';
  allowBlank?: boolean;
  showInputMessage?: boolean;
  promptTitle?: string;
  prompt?: string;
  showErrorMessage?: boolean;
  errorStyle?: 'stop' | 'warning' | 'information';
  errorTitle?: string;
  error?: string;
}

/** Excel limits: titles 32 characters, messages 255. */
function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}

/** Upper bound of a year column: the reporting year when the contract forbids later years. */
function yearMax(sheet: SheetSpec, c: ColumnSpec, year: number): number {
  return sheet.rules.some((r) => r.kind === 'notAfterYear' && r.column === c.name) ? year : YEAR_MAX;
}

function validationFor(sheet: SheetSpec, c: ColumnSpec, ctx: SheetContext): Validation | undefined {
  const prompt = {
    showInputMessage: true,
    promptTitle: clip(c.name, 32),
    prompt: clip(`${c.note}${c.nullable ? '' : '（必填）'}`, 255),
  };
  const error = (title: string, message: string) => ({
    showErrorMessage: true,
    errorStyle: 'stop' as const,
    errorTitle: clip(title, 32),
    error: clip(message, 255),
  });
  const unit = c.unit && c.unit !== '%' ? `，单位：${c.unit}` : '';
  const missing = '数据缺失时请留空，不要填0';
  switch (c.type) {
    case 'town':
    case 'bool':
    case 'enum': {
      const list = ctx.lists.listFor(sheet, c)!;
      const message =
        c.type === 'town'
          ? `请从下拉列表中选择${sheet.everyTown === 'towns' ? '镇' : '镇街'}的规范名称（共 ${list.values.length} 个）。`
          : c.type === 'bool'
            ? '只能填“是”或“否”，请从下拉列表中选择。'
            : `“${c.name}”只能填：${list.values.join('、')}。请从下拉列表中选择。`;
      return { type: 'list', formulae: [list.ref], allowBlank: true, ...prompt, ...error('取值不在可选范围内', message) };
    }
    case 'integer':
      return {
        type: 'whole', operator: 'greaterThanOrEqual', formulae: [0], allowBlank: true, ...prompt,
        ...error('应为整数', `“${c.name}”应填写不小于0的整数${unit}；${missing}。`),
      };
    case 'number':
      return {
        type: 'decimal', operator: 'greaterThanOrEqual', formulae: [0], allowBlank: true, ...prompt,
        ...error('应为数值', `“${c.name}”应填写不小于0的数值${unit}；${missing}。`),
      };
    case 'percent':
      return {
        type: 'decimal', operator: 'between', formulae: [0, 100], allowBlank: true, ...prompt,
        ...error('应为0—100的数值', `“${c.name}”应填写0—100之间的数值（如75表示75%），不要输入%号；${missing}。`),
      };
    case 'year': {
      const hi = yearMax(sheet, c, ctx.year);
      return {
        type: 'whole', operator: 'between', formulae: [YEAR_MIN, hi], allowBlank: true, ...prompt,
        ...error('应为年份', `“${c.name}”应填写${YEAR_MIN}—${hi}之间的四位年份，如${Math.min(hi, ctx.year)}。`),
      };
    }
    case 'text':
    case 'community':
      return { type: 'any', ...prompt };
  }
}

/** Free-text columns that hold sentences rather than names or codes. */
function isLongText(c: ColumnSpec): boolean {
  return c.type === 'text' && /说明|要求/.test(c.name);
}

function columnWidth(sheet: SheetSpec, c: ColumnSpec, ctx: SheetContext): number {
  const label = displayWidth(headerLabel(c));
  // Headers of the contract stay on one line; only an unusually long one wraps onto two.
  const headerFit = label <= 24 ? Math.ceil(label * 1.05) + 3 : Math.ceil(label / 2) + 4;
  let values: readonly string[] = [];
  if (c.type === 'town') values = townsOf(ctx.geography, sheet.everyTown === 'towns' ? 'towns' : 'all');
  else if (c.type === 'enum' || c.type === 'bool') values = c.values ?? ['是', '否'];
  if (sheet.fixedRows) {
    for (const r of sheet.fixedRows.values) values = [...values, c.name === sheet.fixedRows.column ? r.name : r.unit];
  }
  const valueFit = values.length ? Math.max(...values.map(displayWidth)) + 5 : 0; // room for the drop-down arrow
  let textFit = 0;
  if (c.type === 'text' || c.type === 'community') {
    if (isLongText(c)) textFit = 32;
    else if (c.type === 'community') textFit = 20;
    else if (/名称/.test(c.name)) textFit = 28;
    else textFit = 14;
  }
  return Math.max(10, headerFit, valueFit, textFit);
}

// ---- the 填表说明 sheet -----------------------------------------------------------

const GUIDE_WIDTHS = [26, 10, 9, 9, 34, 50];
const GUIDE_TOTAL = GUIDE_WIDTHS.reduce((a, b) => a + b, 0);
const GUIDE_HEADER = ['列名', '单位', '类型', '是否必填', '可选值', '说明'];

/** General rules of the contract (§1, §2, §4) as the departments need to know them. */
function generalRules(input: BuildInput): string[] {
  const { year, department, sheets } = input;
  const townCount = input.geography.towns.length;
  const townOnly = input.geography.towns.filter((t) => t.type === '镇').length;
  const names = sheets.map((s) => `“${s.name}”`).join('、');
  const hasTownSheets = sheets.some((s) => s.everyTown);
  const rules = [
    `本工作簿是${department}${year}年度的填报模板，包含统计表：${names}。请在对应工作表中填写，不要修改工作表名称和表头（列名），不要删除或移动表头行；表头右侧可以增加“备注”等列，不影响读取。`,
    `标题行中的年度（“${year}年度”）必须与填报年度一致，否则整张表不予接收。一份模板只用于一个年度。`,
    `每张表“唯一键”（见下）相同的行只能有一行；同一年度内唯一键重复的，所有重复行均不予接收，需人工确认后重报。同一张表可以由几个单位分别填写后一并报送，各文件的行将合并，但唯一键不得重复。`,
    `数据缺失时请留空，或填“—”“/”“无”，表示“缺失”，不会按0计算；0表示实际数量为零。请不要用0代替缺失数据。`,
    `床位数、人数、机构数等存量数据填${year}年12月31日的年末数；安葬数等流量数据填${year}年全年数。`,
    `数值列只填数字，单位见表头括号（如“床位数（张）”），单元格中不要再写单位；百分比填0—100之间的数字（如75），不要输入%号。`,
    `镇街列请从下拉列表中选择规范名称（全区${townCount}个镇街）；也接受“黄村地区”等通用简称及“大兴区”前缀，其他写法视为未知镇街，该行不予接收。社区（村）名称须与当年“社区村名录”中的名称一致。`,
    `“是否”类列填“是”或“否”；有下拉列表的列请从列表中选择，所列取值之外的内容不予接收。复制粘贴的内容不受下拉列表检查，请逐项核对。`,
    `数据从表头下一行开始连续填写，中间不要留空行：读取到第一个空行或“合计”“总计”行为止。表格下方可以写以“注：”开头的说明。`,
  ];
  if (hasTownSheets) {
    rules.push(
      `镇街级统计表已按官方顺序列出全部${townCount}个镇街（“公益性公墓覆盖”只列${townOnly}个镇），请逐行填写，不要删除、合并或增加镇街行；“合计”行由公式自动求和，请勿改动，合计与各行之和不一致时会被提示。`,
    );
  }
  rules.push(
    '数值、比例、所属关系不合理的行（如负数、超过100%的比例、“其中”数大于总数、已集中供养人数大于有集中供养需求人数）不予接收，并在数据质量报告中逐行列出原因。',
    `请勿修改隐藏的“${LISTS_SHEET}”工作表（下拉列表的取值来源）。`,
  );
  return rules;
}

function ruleText(r: RowRule, year: number): string {
  switch (r.kind) {
    case 'le':
      return `“${r.lesser}”不得大于“${r.greater}”`;
    case 'onlyWhen':
      return `“${r.when}”为“${r.equals.join('”或“')}”时必须填写“${r.column}”，否则留空`;
    case 'notAfterYear':
      return `“${r.column}”不得晚于填报年度（${year}年）`;
  }
}

function allowedValues(sheet: SheetSpec, c: ColumnSpec, input: BuildInput): string {
  const hiYear = yearMax(sheet, c, input.year);
  switch (c.type) {
    case 'enum':
      return (c.values ?? []).join('、');
    case 'bool':
      return '是、否';
    case 'town':
      return sheet.everyTown === 'towns'
        ? `${townsOf(input.geography, 'towns').length}个镇的规范名称（下拉选择）`
        : `${input.geography.towns.length}个镇街的规范名称（下拉选择）`;
    case 'community':
      return '当年“社区村名录”中该镇街的社区（村）';
    case 'integer':
      return '不小于0的整数';
    case 'number':
      return '不小于0的数值';
    case 'percent':
      return '0—100';
    case 'year':
      return `${YEAR_MIN}—${hiYear}`;
    case 'text':
      return '';
  }
}

function sheetPurpose(sheet: SheetSpec, plan: Plan): string {
  const uses = plan.indicators.filter((i) => i.sourceSheets.includes(sheet.name));
  if (uses.length === 0) return '用途：不直接计算规划指标，用于评估报告中的任务进展和情况分析。';
  return `用途：计算规划指标 ${uses.map((i) => `${i.id}.${i.name}`).join('；')}。`;
}

function sheetRowsNote(sheet: SheetSpec, input: BuildInput): string | undefined {
  if (sheet.everyTown === 'all') return `行：已预填全部${input.geography.towns.length}个镇街和“合计”行，请逐行填写，不要删行或增行。`;
  if (sheet.everyTown === 'towns') return `行：已预填${townsOf(input.geography, 'towns').length}个镇（街道不填）和“合计”行，请逐行填写，不要删行或增行。`;
  if (sheet.fixedRows) {
    return `行：已预填${sheet.fixedRows.values.map((v) => `“${v.name}”`).join('、')}及其单位，只填写“数值”列，不要增删行。`;
  }
  return undefined;
}

function writeInstructions(ws: ExcelJS.Worksheet, input: BuildInput): void {
  const { plan, year, department, sheets } = input;
  ws.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true };
  ws.views = [{ state: 'normal', showGridLines: false, activeCell: 'A1' }];
  GUIDE_WIDTHS.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  const lastCol = columnLetter(GUIDE_WIDTHS.length - 1);
  let r = 0;

  const line = (text: string, style: { bold?: boolean; size?: number; fill?: ExcelJS.Fill; center?: boolean; indent?: number } = {}) => {
    r++;
    const cell = ws.getCell(r, 1);
    cell.value = text;
    cell.font = { bold: style.bold ?? false, size: style.size ?? 11 };
    cell.alignment = { vertical: 'middle', horizontal: style.center ? 'center' : 'left', wrapText: true, indent: style.indent ?? 0 };
    if (style.fill) cell.fill = style.fill;
    ws.mergeCells(`A${r}:${lastCol}${r}`);
    const lines = lineCount(text, (GUIDE_TOTAL - 2 - (style.indent ?? 0) * 2) * (11 / (style.size ?? 11)));
    ws.getRow(r).height = Math.max(20, lines * ((style.size ?? 11) * 1.45) + 6);
  };
  const blank = () => {
    r++;
    ws.getRow(r).height = 10;
  };

  line(`${plan.title}实施评估 ${year}年度数据填报说明`, { bold: true, size: TITLE_SIZE, center: true });
  line(`填报科室（单位）：${department}        统计表：${sheets.map((s) => s.name).join('、')}`, { center: true });
  blank();
  line(`${chineseNumber(1)}、通用规则`, { bold: true, size: 12, fill: HEADER_FILL });
  generalRules(input).forEach((text, i) => line(`${i + 1}. ${text}`, { indent: 1 }));

  sheets.forEach((sheet, k) => {
    blank();
    line(`${chineseNumber(k + 2)}、工作表“${sheet.name}”（标题：${sheetTitle(plan.region, sheet, year)}）`, { bold: true, size: 12, fill: HEADER_FILL });
    line(`填报内容：${sheet.grain}。`, { indent: 1 });
    line(`唯一键：${sheet.key.join(' + ')}（每个唯一键只填一行）。`, { indent: 1 });
    const rowsNote = sheetRowsNote(sheet, input);
    if (rowsNote) line(rowsNote, { indent: 1 });
    if (sheet.rules.length) line(`校验规则：${sheet.rules.map((x) => ruleText(x, year)).join('；')}。`, { indent: 1 });
    line(sheetPurpose(sheet, plan), { indent: 1 });

    r++;
    const head = ws.getRow(r);
    GUIDE_HEADER.forEach((h, i) => {
      const cell = head.getCell(i + 1);
      cell.value = h;
      cell.font = { bold: true };
      cell.fill = HEADER_FILL;
      cell.border = BORDER;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    });
    head.height = 22;
    for (const c of sheet.columns) {
      r++;
      const row = ws.getRow(r);
      const values = [
        headerLabel(c),
        c.unit ?? '',
        TYPE_LABEL[c.type],
        c.nullable ? '否' : '是',
        allowedValues(sheet, c, input),
        c.note,
      ];
      values.forEach((v, i) => {
        const cell = row.getCell(i + 1);
        cell.value = v;
        cell.border = BORDER;
        cell.alignment = { vertical: 'middle', horizontal: i >= 1 && i <= 3 ? 'center' : 'left', wrapText: true };
      });
      const lines = Math.max(...values.map((v, i) => lineCount(v, GUIDE_WIDTHS[i]! - 1)));
      row.height = Math.max(20, lines * 16 + 6);
    }
  });
}

// ---- text measures -----------------------------------------------------------------

/** Width in Excel character units: CJK and full-width characters count two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    w += cp > 0x2e7f || (cp >= 0x2000 && cp <= 0x206f) ? 2 : 1;
  }
  return w;
}

/** Lines a wrapped text needs in a column `width` characters wide. */
function lineCount(text: string, width: number): number {
  // Rendered CJK text is a little narrower than two character units: allow 10 %.
  return text.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil(displayWidth(part) / Math.max(1, width * 1.1))), 0);
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (section numbers). */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  return String(n);
}

/**
 * `planeval sample`: realistic synthetic departmental workbooks, one folder per year, one
 * workbook per department (养老服务设施 split over two files), written workbook by
 * workbook. The 2020 data reproduces the plan's baseline; 2021–2025 follow the story of
 * sample-story.ts. `--scale K` multiplies towns, communities and facilities (and writes the
 * extended geography.csv); `--with-errors` adds the documented defects of sample-defects.ts
 * to the last year.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import { UserError, EXIT } from '../basics/errors.ts';
import { loadGeography } from '../plan/geography.ts';
import type { Logger } from '../basics/log.ts';
import { formatSeconds } from '../basics/format.ts';
import { resolvePlan } from '../plan/plan.ts';
import { sampleWorkbook } from './xlsx.ts';
import { createRng } from './rng.ts';
import { STORY_FIRST_YEAR, STORY_LAST_YEAR } from './story.ts';
import { buildWorld } from './world.ts';
import { yearSheets } from './sheets.ts';
import { chooseQuirks, renderSheet, type RenderOptions } from './render.ts';
import { geographyCsv } from './towns.ts';
import { applyDefects, writeDefectReport, type DefectContext } from './defects.ts';
import { groupFiles, type SampleFile, type WrittenSheet } from './files.ts';
import { makeOutFolder } from '../basics/files.ts';

export interface SampleOptions {
  outDir: string;
  seed: number;
  years: number[];
  scale: number;
  withErrors: boolean;
  log: Logger;
  /** Workbooks with more data rows than this are written with the streaming writer (default 5000). */
  streamRows?: number;
}

export async function runSample(opts: SampleOptions): Promise<void> {
  const started = performance.now();
  const bad = opts.years.filter((y) => y < STORY_FIRST_YEAR || y > STORY_LAST_YEAR);
  if (bad.length) throw new UserError(`示例数据只覆盖 ${STORY_FIRST_YEAR}—${STORY_LAST_YEAR} 年，不能生成 ${bad.join('、')} 年`, EXIT.usage);
  if (opts.scale > 1000) throw new UserError(`--scale 最大为 1000，实为 ${opts.scale}`, EXIT.usage);
  const plan = resolvePlan();
  const geo = loadGeography();
  const world = buildWorld(geo, opts.seed, opts.scale);
  makeOutFolder(opts.outDir);
  opts.log.step(`示例世界：${world.towns.length} 个镇街，${world.communities.length} 个社区（村），种子 ${opts.seed}，规模 ×${opts.scale}`);
  if (opts.scale > 1) {
    writeFileSync(join(opts.outDir, 'geography.csv'), geographyCsv(geo, world.towns));
    opts.log.info(`已写出扩展的地理编码 geography.csv（${world.towns.length} 个镇街）`);
  }
  const aliases = new Map(geo.towns.map((t) => [t.name, t.aliases]));
  const years = [...opts.years].sort((a, b) => a - b);
  const defectYear = opts.withErrors ? years[years.length - 1]! : null;
  const totals = { files: 0, sheets: 0, rows: 0 };
  let defects: DefectContext | null = null;

  for (const year of years) {
    const t0 = performance.now();
    const dir = join(opts.outDir, String(year));
    mkdirSync(dir, { recursive: true });
    const files = groupFiles(yearSheets(world, year), year);
    if (year === defectYear) defects = applyDefects(files, { world, year, hasPreviousYear: years.includes(year - 1), seed: opts.seed });
    let rows = 0;
    const written: WrittenSheet[] = [];
    for (const f of files) {
      const book = sampleWorkbook(f.sheets.reduce((n, s) => n + s.rows.length, 0) > (opts.streamRows ?? 5000));
      const wb = book.wb;
      for (const data of f.sheets) {
        const rng = createRng(opts.seed).fork(`render:${year}:${f.file}:${data.sheet.name}`);
        const base: RenderOptions = {
          year, department: f.department, region: plan.region, rng, aliases,
          quirks: chooseQuirks(rng, data.sheet, data.rows.length),
        };
        const o = defects?.renderOverrides.get(data);
        const rendered = renderSheet(wb, data, o ? { ...base, ...o, quirks: { ...base.quirks, ...o.quirks } } : base);
        written.push({ file: f.file, data, rendered });
        rows += data.rows.length;
      }
      if (createRng(opts.seed).fork(`guide:${year}:${f.file}`).chance(0.25)) addGuideSheet(wb, f);
      writeFileSync(join(dir, f.file), await book.bytes());
      totals.files++;
      totals.sheets += f.sheets.length;
    }
    if (year === defectYear && defects) {
      const extra = await defects.writeExtras(dir, { region: plan.region, aliases, written });
      totals.files += extra.files;
      totals.sheets += extra.sheets;
      rows += extra.rows;
    }
    totals.rows += rows;
    opts.log.step(`${year} 年：${files.length} 个工作簿，${rows} 行数据（${formatSeconds(performance.now() - t0)}）`);
  }
  if (defects) {
    const uncovered = writeDefectReport(opts.outDir, defects.entries);
    if (uncovered.length) opts.log.warn(`缺陷样例未覆盖规则 ${uncovered.join('、')}（“与上年相比”需要同时生成上一年）`);
    opts.log.info(`已写出 defects.json 和 缺陷说明.md（${defects.entries.length} 处有意设置的缺陷，位于 ${defectYear} 年）`);
  }
  opts.log.info(`共 ${totals.files} 个文件、${totals.sheets} 张工作表、${totals.rows} 行数据，用时 ${formatSeconds(performance.now() - started)}，输出到 ${opts.outDir}`);
}

/** A 填表说明 sheet as departments keep it beside their tables (not a contract sheet). */
function addGuideSheet(wb: ExcelJS.Workbook, f: SampleFile): void {
  const ws = wb.addWorksheet('填表说明');
  ws.addRow(['填表说明']).font = { bold: true };
  ws.addRow(['工作表', '项目', '填写要求']);
  for (const s of f.sheets) for (const c of s.sheet.columns) ws.addRow([s.sheet.name, c.name, c.note]);
  ws.getColumn(1).width = 18;
  ws.getColumn(2).width = 22;
  ws.getColumn(3).width = 50;
}


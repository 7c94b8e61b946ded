/**
 * `method.html`: how progress is judged (the thresholds of evaluate.ts), how each of the
 * indicators is computed, and the quality of this build's data — the load report per file
 * and sheet, the warnings, and the rejected data when the build was told to publish them.
 */
import { SHEET_BY_NAME } from '../plan/contract.ts';
import { THRESHOLDS, type PlanStatus } from '../evaluate/evaluate.ts';
import { formatNumber, formatPercent, MISSING } from '../basics/format.ts';
import { RULE_LABELS } from '../ingest/ledger.ts';
import { DOUBTFUL_METHOD_TEXT, outlookMethodText, taskMethodText } from '../present/method.ts';
import type { InputData } from '../ingest/read-inputs.ts';
import { linkFrom, type SiteFiles } from './files.ts';
import { ledgerDownloads, type LedgerCounts } from './data.ts';
import { indicatorPath, label, link, num, statusCell, text, unitOrRatio, type Download, type LinkTable, type SiteContext, type SitePageSpec } from './view.ts';
import { LOAD_STATUS_LABELS } from './dictionary.ts';

/**
 * `本次评估读取6个年度的填报：工作簿71个（其中4个无法读取），读取数据13,766行，载入13,752行，拒绝14行（其中2张工作表整表被拒绝，共3行）；警告6处（其中2处是未读取的文件或文件夹）。`
 * — the files that could not be read and the sheets rejected whole said where the rows are
 * counted: 拒绝14行 alone had read as all that was lost, beside a table of 17 rejects (4 files,
 * 2 sheets, 11 rows) and a report counting 4 files, 2 sheets and 11 records (the review of the
 * flawed sample).
 */
function loadSummary(data: InputData): string {
  const unreadable = new Set(data.report.filter((r) => r.status === 'file_rejected').map((r) => r.file)).size;
  const sheets = data.report.filter((r) => r.status === 'rejected');
  const inSheets = sheets.reduce((n, r) => n + r.rowsRejected, 0);
  const stray = data.warnings.filter((w) => w.rule === 'not_read' && w.sheet === '').length;
  return `本次评估读取${formatNumber(data.years.length)}个年度的填报：工作簿${formatNumber(data.files)}个${unreadable ? `（其中${formatNumber(unreadable)}个无法读取）` : ''}，`
    + `读取数据${formatNumber(data.rowsRead)}行，载入${formatNumber(data.rowsLoaded)}行，拒绝${formatNumber(data.rowsRejected)}行${sheets.length ? `（其中${formatNumber(sheets.length)}张工作表整表被拒绝，共${formatNumber(inSheets)}行）` : ''}；`
    + `警告${formatNumber(data.warnings.length)}处${stray ? `（其中${formatNumber(stray)}处是未读取的文件或文件夹）` : ''}。`;
}

export interface MethodView {
  method: { paragraphs: string[]; statuses: LinkTable; outlook: string[] };
  formulas: LinkTable;
  quality: {
    summary: string[];
    downloads: Download[];
    load: LinkTable;
    warnings: LinkTable | null;
    noWarnings: string | null;
    rejects: LinkTable | null;
    rejectsNote: string;
  };
}


function statusRows(): { condition: string; status: PlanStatus; meaning: string }[] {
  const t = THRESHOLDS;
  const r = (x: number) => formatNumber(x, 2);
  return [
    { condition: '实际值 ≥ 目标值', status: '已完成', meaning: '已达到规划目标（规划末年之前达到的为提前完成；保持类指标规划期内至当年各年均保持的，数据中也标为提前完成）' },
    { condition: `R ≥ ${formatNumber(t.onTime)}`, status: '快于时序进度', meaning: '完成进度不慢于时间进度' },
    { condition: `${r(t.broadly)} ≤ R < ${formatNumber(t.onTime)}`, status: '基本符合进度', meaning: '大体与时间进度同步' },
    { condition: `${r(t.behind)} ≤ R < ${r(t.broadly)}`, status: '滞后', meaning: '落后于时间进度，需要加快' },
    { condition: `0 ≤ R < ${r(t.behind)}`, status: '明显滞后', meaning: '进展有限' },
    { condition: 'P < 0', status: '逆向变化', meaning: '较基期值向远离目标的方向变化' },
    { condition: '保持类指标，实际值 < 目标值', status: '未保持', meaning: '未保持规划要求的水平' },
    { condition: '缺少数据', status: '无法评估', meaning: '缺少计算所需的数据（不以零计）' },
  ];
}

export function methodPage(ctx: SiteContext, files: SiteFiles, data: InputData, ledgers: LedgerCounts): SitePageSpec {
  const publishRejects = ledgers.rejects !== null;
  const { plan } = ctx;
  const path = 'method.html';
  const span = plan.targetYear - plan.baselineYear;
  const rule = (r: string) => RULE_LABELS[r] ?? r;
  const files_ = new Set(data.report.map((r) => r.file));

  const view: MethodView = {
    method: {
      paragraphs: [
        `评价以规划指标表的${plan.baselineYear}年基期值 B 和${plan.targetYear}年目标值 G 为依据，所有指标均为数值越高越好。`,
        `时序进度 T =（评估年度 − ${plan.baselineYear}）÷ ${span}，即规划期内每年增加 ${formatPercent(1 / span, 0)}；完成进度 P =（实际值 V − B）÷（G − B），累计性指标（无基期值）B 按 0 计；进度比 R = P ÷ T。`,
        '实际值已达到目标值的，不论趋势如何均评为“已完成”；其余按进度比 R 评价（见下表）。保持类指标（目标值等于基期值）不计算完成进度，实际值不低于目标值为“已完成”，否则为“未保持”。',
        '约束性指标评价为“滞后”“明显滞后”“逆向变化”或“未保持”的，列为预警；缺少数据的约束性指标另列数据预警。',
        `规划末年（${plan.targetYear}年）给出期末结论：约束性指标为完成或未完成；预期性指标为完成、基本完成（完成进度不低于 ${formatPercent(THRESHOLDS.verdictBasic, 0)}）或未完成。`,
        '镇街层面规划未设目标：比率类指标以全区目标值为参照，判断是否达到全区目标水平，并在有数据的镇街中排位；总量类指标报告占全区的比重和较上年的变化。全区比率类指标按各镇街分子之和除以分母之和计算，不取镇街比率的平均数。',
        '所有评价均按未修约的数值判定；显示时按规划指标表的精度，依 GB/T 8170 修约一次（四舍六入五成双），完成进度和时序进度保留一位小数的百分数。',
        taskMethodText(),
        DOUBTFUL_METHOD_TEXT,
      ],
      statuses: {
        caption: '表 进度评价标准（R 为完成进度与时序进度之比）',
        columns: [{ text: '条件' }, { text: '进度评价' }, { text: '含义' }],
        rows: statusRows().map((s) => [text(s.condition, { header: true }), statusCell(s.status), text(s.meaning)]),
      },
      outlook: [
        outlookMethodText(plan),
      ],
    },
    formulas: {
      caption: `表 ${plan.indicators.length}项主要指标的计算口径`,
      className: 'formulas',
      columns: [{ text: '序号', num: true }, { text: '指标' }, { text: '单位' }, { text: '计算口径' }, { text: '数据来源（填报科室）' }, { text: '计算层级' }],
      rows: plan.indicators.map((ind) => [
        num(String(ind.id)),
        link(ind.name, linkFrom(path, indicatorPath(ind.id)), { header: true, star: ind.isBinding }),
        label(unitOrRatio(ind)),
        text(ind.definition),
        text(ind.sourceSheets.map((s) => `${s}（${SHEET_BY_NAME.get(s)?.department ?? MISSING}）`).join('、')),
        label(ind.level === 'DT' ? '全区和镇街' : '仅全区'),
      ]),
    },
    quality: {
      summary: [
        loadSummary(data),
        '每个工作表逐行按《填报数据规范》校验：镇街和社区（村）名称、数值类型与范围、选项、必填项、重复填报、合计行等。不符合规范的行被拒绝，不计入指标；可疑但可以使用的数据（如与上年相比变化超过一半）列为警告。',
      ],
      downloads: ledgerDownloads(files, path, ledgers),
      load: {
        caption: `表 载入报告（${formatNumber(files_.size)}个文件，按文件和工作表）`,
        className: 'load-report',
        columns: [{ text: '年度', num: true }, { text: '文件' }, { text: '工作表' }, { text: '识别为' }, { text: '结果' }, { text: '读取（行）', num: true }, { text: '载入（行）', num: true }, { text: '拒绝（行）', num: true }],
        rows: data.report.map((r) => [
          num(r.year === null ? MISSING : String(r.year)),
          text(r.file, { header: true }),
          text(r.sheet || MISSING),
          text(r.sheetKind || MISSING),
          text(loadResult(r)),
          num(formatNumber(r.rowsRead)),
          num(formatNumber(r.rowsLoaded)),
          num(formatNumber(r.rowsRejected)),
        ]),
      },
      warnings: data.warnings.length
        ? {
            caption: `表 警告（${formatNumber(data.warnings.length)}处）`,
            className: 'problems',
            columns: [{ text: '文件' }, { text: '工作表' }, { text: '行', num: true }, { text: '问题' }, { text: '说明' }],
            rows: data.warnings.map((w) => [text(w.file, { header: true }), text(w.sheet || MISSING), num(w.row === null ? MISSING : String(w.row)), text(rule(w.rule)), text(w.message)]),
          }
        : null,
      noWarnings: data.warnings.length ? null : '本次评估的数据没有警告。',
      rejects:
        publishRejects && data.rejects.length
          ? {
              caption: `表 被拒绝的数据（${formatNumber(data.rejects.length)}处）`,
              className: 'problems',
              columns: [{ text: '文件' }, { text: '工作表' }, { text: '行', num: true }, { text: '问题' }, { text: '说明' }],
              rows: data.rejects.map((r) => [text(r.file, { header: true }), text(r.sheet || MISSING), num(r.row === null ? MISSING : String(r.row)), text(rule(r.rule)), text(r.message)]),
            }
          : null,
      rejectsNote:
        data.rejects.length === 0
          ? '本次评估没有被拒绝的数据。'
          : publishRejects
            ? '本次评估在存在被拒绝数据的情况下照常发布：被拒绝的行未计入指标；指标值由已载入的行算出，被拒绝的数据可能改变的值标为数据不完整（见下表）。'
            : '被拒绝的数据不在网站上公布。',
    },
  };
  return { path, template: 'method', title: '方法与数据质量', description: `${plan.title}实施评估的评价方法、${plan.indicators.length}项主要指标的计算口径，以及各科室填报数据的校验结果（载入报告、警告）。`, section: '方法与数据质量', breadcrumbs: [{ label: '首页', href: 'index.html' }, { label: '方法与数据质量' }], view };
}

/**
 * A load report row's result: a sheet loaded whose rows were rejected, all or some, says so
 * (a site review: 已载入 beside 0 rows loaded and 2 rejected).
 */
function loadResult(r: { status: keyof typeof LOAD_STATUS_LABELS; rowsLoaded: number; rowsRejected: number }): string {
  if (r.status === 'loaded' && r.rowsRejected > 0) return r.rowsLoaded === 0 ? '各行均被拒绝' : '已载入，部分行被拒绝';
  return LOAD_STATUS_LABELS[r.status];
}

/**
 * 附录 of the district reports (report.md §2.7): how each indicator is computed and where
 * its data come from (the departments, not files), the evaluation method, where the plan's
 * text and table disagree, data quality, the towns' values, and the key-task ledger.
 * Program terms, file names and row counts stay out of the body; the data-quality
 * appendix may give the figures.
 */
import { formatNumber, MISSING } from '../basics/format.ts';
import type { IndicatorValue } from '../evaluate/evaluate.ts';
import { lostKeyTasks, type KeyTask } from '../evaluate/key-tasks.ts';
import type { Indicator } from '../plan/plan.ts';
import { SHEETS } from '../plan/contract.ts';
import { doubtfulList, doubtfulReason } from '../present/doubtful.ts';
import { causesText, filesText, lostTasksSentence, valueCauses } from '../present/incomplete.ts';
import { rejectedWithTasksText } from '../present/data-quality.ts';
import { DOUBTFUL_METHOD_TEXT, outlookMethodText, taskMethodText, TOWN_METHOD_TEXT, VERDICT_METHOD_TEXT } from '../present/method.ts';
import { indicatorSources, sourcesText } from '../present/sources.ts';
import { doneEarlierWhileShort, doneTaskShortfall, missingInputsText, taskDoneYear, tasksOf, yearsWithoutData, type MissingInput, type ReportFacts } from '../present/report-facts.ts';
import { taskState } from '../evaluate/task-state.ts';
import { countedState, stateAtOdds } from '../ingest/task-progress.ts';
import { para, section, type Block, type Cell, type DocSection, type Headings } from './document.ts';
import { baselineNotes } from '../present/table-notes.ts';
import { townTables, tasksTable } from './tables.ts';
import { bareName, joinAnd, quote } from '../present/phrases.ts';
import { causeBesideBuilding, facilitiesOffTheList, isSilentlyBehind, SILENT_MARK, silentTasksText, townBeforeName } from '../present/themes.ts';

/** The evaluation method, as the annual and final reports state it. */
function methodBlocks(f: ReportFacts): Block[] {
  const { plan } = f;
  const final = f.edition === 'final';
  // the final evaluation judges by the period's verdicts: those first, the annual scale after
  // as what the years' evaluations (which it looks back on) used
  const verdicts = para(`规划末年给出期末结论：约束性指标为完成、未完成；预期性指标为完成、基本完成（完成进度不低于95%）、未完成。提前完成指规划末年之前已达到目标，并一直保持到评估年度：年度报告中的“已提前完成”是截至当年的情况，此后回落的，以后的报告写明“某年曾达到，某年回落”，不再计为提前完成；保持类指标不计提前完成：年度报告中当年保持的，预判为“预计可保持”，总结评估写明是否各年均保持；期末结论按规划末年的数值判定，保持类指标期间曾未保持、期末恢复的，结论为完成，并写明未保持的年份。未完成目标的绝对差距按指标的分子、分母计算：在分母不变的情况下，达到目标还需增加的分子数量（如床位张数、社区个数、人数），不足一个的按一个计。`);
  return [
    ...(final ? [verdicts] : []),
    para(`${final ? '各年度评估（本报告回顾规划实施过程时引用）按进度评价：' : ''}时序进度 T =（评估年度 − ${plan.baselineYear}）÷ ${plan.targetYear - plan.baselineYear}；完成进度 P =（实际值 − 基期值）÷（目标值 − 基期值），累计性指标基期值按 0 计；进度比 R = P ÷ T。实际值达到目标值的评为“已完成”；其余按进度比评价，标准见下表。保持类指标（目标值等于基期值）按实际值是否不低于目标值评为“已完成”或“未保持”。`),
    // the outlook's method in both: the final evaluation looks back on the years' outlooks
    para(`${f.edition === 'final' ? '' : '约束性指标评价为“滞后”“明显滞后”“逆向变化”或“未保持”的，列为预警。'}${outlookMethodText(plan, f.edition === 'final')}`),
    // the verdict of 一 (overview.ts verdict)
    ...(final ? [] : [para(VERDICT_METHOD_TEXT)]),
    ...(final ? [] : [verdicts]),
    // where a task's state comes from (a review compared two tasks at 72 %, one 滞后 and one 按计划推进:
    // the departments' own word, which the report does not second-guess without the task's start)
    para(taskMethodText(final)),
    // said where a figure of the report's year rests on such a count (the report then says which)
    ...(doubtfulList(f).length ? [para(DOUBTFUL_METHOD_TEXT)] : []),
    para(TOWN_METHOD_TEXT),
    para('所有评价均按未修约的数值判定；显示时按规划指标表的精度，依 GB/T 8170 修约一次；较上年、较基期的变化按未修约数值相减后修约一次，不为零而修约为零的写作“略有增加（下降）”。镇街位次按显示的数值比较，数值相同的并列，并注明并列的镇街数；半数以上镇街数值相同时不排位次。'),
    {
      dataTable: {
        caption: final ? '年度评估的进度评价标准' : '进度评价标准',
        columns: ['条件', '进度评价'],
        rows: [
          ['实际值 ≥ 目标值', '已完成'],
          ['R ≥ 1', '快于时序进度'],
          ['0.95 ≤ R < 1', '基本符合进度'],
          ['0.60 ≤ R < 0.95', '滞后'],
          ['0 ≤ R < 0.60', '明显滞后'],
          ['P < 0', '逆向变化'],
          ['保持类指标，实际值 < 目标值', '未保持'],
          ['缺少数据', '无法评估'],
        ],
      },
    },
  ];
}

/**
 * Each indicator's definition and where its data come from: the sheets grouped under the
 * department that fills them (`《养老服务设施》、《居家养老》（养老服务科）；《人口基础数据》（区统计局）`),
 * from the plan's source sheets and the contract (present/sources.ts).
 */
function definitionsBlock(f: ReportFacts): Block {
  const sources = new Map(indicatorSources(f.plan).map((s) => [s.indicatorId, s]));
  return {
    table: {
      caption: '各项指标的计算口径和数据来源',
      columns: ['序号', '指标', '计算口径', '数据来源（填报科室）'],
      rows: f.plan.indicators.map((i) => [
        { text: String(i.id), num: true },
        { text: `${i.isBinding ? '★' : ''}${i.name}（${i.unit || '比值'}）`, header: true },
        { text: `${i.definition}${i.level === 'D' ? '（仅全区）' : ''}` },
        { text: sourcesText(sources.get(i.id)!.sheets.map((s) => ({ ...s, sheet: `《${s.sheet}》` }))) },
      ]),
      className: 'compact definitions',
    },
  };
}

/** `全区和各镇街`, `全区和除旧宫镇外的各镇街`, `全区、黄村镇`: the places of some values of one indicator. */
function placesText(f: ReportFacts, ind: Indicator, vs: readonly IndicatorValue[]): string {
  const towns = vs.filter((v) => v.geoLevel === 'town');
  const district = vs.some((v) => v.geoLevel === 'district');
  const all = f.geography.towns.length;
  if (ind.level === 'DT' && all > 0 && towns.length === all) return district ? '全区和各镇街' : '各镇街';
  if (ind.level === 'DT' && towns.length >= all - 3 && towns.length > all / 2) {
    const have = new Set(towns.map((v) => v.geoCode));
    const others = f.geography.towns.filter((t) => !have.has(t.code)).map((t) => t.name).join('、');
    return `${district ? '全区和' : ''}除${others}外的各镇街`;
  }
  return [...(district ? ['全区'] : []), ...towns.map((v) => f.geography.byCode.get(v.geoCode)?.name ?? v.geoCode)].join('、');
}

/**
 * The year's incomplete and missing figures and what made each so (data-contract §4: each
 * incomplete figure names, in the data-quality section, the rejects that make it so): the
 * files that could not be read once, as a sentence (they touch every value of the year),
 * then a table of the indicators with anything else lost — sheets, rows, missing rows,
 * empty cells — by sheet and department, never by file or row number.
 */
function incompleteBlocks(f: ReportFacts): Block[] {
  const lost = f.lost ?? [];
  const ofYear = f.values.ofYear(f.year).filter((v) => !v.isComplete);
  if (ofYear.length === 0) return [];
  const blocks: Block[] = [];
  const yearCauses = f.plan.indicators.flatMap((ind) => valueCauses(lost, f.geography, f.year, ind.id, null));
  const files = filesText([...new Map(yearCauses.map((c) => [c.key, c])).values()]);
  // and who does what about them (the review of the flawed sample: no unit was asked to send them again)
  if (files) blocks.push(para(`${f.year}年${files}，可能涉及任何一项指标，因此${f.year}年全部指标值（全区和各镇街）均标为“数据不完整”。这些文件的名称和无法读取的原因见网站“方法与数据质量”页和拒绝清单；请报送这些文件的科室按说明改正后重新报送，收齐后重新评估。`));
  const rows: Cell[][] = [];
  for (const ind of f.plan.indicators) {
    const vs = ofYear.filter((v) => v.indicatorId === ind.id);
    if (vs.length === 0) continue;
    const causes = valueCauses(lost, f.geography, f.year, ind.id, null).filter((c) => c.kind !== 'file');
    if (causes.length === 0 && files) continue;
    const incomplete = vs.filter((v) => v.value !== null || v.numerator !== null);
    const missing = vs.filter((v) => v.value === null && v.numerator === null);
    rows.push([
      { text: String(ind.id), num: true },
      { text: `${ind.isBinding ? '★' : ''}${ind.name}`, header: true },
      { text: incomplete.length ? placesText(f, ind, incomplete) : MISSING },
      { text: missing.length ? placesText(f, ind, missing) : MISSING },
      { text: causesText(causes, { files: false }) || (files ? MISSING : '当年未报送该指标所需的工作表') },
    ]);
  }
  if (rows.length) {
    blocks.push({
      table: {
        caption: `${f.year}年数据不完整或缺失的指标值及未计入的数据`,
        columns: ['序号', '指标', '数据不完整（照常评价）', '缺失（不以零计）', '未计入的数据'],
        rows,
        notes: [`${files ? '除上述无法读取的文件外，' : ''}各项未计入的数据按填报工作表和填报科室列出；逐行的文件、工作表和行号见网站“方法与数据质量”页和数据下载中的拒绝清单，清单逐条写明原因；请各填报科室据此改正后重新报送，相关指标届时复核。`],
        className: 'compact incomplete',
      },
    });
  }
  return blocks;
}

/**
 * The facilities stopped in the period that the year's sheet no longer lists, for the department
 * to confirm whether they closed for good: `1家停用的设施此后不再列入设施报表，是否已撤销需养老服务科核实：
 * 天宫院街道北京市大兴区安心颐养中心（2021年停用，2023年起不再列出）`; '' when none.
 */
function offTheList(f: ReportFacts): string {
  const off = facilitiesOffTheList(f);
  if (off.length === 0) return '';
  const byDept = new Map<string, typeof off>();
  for (const o of off) byDept.set(o.department ?? '相关科室', [...(byDept.get(o.department ?? '相关科室') ?? []), o]);
  return [...byDept].map(([dept, xs]) => `${formatNumber(xs.length)}家停用的设施此后不再列入设施报表，是否已撤销需${dept}核实：${xs.map((o) => `${townBeforeName(f, null, o.x)}${o.x.name}（${[o.status, `${o.since}年起不再列出`].filter(Boolean).join('，')}）`).join('、')}`).join('；');
}

/** The bureau's departments that fill the contract's sheets, in the contract's order (the statistics bureau said apart). */
/** Tasks the ledger shows done this year while the data show a town without (doneTaskShortfall), for their department to check. */
function doneWhileShort(f: ReportFacts): string[] {
  return tasksOf(f).flatMap((t) => {
    const y = taskState(t, f.year) === '已完成' ? taskDoneYear(f, t.id) : null;
    const dept = t.leadUnit || '牵头科室';
    if (y === f.year) {
      const short = doneTaskShortfall(f, t);
      return short ? [`重点任务台账中${quote(t.name)}填报${f.year}年已完成，而数据中${short.none}${short.what}，完成情况需${dept}核实`] : [];
    }
    // the final evaluation looks back on the period: a task done in an earlier year while that year's data showed a town without
    const earlier = f.edition === 'final' && y !== null ? doneEarlierWhileShort(f, t, y) : null;
    if (!earlier) return [];
    const now = earlier.nowAll ? `（${f.year}年各镇街均已有）` : '';
    return [`重点任务台账中${quote(t.name)}填报${y}年已完成，而${y}年的数据中${earlier.none}${earlier.what}${now}，${earlier.nowAll ? '实际完成年份' : '完成情况'}需${dept}核实`];
  });
}

/**
 * The year's ledger rows whose 进展状态 and 完成进度 disagree (warned as read, task_state_progress):
 * by name, how the report counts them, and who is to check (the 16th attack's ledger: 已完成 at
 * 60 %, 推进中 at 100 % were in the warnings only, the appendix silent).
 */
function stateAtOddsText(f: ReportFacts): string[] {
  return tasksOf(f)
    .filter((t) => stateAtOdds(t.status, t.progress))
    .map((t) => `重点任务台账中${quote(t.name)}的进展状态填报为“${t.status}”，而完成进度为${formatNumber(t.progress!)}%，两者不一致，报告按“${countedState(t.status, t.progress)}”计，需${t.leadUnit || '牵头科室'}核实`);
}

function reportingDepartments(): string {
  return joinAnd([...new Set(SHEETS.map((s) => s.department).filter((d) => d !== '区统计局'))]);
}

/**
 * The returns not sent, year by year from the first with any up to the report's: a year with no
 * sheet at all, the sheets a department did not send, the types of a register missing —
 * `2023年的全部报表；2024年养老服务科的《居家养老》、《养老服务设施》中的养老机构和养老照料中心`. Empty
 * when every year brought every sheet. (The opening sentence had named every department as
 * having reported for every year, with a year or a workbook missing.)
 */
function notSentText(f: ReportFacts): string {
  const parts: string[] = [];
  for (let y = f.plan.baselineYear; y <= f.year; y++) {
    const loaded = new Set(f.data.report.filter((r) => r.year === y && r.status === 'loaded').map((r) => r.sheetKind));
    // the baseline year's too: without it the comparisons with its own data are not made (a review
    // read '2020—2022年报送的统计报表' of a build without a 2020 folder)
    if (loaded.size === 0) {
      parts.push(`${y}年${y === f.plan.baselineYear ? '（基期）' : ''}的全部报表`);
      continue;
    }
    const missing: MissingInput[] = SHEETS.filter((s) => !loaded.has(s.name)).map((s) => ({ department: s.department, sheet: s.name, types: null }));
    for (const m of f.data.missingTypes.filter((x) => x.year === y)) {
      const had = missing.find((x) => x.sheet === m.sheetKind);
      if (had) had.types?.push(m.type);
      else missing.push({ department: SHEETS.find((s) => s.name === m.sheetKind)?.department ?? '', sheet: m.sheetKind, types: [m.type] });
    }
    if (missing.length) parts.push(`${y}年${missingInputsText(missing)}`);
  }
  return parts.length ? `以下报表未报送或不全，依赖它们的指标记为缺失：${parts.join('；')}` : '';
}

/** The first year from the baseline with any sheet loaded (the baseline year where it was sent). */
function firstYearSent(f: ReportFacts): number {
  const without = new Set(yearsWithoutData(f));
  let y = f.plan.baselineYear;
  while (y < f.year && without.has(y)) y++;
  return y;
}

function qualityBlocks(f: ReportFacts): Block[] {
  const q = f.quality;
  const lost = f.values.ofYear(f.year).filter((v) => !v.isComplete);
  const missing = lost.filter((v) => v.value === null && v.numerator === null).length;
  const rejected = q.rejected.files + q.rejected.sheets + q.rejected.records;
  // In words for the public (report.md §5), counted as the table below and 表1's note count them
  // the ledger's rows among them, which no figure uses: 表1's note counts only what its figures lack (a review read 10条 there, 11条 here)
  let taskRows = 0;
  for (let y = f.plan.baselineYear; y <= f.year; y++) taskRows += lostKeyTasks(f.data, y).tasks.length;
  const failed = rejected === 0 ? '' : `，其中${rejectedWithTasksText(q.rejected, taskRows)}`;
  const baselines = baselineNotes(f.plan, f.values).mismatches;
  const doubts = doubtfulList(f);
  const notSent = notSentText(f);
  const checks = [
    baselines ? `${formatNumber(baselines)}项指标的${f.plan.baselineYear}年基期值按科室报送数据计算与规划印发的数值不一致（口径待核实），报告按规划印发的数值评价（见表1注）` : '',
    f.plan.inconsistencies.length ? `规划文本与指标表不一致之处见附录三` : '',
    offTheList(f),
    silentTasksText(f) ?? '',
    ...causeBesideBuilding(f).map((x) => `重点任务台账中${quote(x.task.name)}的进展说明为“${x.cause}”，而设施报表${x.since < f.year ? `自${x.since}年起` : ''}填报${x.facility}为在建，两种说法需${x.task.leadUnit}核实`),
    ...doneWhileShort(f),
    ...stateAtOddsText(f),
  ].filter(Boolean);
  return [
    // the departments by name, not counts of files and rows (report.md §5; two reviews read 66份报表文件、13,802条记录 as the program's words);
    // the records, not 数据: the baselines' definitions still to be checked follow (the final review read 没有需要…核实的数据 beside 口径待核实)
    // “nothing to check” only when nothing below is to be checked either: the 2021 and 2025 reviews read
    // 没有需要科室更正或核实的填报记录 beside the baselines and facilities it then asks to check
    para(`本次评估使用${reportingDepartments()}${firstYearSent(f)}—${f.year}年报送的统计报表和区统计局的人口数据（各统计表见附录一）${failed}${q.warnings ? `；逐条校验中需要科室核实的数据${formatNumber(q.warnings)}处` : rejected === 0 ? (checks.length ? '，所报数据均通过校验' : '，逐条校验全部通过，没有需要科室更正或核实的填报记录') : ''}。`),
    // what was not sent, before what was (a sentence of its own: its years and departments list with ；)
    ...(notSent ? [para(`${notSent}。`)] : []),
    // the records to be checked that count in this year's figures: which, and that they are counted as sent
    ...(doubts.length ? [para(`需要核实的记录中，${formatNumber(doubts.length)}项指标的${f.year}年数值计入了${doubtfulReason(f)}的填报，在科室核实之前按填报数计算：${doubts.join('；')}。`)] : []),
    // what is to be checked beyond the records (a review: '没有发现需要科室核实的记录…全部数据通过
    // 校验' beside 基期值 the report asks to check read as a contradiction)
    ...(rejected === 0 && !checks.length ? [] : [para(rejected === 0
      ? `校验之外，以下事项仍需核实或统一口径：${checks.join('；')}。`
      : q.acceptedRejects
        // none touched (rows of the task ledger only): said so, not 0个按其余数据计算 (the 16th attack)
        ? `${lost.length === 0 ? `未通过校验的数据未计入，${f.year}年的指标值均不受其影响`
          // every value touched (a file unreadable): said so, not as a count of values (the final review: 512个按其余数据计算 read as the program's words)
          : lost.length === f.values.ofYear(f.year).length
            ? `未通过校验的数据未计入指标；${f.year}年全部指标值（全区和各镇街）均受影响，按已读取的数据计算、照常评价，标为“数据不完整”${missing ? `，其中${formatNumber(missing)}个因缺少必需的数据而缺失（不以零计）` : ''}`
            : `未通过校验的数据未计入指标；受影响的${f.year}年指标值（全区和镇街）中，${[lost.length > missing ? `${formatNumber(lost.length - missing)}个按其余数据计算、照常评价，标为“数据不完整”` : '', missing ? `${formatNumber(missing)}个因缺少必需的数据而缺失（不以零计）` : ''].filter(Boolean).join('，')}`}${checks.length ? `；${checks.join('；')}` : ''}。`
        : '存在未通过校验的数据。')]),
    // The problems by kind, when there were any (the sentence above says when there were none)
    ...(q.byRule.rows.length ? [{ dataTable: q.byRule }] : []),
    // workbooks not read (outside a year folder, a ~$ copy): said, without their names (report.md §5: no
    // file names in the body; the site's method page lists them); other files beside the workbooks (a
    // note, a README) are not the data's problems and not said (a review read defects.json in a report)
    ...(q.notReadWorkbooks ? [para(`输入文件夹中另有${formatNumber(q.notReadWorkbooks)}个工作簿不在年度文件夹中或不是填报文件，未读取；如其中有应报的数据，需放入相应年度的文件夹后重新生成（文件名见网站“方法与数据质量”页）。`)] : []),
    ...(q.acceptedRejects ? incompleteBlocks(f) : []),
  ];
}

/** The appendix chapter of a district report. */
export function districtAppendix(f: ReportFacts, H: Headings): DocSection {
  const head = H.plain('appendix', '附录', 1);
  const children: DocSection[] = [];
  children.push(section(H.plain('appendix-definitions', '附录一 指标口径与数据来源', 2), [definitionsBlock(f)]));
  children.push(section(H.plain('appendix-method', '附录二 评价方法', 2), methodBlocks(f)));
  const inc = f.plan.inconsistencies;
  children.push(section(H.plain('appendix-inconsistencies', '附录三 规划文本与指标表不一致之处', 2), inc.length
    ? [{ list: { items: inc.map((x) => `指标${x.indicatorId}${quote(f.plan.indicatorById.get(x.indicatorId)!.name)}：${x.text}`), ordered: true } }]
    : [para('未发现规划文本与指标表不一致之处。')]));
  children.push(section(H.plain('appendix-quality', '附录四 数据质量', 2), qualityBlocks(f)));
  const towns = townTables(f.plan, f.geography, f.values, f.year, f.data);
  if (f.geography.towns.length) {
    const alike = towns.alike.length ? `各镇街${towns.alike.map((x) => `${quote(bareName(x.ind))}均为${x.text}`).join('，')}，表中不再列出。` : '';
    children.push(section(H.plain('appendix-towns', `附录五 ${f.year}年各镇街指标一览`, 2), [
      para(`规划未对镇街设定目标；各镇街报告对照全区目标水平评价，全区比率类指标按各镇街分子之和除以分母之和计算。${alike}`),
      ...towns.tables.map((t) => ({ table: t })),
    ], [], 'towns-appendix'));
  }
  const tasks = tasksOf(f);
  const lostTasks = lostTasksSentence(lostKeyTasks(f.data, f.year), f.year);
  if (tasks.length || lostTasks) {
    children.push(section(H.plain('appendix-tasks', `附录六 ${f.year}年重点任务台账`, 2), [
      ...(tasks.length ? [{ table: tasksTable(tasks, f.year, `${f.year}年重点任务进展`, (t) => taskDoneYear(f, t.id), {
        mark: SILENT_MARK,
        is: (t) => isSilentlyBehind(f, t),
        note: `标“${SILENT_MARK}”的任务累计完成低于按完成时限计的时间进度，但填报为“按计划推进”且未说明原因（见附录四）。`,
      }) }] : []),
      ...(lostTasks ? [para(lostTasks)] : []),
      // at the period's end the ledger's own words ('…，需加快推进') read as the report's advice to a
      // plan that is over (the final review): whose they are, and where the advice is
      ...(f.edition === 'final' && tasks.length ? [para(finalTasksNote(f, tasks))] : []),
    ]));
  }
  return section(head, [], children, 'appendix');
}

/** Under the final report's ledger: the 进展说明 are the lead units' words, and the unfinished tasks' advice is in 六. */
function finalTasksNote(f: ReportFacts, tasks: readonly KeyTask[]): string {
  const open = tasks.filter((t) => taskState(t, f.year) !== '已完成').length;
  return `表中“进展说明”为牵头单位在台账中填报的原文${open ? `；期末未完成的${open}项任务，建议转入“${f.plan.nextEra}”接续推进，完成时间的测算和措施见六` : ''}。`;
}

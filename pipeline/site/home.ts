/**
 * The home page: the latest year at a glance — time progress, the status tally, binding
 * warnings, the town × indicator grid — and the way to every year's report and to the
 * rest of the site.
 */
import { REPORTS_SECTION } from '../present/page-frame.ts';
import { statusTally } from '../evaluate/evaluate.ts';
import { formatNumber, formatPercent, formatTarget, formatValue } from '../basics/format.ts';
import { overviewSentences } from '../present/narrative.ts';
import { FigureCounter, heatmapFigure, statusFigure, type Figure } from '../present/figures.ts';
import { download } from './downloads.ts';
import { linkFrom, type SiteFiles } from './files.ts';
import { INCOMPLETE_MARK, indicatorPath, markOf, reportLabel, type Download, type Fact, type SiteContext, type SitePageSpec } from './view.ts';

export interface HomeView {
  heading: string;
  intro: string;
  yearHeading: string;
  progress: { label: string; value: string; width: string } | null;
  stats: Fact[];
  paragraphs: string[];
  warningsTitle: string;
  warnings: { text: string; href: string }[];
  dataWarnings: { text: string; href: string }[];
  /** The latest year's district values judged on incomplete data (evaluation.md), when any. */
  incomplete: { text: string; href: string } | null;
  /** The final verdicts to check before they are relied on, with their pages (present/verdict-checks.ts; added with the lineage, site/lineage.ts). */
  checks?: { text: string; items: { text: string; href: string }[] };
  status: Figure | null;
  heatmap: Figure | null;
  /** The heatmap's columns are indicator numbers: what each stands for. */
  heatmapKey: { id: string; name: string; href: string }[];
  reports: { year: number; label: string; html: string | null; pdf: Download | null }[];
  explore: { href: string; label: string; text: string }[];
}

/** `2025年有32项全区指标值所用数据不完整…`: the marked figures of the latest year, said once on the home page. */
function incompleteCallout(ctx: SiteContext): HomeView['incomplete'] {
  const { plan, geography, index, latestYear } = ctx;
  const marked = plan.indicators.filter((i) => markOf(index.get(latestYear, geography.district.code, i.id)).mark);
  if (!marked.length) return null;
  return {
    text: `${latestYear}年有${formatNumber(marked.length)}项全区指标值所用数据不完整（有填报数据未通过校验、缺报或文件无法读取）：由通过校验的数据算出并照常评价，在各页标“${INCOMPLETE_MARK}”，仅供参考。`,
    href: 'method.html#incomplete',
  };
}

/** Where the home page is (it is made once the PDFs are printed: it gives their sizes). */
export const HOME_PAGE_PATH = 'index.html';

export function homePage(ctx: SiteContext, files: SiteFiles): SitePageSpec {
  const { plan, geography, values, index, latestYear } = ctx;
  const path = HOME_PAGE_PATH;
  const figures = new FigureCounter();
  const inPeriod = latestYear > plan.baselineYear && latestYear <= plan.targetYear;
  // The target year is judged by verdicts (完成 / 基本完成 / 未完成), not by the schedule.
  const final = latestYear >= plan.targetYear;
  const tally = statusTally(values, latestYear);
  const district = (id: number) => index.get(latestYear, geography.district.code, id);
  const warningItem = (id: number) => {
    const ind = plan.indicatorById.get(id)!;
    const v = district(id)!;
    return {
      // a warning judged on incomplete data says so (evaluation.md)
      // every item is binding (the callout says so): no star a screen reader reads as a bare symbol (the site review)
      text: `指标${ind.id} ${ind.name}：${final ? v.verdict : v.status}（${latestYear}年实际值 ${formatValue(ind, v.value)}，目标 ${formatTarget(ind, { unit: true })}${markOf(v).mark ? '；所用数据不完整，仅供参考' : ''}）`,
      href: linkFrom(path, indicatorPath(ind.id)),
    };
  };
  const count = (n: number) => `${formatNumber(n)}项`;
  const verdicts = (verdict: string, bindingOnly = false) => plan.indicators.filter((i) => (!bindingOnly || i.isBinding) && district(i.id)?.verdict === verdict).length;
  const t = inPeriod ? formatPercent((latestYear - plan.baselineYear) / (plan.targetYear - plan.baselineYear)) : null;
  const view: HomeView = {
    heading: `${plan.title}实施评估`,
    intro: `本网站发布《${plan.title}》（${plan.period.start}—${plan.period.end}年）的${final ? '年度评估和总结评估' : '年度实施评估'}：${plan.indicators.length}项主要指标逐年的完成情况、${geography.towns.length}个镇街的对照、${final ? '年度评估报告、总结评估报告' : '年度评估报告'}和全部数据。数据来自区民政局各科室的年度填报，按《填报数据规范》校验后计算。`,
    yearHeading: final ? `规划期末（${latestYear}年）总结评估概况` : inPeriod ? `${latestYear}年评估概况` : `${latestYear}年（规划基期）概况`,
    progress: t && !final ? { label: `时序进度（规划期${plan.period.start}—${plan.period.end}年）`, value: t, width: t } : null,
    stats: final
      ? [
          { label: '完成', value: count(verdicts('完成')) },
          { label: '基本完成', value: count(verdicts('基本完成')) },
          { label: '未完成', value: count(verdicts('未完成')) },
          // a part of the 未完成 beside it, not a fourth kind (the site review: the cards read as 33 items)
          { label: '未完成中的约束性指标', value: count(verdicts('未完成', true)) },
          // those without a value, where there are: '0项未完成' alone had read as all done with 31 missing
          ...(verdicts('无法评估') > 0 ? [{ label: '缺少数据、无法评估', value: count(verdicts('无法评估')) }] : []),
        ]
      : inPeriod
      ? [
          { label: '已完成', value: count(tally.all['已完成']) },
          { label: '快于或基本符合时序进度', value: count(tally.all['快于时序进度'] + tally.all['基本符合进度']) },
          { label: '滞后或逆向变化', value: count(tally.all['滞后'] + tally.all['明显滞后'] + tally.all['逆向变化'] + tally.all['未保持']) },
          { label: '其中约束性指标预警', value: count(tally.bindingWarnings) },
          ...(tally.all['无法评估'] > 0 ? [{ label: '缺少数据、无法评估', value: count(tally.all['无法评估']) }] : []),
        ]
      : [],
    paragraphs: values.some((v) => v.geoLevel === 'district') ? overviewSentences(plan, values.filter((v) => v.year <= latestYear)) : [],
    warningsTitle: final ? '未完成的约束性指标' : '约束性指标预警',
    warnings: plan.indicators.filter((i) => (final ? i.isBinding && district(i.id)?.verdict === '未完成' : district(i.id)?.isBindingWarning)).map((i) => warningItem(i.id)),
    dataWarnings: plan.indicators.filter((i) => district(i.id)?.isBindingDataWarning).map((i) => warningItem(i.id)),
    incomplete: incompleteCallout(ctx),
    status: inPeriod && !final ? statusFigure({ tally, figureNo: figures.next(), idPrefix: 'home', year: latestYear, phone: true }) : null,
    heatmap: geography.towns.length ? heatmapFigure({ plan, geography, values, year: latestYear, figureNo: figures.next(), idPrefix: 'home', phone: true }) : null,
    heatmapKey: plan.indicators
      .filter((i) => i.level === 'DT' && i.aggregation === 'ratio')
      .map((i) => ({ id: String(i.id), name: i.name, href: linkFrom(path, indicatorPath(i.id)) })),
    reports: ctx.reports.map((r) => ({
      year: r.year,
      label: reportLabel(r, plan.period.start),
      html: r.district.html && linkFrom(path, r.district.html),
      pdf: r.district.pdf ? download(files, path, r.district.pdf, 'PDF') : null,
    })),
    explore: [
      { href: 'indicators/index.html', label: '主要指标', text: `${plan.indicators.length}项指标的定义、历年数值和各镇街数值` },
      { href: 'towns/index.html', label: '镇街', text: `${geography.towns.length}个镇街与全区的对照` },
      { href: 'reports/index.html', label: REPORTS_SECTION, text: `全区和各镇街的报告${ctx.reports.some((r) => r.district.pdf) ? '，网页版和 PDF' : '（网页版）'}` },
      { href: 'data/index.html', label: '数据下载', text: '指标值、清洗后的填报数据、数据字典和数据库文件' },
      { href: 'method.html', label: '方法与数据质量', text: '评价方法、指标口径和数据校验结果' },
    ],
  };
  return { path, template: 'home', title: `${plan.shortTitle}实施评估`, description: view.intro, section: '首页', view };
}

/**
 * `reports/index.html`: every year's district report, and the towns' reports in one table
 * (towns × years), each as a web page and as PDF when that file was produced by this build.
 */
import { REPORTS_SECTION } from '../present/page-frame.ts';
import { formatFileSize, MISSING } from '../basics/format.ts';
import { linkFrom, type SiteFiles } from './files.ts';
import { download } from './downloads.ts';
import { reportLabel, reportShortLabel, text, townReportLabel, type Cell, type Download, type LinkTable, type SiteContext, type SitePageSpec } from './view.ts';

export interface ReportsView {
  intro: string;
  district: { label: string; html: string | null; pdf: Download | null }[];
  towns: LinkTable | null;
  /** The towns' PDFs' sizes, said once under their table (each link beside its size had crowded the cells). */
  townsNote: string | null;
  empty: string | null;
}

/** Where the reports page is (made once the PDFs are printed: it gives their sizes). */
export const REPORTS_PAGE_PATH = 'reports/index.html';

export function reportsPage(ctx: SiteContext, files: SiteFiles): SitePageSpec {
  const { plan, geography, reports } = ctx;
  const path = REPORTS_PAGE_PATH;
  const to = (target: string) => linkFrom(path, target);
  const withTowns = reports.filter((r) => r.towns.size > 0);
  const townRows: Cell[][] = geography.towns
    .filter((t) => withTowns.some((r) => r.towns.has(t.code)))
    .map((t) => [
      text(t.name, { header: true }),
      ...withTowns.map((r): Cell => {
        const doc = r.towns.get(t.code);
        const about = `：${townReportLabel(r, plan.period.start, t.name)}`;
        const links = [
          ...(doc?.html ? [{ text: '网页版', href: to(doc.html), hidden: about }] : []),
          ...(doc?.pdf ? [{ text: 'PDF', href: to(doc.pdf), hidden: about }] : []),
        ];
        return links.length ? { text: '', links, nowrap: true } : text(MISSING);
      }),
    ]);
  const townPdfs = withTowns.flatMap((r) => [...r.towns.values()].flatMap((d) => (d.pdf && files.exists(d.pdf) ? [files.size(d.pdf)] : [])));
  const [least, most] = [Math.min(...townPdfs), Math.max(...townPdfs)];
  const view: ReportsView = {
    intro: `每个评估年度一份全区报告，按规划的章节结构逐项报告主要指标和重点任务的进展；各镇街另有一份本镇街的报告。报告可在网页上阅读${reports.some((r) => r.district.pdf) ? '，也可下载 PDF 版' : ''}。`,
    district: reports.map((r) => ({
      label: reportLabel(r, plan.period.start),
      html: r.district.html && to(r.district.html),
      pdf: r.district.pdf ? download(files, path, r.district.pdf, `${reportLabel(r, plan.period.start)} PDF`) : null,
    })),
    towns: townRows.length
      ? {
          caption: '表 各镇街的评估报告',
          className: 'town-reports',
          columns: [{ text: '镇街' }, ...withTowns.map((r) => ({ text: reportShortLabel(r, plan.period.start) }))],
          rows: townRows,
        }
      : null,
    townsNote: townPdfs.length
      ? `镇街报告的 PDF 共${townPdfs.length}份，每份${least === most ? formatFileSize(least) : `${formatFileSize(least)}至${formatFileSize(most)}`}。`
      : null,
    empty: reports.length ? null : `输入数据中还没有${plan.period.start}—${plan.period.end}年规划期内的年度，因此尚无评估报告。`,
  };
  return { path, template: 'reports', title: REPORTS_SECTION, description: view.intro, section: REPORTS_SECTION, breadcrumbs: [{ label: '首页', href: 'index.html' }, { label: REPORTS_SECTION }], view };
}

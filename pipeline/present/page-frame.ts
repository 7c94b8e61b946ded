/**
 * The site's navigation and page frame, shared by the reports and the site pages. Every
 * link is relative to the site root: the layout puts `PageFrame.root` (`../../`, or
 * nothing at the root) in front, so the site works under any sub-path and from disk.
 */
import { loadPublication } from './publication.ts';
import type { Plan } from '../plan/plan.ts';

/** The site's section of reports, annual and final (年度评估报告 had named the final one's section too: the site review). */
export const REPORTS_SECTION = '评估报告';
import type { NavItem, PageFrame } from './render.ts';

export interface SiteLinks {
  /** Latest report year: the data of the site reach the end of it. */
  latestYear: number;
  /** The publication date (`2026-03-01`), when the build was given one. */
  published?: string;
}

/** The site's sections: top navigation label and the page it opens, in menu order. */
export const SITE_SECTIONS = [
  { label: '首页', href: 'index.html' },
  { label: '主要指标', href: 'indicators/index.html' },
  { label: '镇街', href: 'towns/index.html' },
  { label: REPORTS_SECTION, href: 'reports/index.html' },
  { label: '数据下载', href: 'data/index.html' },
  { label: '方法与数据质量', href: 'method.html' },
  { label: '搜索', href: 'search.html' },
  { label: 'SQL 查询', href: 'sql.html' },
] as const;

export type SiteSection = (typeof SITE_SECTIONS)[number]['label'];

/**
 * The site's Content-Security-Policy, one for every page: the meta tag of each page, and
 * the header a portal should send with every file of the site (README). Everything comes
 * from the site itself; `'wasm-unsafe-eval'` lets the SQL page's DuckDB-WASM compile
 * (also inside its worker, which gets the policy from the header); `form-action 'self'`
 * lets the header's search box open the search page.
 */
export function siteCsp(scriptSources: readonly string[] = []): string {
  // a portal's own scripts (publication.json scriptSources) load from their site, and may send to it and show its images
  const extra = scriptSources.map((s) => ` ${s}`).join('');
  return [
    "default-src 'self'",
    `img-src 'self' data:${extra}`,
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval'${extra}`,
    `connect-src 'self'${extra}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** The policy without a portal's scripts. */
export const SITE_CSP = siteCsp();

/** The policy the office's publication.json asks for. */
export function publishedCsp(): string {
  return siteCsp(loadPublication().scriptSources);
}

/** Top navigation, with `current` marking the section the page belongs to. */
export function siteNav(_links: SiteLinks, current: string): NavItem[] {
  return SITE_SECTIONS.map((s) => ({ label: s.label, href: s.href, current: s.label === current }));
}

/** What a page gives for its frame; the rest (site title, navigation, footer, policy) is the same everywhere. */
export type FrameOptions = Omit<PageFrame, 'siteTitle' | 'nav' | 'footer' | 'description' | 'csp' | 'dataDate' | 'published'> & {
  section: string;
  /** The meta description (default: what the whole site offers). */
  description?: string;
  /** The year whose data the page shows, for the footer's 数据截至 (default: the latest year): a 2021 report's data end in 2021. */
  dataYear?: number;
};

/** `2026-03-01` → `2026年3月1日`. */
export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`日期应写作 YYYY-MM-DD：${iso}`);
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

export function pageFrame(plan: Plan, links: SiteLinks, opts: FrameOptions): PageFrame {
  const { section, description, dataYear, ...rest } = opts;
  const issuer = plan.issuers[plan.issuers.length - 1];
  return {
    ...rest,
    siteTitle: `${plan.shortTitle}实施评估`,
    nav: siteNav(links, section),
    footer: `${issuer} · 依据《${plan.title}》（${plan.period.start}—${plan.period.end}年）编制的年度评估和总结评估。数据来自各科室填报，按《填报数据规范》校验。`,
    description: description ?? `${issuer}发布的《${plan.title}》（${plan.period.start}—${plan.period.end}年）实施评估：主要指标逐年的完成情况、各镇街的对照、评估报告和全部数据。`,
    csp: publishedCsp(),
    dataDate: `数据截至${dataYear ?? links.latestYear}年12月31日`,
    published: links.published ? { iso: links.published, text: chineseDate(links.published) } : undefined,
  };
}

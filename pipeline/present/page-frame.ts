/**
 * The site's navigation and page frame, shared by the reports and the site pages. Every
 * link is relative to the site root: the layout puts `PageFrame.root` (`../../`, or
 * nothing at the root) in front, so the site works under any sub-path and from disk.
 */
import type { Plan } from '../plan/plan.ts';
import type { NavItem, PageFrame } from './render.ts';

export interface SiteLinks {
  /** Latest report year (kept for callers that link the newest report themselves). */
  latestYear: number;
}

/** The site's sections: top navigation label and the page it opens, in menu order. */
export const SITE_SECTIONS = [
  { label: '首页', href: 'index.html' },
  { label: '主要指标', href: 'indicators/index.html' },
  { label: '镇街', href: 'towns/index.html' },
  { label: '年度评估报告', href: 'reports/index.html' },
  { label: '数据下载', href: 'data/index.html' },
  { label: '方法与数据质量', href: 'method.html' },
  { label: '搜索', href: 'search.html' },
  { label: 'SQL 查询', href: 'sql.html' },
] as const;

export type SiteSection = (typeof SITE_SECTIONS)[number]['label'];

/** Top navigation, with `current` marking the section the page belongs to. */
export function siteNav(_links: SiteLinks, current: string): NavItem[] {
  return SITE_SECTIONS.map((s) => ({ label: s.label, href: s.href, current: s.label === current }));
}

export function pageFrame(plan: Plan, links: SiteLinks, opts: Omit<PageFrame, 'siteTitle' | 'nav' | 'footer'> & { section: string }): PageFrame {
  const { section, ...rest } = opts;
  return {
    ...rest,
    siteTitle: `${plan.shortTitle}实施评估`,
    nav: siteNav(links, section),
    footer: `${plan.issuers[plan.issuers.length - 1]} · 依据《${plan.title}》（${plan.period.start}—${plan.period.end}年）编制的年度实施评估。数据来自各科室填报，按《填报数据规范》校验。`,
  };
}

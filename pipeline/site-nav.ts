/** The site's navigation and page frame, shared by the reports and the site pages. */
import type { Plan } from './plan.ts';
import type { NavItem, PageFrame } from './render.ts';

export interface SiteLinks {
  /** Latest report year, for the 报告 link. */
  latestYear: number;
}

/** Top navigation, with `current` marking the section the page belongs to. */
export function siteNav(links: SiteLinks, current: string): NavItem[] {
  const items: NavItem[] = [{ label: '年度评估报告', href: `reports/${links.latestYear}/index.html` }];
  return items.map((i) => ({ ...i, current: i.label === current }));
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

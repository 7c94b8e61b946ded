/**
 * What the data page says about publishing (`data/text/publication.json`, editable by the
 * office like the recommendation text): the terms of use and whom to contact; and, where the
 * portal puts scripts of its own into every page (visit statistics, an accessibility toolbar),
 * the sites they come from, which the pages' Content-Security-Policy then allows
 * (`scriptSources`: without it the meta policy of every page blocks them, and a web team could
 * only edit 177 files: the site review). The publisher is the plan's issuing office; the dates
 * come from the data and the build.
 */
import { readFileSync, statSync } from 'node:fs';
import { projectPath } from '../basics/paths.ts';
import { ConfigError } from '../basics/errors.ts';

export const DEFAULT_PUBLICATION_FILE = projectPath('data', 'text', 'publication.json');

export interface Publication {
  /** Terms of use of the data and reports. */
  licence: string;
  /** Whom to contact with questions or corrections. */
  contact: string;
  /** Origins (`https://tongji.example.gov.cn`) whose scripts the portal puts into the pages; none by default. */
  scriptSources: string[];
}

/** An origin, nothing more: scheme https, a host, perhaps a port (no path, no wildcard, nothing a policy would read as more). */
const ORIGIN = /^https:\/\/[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?$/i;

function normalizeSources(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ConfigError(`${where} 应为网址的列表，如 ["https://tongji.example.gov.cn"]`);
  return value.map((v, i) => {
    const s = typeof v === 'string' ? v.trim().replace(/\/$/, '') : '';
    if (!ORIGIN.test(s)) throw new ConfigError(`${where} 第 ${i + 1} 项“${String(v)}”不是 https 网站地址（只写 https://主机名，可带端口，不带路径）`);
    return s.toLowerCase();
  });
}

function normalizeText(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ConfigError(`${where} 应为非空的文字`);
  return value.trim();
}

export function normalizePublication(spec: unknown, where = 'publication.json'): Publication {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new ConfigError(`${where} 应为 JSON 对象`);
  const o = spec as Record<string, unknown>;
  return {
    licence: normalizeText(o.licence, `${where} licence`),
    contact: normalizeText(o.contact, `${where} contact`),
    scriptSources: normalizeSources(o.scriptSources, `${where} scriptSources`),
  };
}

/** The file read last, by its size and time: every page asks for the policy. */
let last: { key: string; publication: Publication } | null = null;

export function loadPublication(file = DEFAULT_PUBLICATION_FILE): Publication {
  let key = file;
  try {
    const st = statSync(file);
    key = `${file}|${st.size}|${st.mtimeMs}`;
  } catch {
    // read below, which says why it cannot be
  }
  if (last?.key === key) return last.publication;
  let spec: unknown;
  try {
    spec = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`无法读取 ${file}：${(e as Error).message}`);
  }
  const publication = normalizePublication(spec, file);
  last = { key, publication };
  return publication;
}

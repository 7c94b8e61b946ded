/**
 * What the data page says about publishing (`data/text/publication.json`, editable by the
 * office like the recommendation text): the terms of use and whom to contact. The
 * publisher is the plan's issuing office; the dates come from the data and the build.
 */
import { readFileSync } from 'node:fs';
import { projectPath } from '../basics/paths.ts';
import { ConfigError } from '../basics/errors.ts';

export const DEFAULT_PUBLICATION_FILE = projectPath('data', 'text', 'publication.json');

export interface Publication {
  /** Terms of use of the data and reports. */
  licence: string;
  /** Whom to contact with questions or corrections. */
  contact: string;
}

function normalizeText(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ConfigError(`${where} 应为非空的文字`);
  return value.trim();
}

export function normalizePublication(spec: unknown, where = 'publication.json'): Publication {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new ConfigError(`${where} 应为 JSON 对象`);
  const o = spec as Record<string, unknown>;
  return { licence: normalizeText(o.licence, `${where} licence`), contact: normalizeText(o.contact, `${where} contact`) };
}

export function loadPublication(file = DEFAULT_PUBLICATION_FILE): Publication {
  let spec: unknown;
  try {
    spec = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`无法读取 ${file}：${(e as Error).message}`);
  }
  return normalizePublication(spec, file);
}

/** The district and its towns/streets (镇街): codes, names, aliases, lookup by any spelling. */
import { readFileSync } from 'node:fs';
import { parseCsv } from '../basics/csv.ts';
import { ConfigError } from '../basics/errors.ts';
import { nameKey } from '../basics/text.ts';
import { projectPath } from '../basics/paths.ts';

export type PlaceType = '区' | '街道' | '镇';

export interface Place {
  /** Stable ASCII code used in URLs and file names. */
  code: string;
  name: string;
  type: PlaceType;
  parentCode: string | null;
  aliases: string[];
  /** Official statistical division code, when the office supplies it. */
  statCode: string | null;
  /** Position in the official order (district 0, then towns 1…). */
  order: number;
}

export interface Geography {
  district: Place;
  /** Towns and streets in official order. */
  towns: Place[];
  byCode: Map<string, Place>;
  /** Resolve a town as written in a workbook (canonical, alias, with 北京市大兴区/大兴区 prefix). */
  resolveTown(raw: string): Place | undefined;
}

export const DEFAULT_GEOGRAPHY_FILE = projectPath('data', 'reference', 'geography.csv');

const CODE = /^[a-z][a-z0-9-]*$/;
const TYPES: readonly PlaceType[] = ['区', '街道', '镇'];

export function loadGeography(file: string = DEFAULT_GEOGRAPHY_FILE): Geography {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`无法读取地理编码文件 ${file}：${(e as Error).message}`);
  }
  return parseGeography(text, file);
}

export function parseGeography(text: string, where: string): Geography {
  let rows;
  try {
    rows = parseCsv(text, where);
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  for (const col of ['code', 'name', 'type', 'parent', 'aliases']) {
    if (rows.length && !(col in rows[0]!)) throw new ConfigError(`${where}：缺少列 ${col}`);
  }
  const places: Place[] = [];
  const byCode = new Map<string, Place>();
  const byKey = new Map<string, Place>();
  rows.forEach((r, i) => {
    const line = i + 2;
    const at = `${where} 第 ${line} 行`;
    const code = r.code!.trim();
    if (!CODE.test(code)) throw new ConfigError(`${at}：编码“${code}”须为小写 ASCII 字母、数字或连字符`);
    if (byCode.has(code)) throw new ConfigError(`${at}：编码“${code}”重复`);
    const type = r.type!.trim() as PlaceType;
    if (!TYPES.includes(type)) throw new ConfigError(`${at}：类型“${r.type}”不是 区/街道/镇 之一`);
    const name = r.name!.trim();
    if (!name) throw new ConfigError(`${at}：名称为空`);
    const place: Place = {
      code,
      name,
      type,
      parentCode: r.parent!.trim() || null,
      aliases: r.aliases!.split(';').map((a) => a.trim()).filter(Boolean),
      statCode: (r.stat_code ?? '').trim() || null,
      order: i,
    };
    for (const spelling of [place.name, ...place.aliases]) {
      const k = nameKey(spelling);
      const other = byKey.get(k);
      if (other && other !== place) throw new ConfigError(`${at}：名称或别名“${spelling}”与 ${other.name} 重复`);
      byKey.set(k, place);
    }
    places.push(place);
    byCode.set(code, place);
  });
  const districts = places.filter((p) => p.type === '区');
  if (districts.length !== 1) throw new ConfigError(`${where}：应有且仅有一个“区”，实有 ${districts.length} 个`);
  const district = districts[0]!;
  const towns = places.filter((p) => p.type !== '区');
  for (const t of towns) {
    if (t.parentCode !== district.code) {
      throw new ConfigError(`${where}：${t.name} 的上级“${t.parentCode ?? ''}”不是 ${district.code}`);
    }
  }
  if (towns.length === 0) throw new ConfigError(`${where}：没有镇街`);
  return indexPlaces(places);
}

/**
 * The geography of places already checked by `parseGeography`, in file order: what a reading
 * worker rebuilds from the plain places it is sent (a geography's lookup is a function,
 * which a thread cannot be sent).
 */
export function indexPlaces(places: readonly Place[]): Geography {
  const district = places.find((p) => p.type === '区')!;
  const towns = places.filter((p) => p.type !== '区');
  const byCode = new Map(places.map((p) => [p.code, p]));
  const prefixes = [...new Set([district.name, ...district.aliases])].sort((a, b) => b.length - a.length).map(nameKey);
  const townKeys = new Map<string, Place>();
  for (const p of towns) for (const spelling of [p.name, ...p.aliases]) townKeys.set(nameKey(spelling), p);
  return {
    district,
    towns,
    byCode,
    resolveTown(raw: string) {
      let k = nameKey(raw);
      const direct = townKeys.get(k);
      if (direct) return direct;
      for (const prefix of prefixes) {
        if (k.startsWith(prefix) && k.length > prefix.length) {
          k = k.slice(prefix.length);
          return townKeys.get(k);
        }
      }
      return undefined;
    },
  };
}

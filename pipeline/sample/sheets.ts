/**
 * One reporting year of the sample world as sheet rows: for every contract sheet the rows a
 * department would submit, keyed by the contract's column names (values still typed:
 * numbers, booleans, canonical town names). Layout quirks are added later, when writing.
 */
import { SHEET_BY_NAME, type SheetSpec } from '../plan/contract.ts';
import {
  CHARITABLE_TRUSTS, DISTRICT, DISTRICT_PSYCH_CENTRE, MARRIAGE_REGISTRIES, RELIEF_FACILITIES, STORY_YEARS, WELFARE_INSTITUTIONS, at,
} from './story.ts';
import { existing, listed } from './communities.ts';
import type { World } from './world.ts';

/** A formula cell; without `result` it has no cached value (a defect). */
export interface FormulaCell {
  formula: string;
  result?: number;
}
export type Cell = string | number | boolean | null | FormulaCell;

export interface Row {
  v: Record<string, Cell>;
  /** Text for an extra 备注 column. */
  remark?: string;
}

export interface SheetRows {
  sheet: SheetSpec;
  /** Which workbook of the department: '' for the main one, else a file-name infix (`驿站`). */
  part: string;
  rows: Row[];
  /** Closing note (`注：…`) written under the table. */
  note?: string;
}

const sheet = (name: string): SheetSpec => {
  const s = SHEET_BY_NAME.get(name);
  if (!s) throw new Error(`合同中没有工作表“${name}”`);
  return s;
};

export function yearSheets(world: World, year: number): SheetRows[] {
  const yi = year - STORY_YEARS[0];
  const tv = (t: { index: number }) => world.townYears[t.index]![yi]!;
  const towns = world.towns;
  const out: SheetRows[] = [];
  const add = (name: string, rows: Row[], extra: Partial<SheetRows> = {}) => out.push({ sheet: sheet(name), part: '', rows, ...extra });
  const perTown = (name: string, f: (t: (typeof towns)[number]) => Record<string, Cell>, note?: string) =>
    add(name, towns.map((t) => ({ v: { 镇街: t.name, ...f(t) } })), note ? { note } : {});

  perTown('人口基础数据', (t) => ({
    常住人口: tv(t).residents, 户籍人口: tv(t).registered, '60岁及以上常住人口': tv(t).elderly, 户籍儿童人口: tv(t).children,
  }), '注：常住人口、户籍人口为年末数，来源于区统计局人口变动抽样调查推算。');
  add('区级统计指标', [
    { v: { 指标名称: '居民人均消费支出', 数值: at(DISTRICT.consumption, year), 单位: '元/年' } },
    { v: { 指标名称: '社会散居孤儿供养标准', 数值: at(DISTRICT.orphanAllowance, year), 单位: '元/人·月' } },
  ]);
  perTown('特困人员供养', (t) => ({ 特困人员总数: tv(t).poor, 有集中供养需求人数: tv(t).needing, 已集中供养人数: tv(t).cared }),
    '注：已集中供养人数含在区社会福利中心和镇敬老院集中供养的特困人员。');
  add('救助床位', RELIEF_FACILITIES.filter((f) => f.status[yi]).map((f) => ({
    v: { 机构名称: f.name, 所在镇街: f.town, 床位类型: f.type, 床位数: f.beds[yi]!, 运营状态: f.status[yi]! },
    ...(f.status[yi] === '在建' ? { remark: '在建，床位数为设计床位' } : {}),
  })));
  const care = world.care.filter((f) => f.status[yi]);
  const careRow = (f: (typeof care)[number]): Row => ({
    v: { 设施名称: f.name, 所在镇街: f.town.name, 设施类型: f.type, 床位数: f.beds[yi]!, 运营状态: f.status[yi]! },
    ...(f.status[yi] === '在建' ? { remark: '在建' } : f.status[yi] === '停用' ? { remark: '暂停运营' } : {}),
  });
  const note = '注：床位数为核定床位数，在建设施填写设计床位。';
  add('养老服务设施', care.filter((f) => f.type !== '养老服务驿站').map(careRow), { note });
  add('养老服务设施', care.filter((f) => f.type === '养老服务驿站').sort(byTown(world)).map(careRow), { part: '驿站', note });
  perTown('居家养老', (t) => ({ 家庭照护床位数: tv(t).familyBeds, 养老护理员人数: tv(t).carers }), '注：家庭照护床位数为经评估验收、纳入管理的床位。');
  add('福利机构', WELFARE_INSTITUTIONS.filter((f) => f.status[yi]).map((f) => ({
    v: { 机构名称: f.name, 所在镇街: f.town, 机构类型: f.type, 级别: f.level, 床位数: f.beds[yi]!, 运营状态: f.status[yi]! },
    ...(f.status[yi] === '在建' ? { remark: '在建，床位数为设计床位' } : {}),
  })));
  perTown('精神障碍社区康复', (t) => ({ 是否开展: tv(t).rehab }));
  add('社区村名录', world.communities.filter((c) => listed(c, yi)).sort(communityOrder).map((c) => {
    const live = existing(c, yi);
    return {
      v: {
        镇街: c.town.name, 社区村名称: c.name, 类型: c.kind, 状态: live ? '存续' : '撤销', 撤销年份: live ? null : c.revoked,
        选举方式: c.kind === '社区' ? c.election[yi]! : null, 社区工作者人数: live ? c.workers[yi]! : null,
        其中本社区居住人数: live ? c.local[yi]! : null, 书记工作室示范点: live && c.studio[yi]!, 楼门院治理示范点数: live ? c.governance[yi]! : null,
      },
      ...(!live ? { remark: `${c.revoked}年撤村建居` } : c.born === year && year > STORY_YEARS[0] ? { remark: `${year}年新设` } : {}),
    };
  }), { note: '注：已撤销的村保留在名录中，填写撤销年份。' });
  perTown('社会组织', (t) => ({ 社区社会组织数量: tv(t).orgs, 街镇级社会组织联合会: tv(t).federation }), '注：社区社会组织数量含登记和备案数。');
  add('社会工作服务机构', world.agencies.filter((a) => a.status[yi]).sort(byTown(world)).map((a) => ({
    v: { 机构名称: a.name, 所在镇街: a.town.name, 状态: a.status[yi]! },
    ...(a.status[yi] === '注销' ? { remark: `${year}年注销` } : {}),
  })));
  perTown('社会工作人才', (t) => ({ 社会工作专业人才数: tv(t).professionals, 其中持证人数: tv(t).certified }), '注：持证人数指取得助理社会工作师及以上职业水平证书的人数。');
  perTown('志愿服务', (t) => ({ 实名注册志愿者人数: tv(t).volunteers }), '注：数据来源于“志愿北京”平台。');
  const live = world.communities.filter((c) => existing(c, yi)).sort(communityOrder);
  add('志愿服务站点', live.flatMap((c) => {
    const rows: Row[] = [];
    if (c.volunteer[yi]! >= 1) rows.push({ v: { 站点名称: `${c.name}志愿服务站`, 镇街: c.town.name, 社区村名称: c.name } });
    if (c.volunteer[yi]! >= 2) rows.push({ v: { 站点名称: `${c.name}新时代文明实践志愿服务站`, 镇街: c.town.name, 社区村名称: c.name } });
    return rows;
  }));
  add('婚姻登记机关', MARRIAGE_REGISTRIES.filter((r) => r.grade[yi]).map((r) => ({ v: { 机关名称: r.name, 等级: r.grade[yi]! } })));
  perTown('殡葬安葬', (t) => ({ 安葬总数: tv(t).burials, 节地生态安葬数: tv(t).eco }), '注：节地生态安葬包括树葬、花坛葬、草坪葬、骨灰海撒等。');
  add('公益性公墓覆盖', towns.filter((t) => t.type === '镇').map((t) => ({ v: { 镇: t.name, 是否覆盖: tv(t).cemetery! } })));
  add('慈善信托', CHARITABLE_TRUSTS.filter((t) => t.filed <= year).map((t) => ({
    v: { 信托名称: t.name, 备案年份: t.filed, 财产规模: t.assets, 状态: t.ends !== null && t.ends <= year ? '终止' : '存续' },
  })));
  const charity = live.filter((c) => c.charity[yi]).map((c) => ({ v: { 站点名称: `${c.name}慈善服务站`, 镇街: c.town.name, 社区村名称: c.name } }));
  add('慈善服务站点', charity, charity.length === 0 ? { note: '注：本年度尚未建设基层慈善服务站点。' } : {});
  const psych: Row[] = [{ v: { 名称: DISTRICT_PSYCH_CENTRE.name, 级别: '区级', 镇街: DISTRICT_PSYCH_CENTRE.town, 社区村名称: null, 运营状态: '运营' } }];
  for (const t of towns) {
    const s = tv(t).psychCentre;
    if (s) psych.push({ v: { 名称: `${t.name}社会心理服务中心`, 级别: '镇街级', 镇街: t.name, 社区村名称: null, 运营状态: s } });
  }
  for (const c of world.communities.filter((c) => listed(c, yi) && c.psych[yi]).sort(communityOrder)) {
    psych.push({ v: { 名称: `${c.town.name}${c.name}社会心理服务站`, 级别: '社区村级', 镇街: c.town.name, 社区村名称: c.name, 运营状态: c.psych[yi]! } });
  }
  add('社会心理服务站点', psych);
  add('政务服务事项', world.services.filter((s) => s.from <= yi).map((s) => ({ v: { 事项编码: s.code, 事项名称: s.name, 是否网上可办: s.online[yi]! } })));
  add('重点任务台账', world.tasks.filter((t) => t.pct[yi] !== null).map((t) => ({
    v: {
      任务编号: t.id, 任务名称: t.name, 规划章节: t.section, 牵头单位: t.lead, 目标要求: t.goal, 完成时限: t.deadline,
      进展状态: t.status[yi]!, 完成进度: t.pct[yi]!, 进展说明: t.note[yi]!,
    },
  })));
  return out;
}

function byTown(world: World) {
  const order = new Map(world.towns.map((t) => [t.name, t.index]));
  return (a: { town: { name: string } }, b: { town: { name: string } }) => order.get(a.town.name)! - order.get(b.town.name)!;
}

function communityOrder(a: { town: { index: number }; kind: string; revoked: number | null; id: number }, b: typeof a): number {
  return a.town.index - b.town.index || (a.kind === b.kind ? 0 : a.kind === '社区' ? -1 : 1) || (a.revoked ?? 0) - (b.revoked ?? 0) || a.id - b.id;
}

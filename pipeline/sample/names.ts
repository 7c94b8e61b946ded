/**
 * Plausible Chinese names for the sample world: communities (社区), villages (村),
 * elderly-care facilities, social-work agencies, charitable trusts. Built from syllable
 * lists in the style of Daxing's real place names; uniqueness is the caller's job
 * (`UniqueNames`).
 */
import type { Rng } from './rng.ts';

const COMMUNITY_WORDS = [
  '兴华', '枣园', '康庄', '清城', '永华', '三合', '林校', '富强', '车站', '兴政', '滨河', '金华', '双河', '德茂',
  '团河', '宏大', '明悦', '海子角', '郁花园', '绿地', '首创', '金地', '天恒', '兴丰', '翠林', '怡兰', '康泰', '瑞和',
  '悦城', '泰中', '观音寺', '高米店', '兴业', '育才', '兴盛', '清澄', '佳和', '丽园', '福苑', '博兴', '荣华', '亦城',
  '旧宫', '德润', '兴涛', '芦城', '黄村', '新凤河', '碧桂', '天宫', '星光', '康盛', '荟城', '润园', '宜居', '盛悦',
  '合顺', '鹿海', '景园', '晨光', '和义', '东方', '万科', '长丰', '永兴', '庆丰', '金星', '香海', '兴旺', '春和',
];
const COMMUNITY_SUFFIXES = [
  '', '', '', '东里', '西里', '南里', '北里', '中里', '一里', '二里', '花园', '家园', '嘉园', '北区', '南区', '园', '苑', '新村', '小区',
];
const NEW_COMMUNITY_WORDS = [
  '悦府', '熙园', '和府', '锦园', '云著', '璟园', '瑞府', '星苑', '御园', '宸园', '景苑', '融园', '安园', '嘉悦', '兴悦', '泰和',
];
const VILLAGE_DIRS = ['东', '西', '南', '北', '前', '后', '大', '小', '上', '中', '新', '老'];
const VILLAGE_CORES = [
  '芦城', '辛庄', '黄垡', '马坊', '留民营', '赵庄', '鲍家铺', '王场', '解家务', '沙窝', '石垡', '佟营', '潘铁营', '梨园',
  '寺上', '安场', '马各庄', '孙', '韩营', '白塔', '朱家务', '研垡', '南各庄', '北研', '求贤', '枣林', '念坛', '东田阳',
  '太子务', '半壁店', '高庄', '定福庄', '垡上', '北藏', '查家马坊', '西胡林', '凤河营', '南蒲州营', '大营', '小营',
];
const SURNAMES = '张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石贾夏付方白邹孟秦江尹薛闫段雷侯史陶贺顾毛郝邵万钱严武戴孔'.split('');
const VILLAGE_PLACES = ['家务', '各庄', '庄', '营', '屯', '家场', '家铺', '垡', '辛庄', '家营', '堡', '店'];

/** A name generator that never hands out the same name twice within one scope. */
export class UniqueNames {
  private readonly used = new Set<string>();
  /** Try `make` until it yields an unused name; fall back to a numbered variant. */
  take(make: () => string, fallback: (n: number) => string): string {
    for (let i = 0; i < 40; i++) {
      const name = make();
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
    for (let n = 2; ; n++) {
      const name = fallback(n);
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }
  has(name: string): boolean {
    return this.used.has(name);
  }
  add(name: string): void {
    this.used.add(name);
  }
}

const CHINESE_ORDINALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
export function ordinalZh(n: number): string {
  if (n <= 10) return CHINESE_ORDINALS[n]!;
  if (n < 20) return `十${CHINESE_ORDINALS[n - 10]}`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${CHINESE_ORDINALS[tens]}十${ones ? CHINESE_ORDINALS[ones] : ''}`;
}

export function communityName(rng: Rng): string {
  return `${rng.pick(COMMUNITY_WORDS)}${rng.pick(COMMUNITY_SUFFIXES)}社区`;
}

/** A community founded during the plan period (new housing estates, 撤村建居). */
export function newCommunityName(rng: Rng): string {
  return `${rng.pick(COMMUNITY_WORDS)}${rng.pick(NEW_COMMUNITY_WORDS)}社区`;
}

export function villageName(rng: Rng): string {
  const r = rng.next();
  if (r < 0.45) return `${rng.pick(VILLAGE_DIRS)}${rng.pick(VILLAGE_CORES)}村`;
  if (r < 0.9) return `${rng.pick(SURNAMES)}${rng.pick(VILLAGE_PLACES)}村`;
  return `${rng.pick(VILLAGE_DIRS)}${rng.pick(SURNAMES)}${rng.pick(VILLAGE_PLACES)}村`;
}

const FIRM_WORDS = [
  '仁和', '康乐', '福寿', '颐和', '寿康', '安心', '金秋', '夕阳红', '和美', '长青', '爱晚', '悦年', '乐享', '福海', '恒泰',
  '万福', '松鹤', '德善', '慈爱', '圆梦', '同心', '温馨', '晨曦', '常青藤', '瑞康', '泰康', '怡养', '健寿', '乐龄', '嘉禾',
];
const INSTITUTION_KINDS = ['养老院', '老年公寓', '颐养中心', '护养院', '康养中心', '养老照护中心', '敬老院'];

/** A private or public elderly-care institution (养老机构). */
export function institutionName(rng: Rng, townShort: string): string {
  const kind = rng.pick(INSTITUTION_KINDS.slice(0, 6));
  const r = rng.next();
  if (r < 0.4) return `北京市大兴区${rng.pick(FIRM_WORDS)}${kind}`;
  if (r < 0.75) return `北京${rng.pick(FIRM_WORDS)}${kind}`;
  return `大兴区${townShort}${rng.pick(FIRM_WORDS)}${kind}`;
}

const SW_WORDS_A = ['同心', '众合', '阳光', '启航', '和谐', '暖心', '益友', '博爱', '立德', '协力', '心桥', '乐群', '善行', '惠民', '助邻', '青禾', '知行', '汇爱', '恒善', '鸿雁'];
const SW_WORDS_B = ['', '', '友邻', '家园', '公益', '睦邻', '为民', '守望', '成长', '共享'];
const SW_KINDS = ['社会工作事务所', '社会工作服务中心', '社工服务中心', '社会工作发展中心'];

export function socialWorkAgencyName(rng: Rng, townShort: string): string {
  const word = `${rng.pick(SW_WORDS_A)}${rng.pick(SW_WORDS_B)}`;
  const kind = rng.pick(SW_KINDS);
  const r = rng.next();
  if (r < 0.45) return `北京市大兴区${word}${kind}`;
  if (r < 0.7) return `北京${word}${kind}`;
  return `北京市大兴区${townShort}${word}${kind}`;
}

/** The short form of a town name used inside facility names: 黄村镇 → 黄村, 兴丰街道 → 兴丰. */
export function townShort(name: string): string {
  return name.replace(/(街道|地区|镇)$/, '');
}

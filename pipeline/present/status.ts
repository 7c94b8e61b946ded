/** How a status looks: its colours (WCAG AA text on each fill) and the badge that shows it. */
import type { Status } from '../evaluate/evaluate.ts';

export interface StatusColor {
  /** Background (fill) colour. */
  bg: string;
  /** Text colour on `bg`, with WCAG AA contrast (≥ 4.5 : 1). */
  fg: string;
}

const WHITE = '#FFFFFF';
const BLACK = '#000000';

/** Colour of every status label, for tables, charts and legends (diverging green → red, grey for missing). */
export const STATUS_COLORS: Readonly<Record<Status, StatusColor>> = {
  已完成: { bg: '#1B7837', fg: WHITE },
  快于时序进度: { bg: '#5AAE61', fg: BLACK },
  基本符合进度: { bg: '#A6DBA0', fg: BLACK },
  滞后: { bg: '#FDB863', fg: BLACK },
  明显滞后: { bg: '#E66101', fg: BLACK },
  逆向变化: { bg: '#B2182B', fg: WHITE },
  未保持: { bg: '#762A83', fg: WHITE },
  无法评估: { bg: '#BDBDBD', fg: BLACK },
  达到全区目标水平: { bg: '#1B7837', fg: WHITE },
  未达到全区目标水平: { bg: '#E66101', fg: BLACK },
};

export interface StatusBadge {
  text: string;
  fg: string;
  bg: string;
}

export function badge(status: Status | null): StatusBadge | null {
  if (status === null) return null;
  const c = STATUS_COLORS[status];
  return { text: status, fg: c.fg, bg: c.bg };
}

/**
 * Where the office's own passages (data/text/passages/) enter a report: a section key (a
 * plan chapter id such as `p3-1-2`, or a named part such as `overview`, `problems`,
 * `lessons`, `next-plan`) gives the blocks to place beside the generated text.
 */
import type { Block } from './document.ts';

export type PassageSource = (sectionKey: string) => Block[];

/** No passages: the generated text stands alone. */
export const noPassages: PassageSource = () => [];

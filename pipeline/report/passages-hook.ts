/**
 * Where the office's own passages (data/text/passages/, present/passages.ts) enter a
 * report: a section key of present/passage-sections.ts (`overview`, `tasks/p3-1-2`,
 * `achievements/p3-1`, `problems`, `recommendations`, `lessons`, `next-plan`…) gives the
 * blocks to place beside the generated text.
 */
import type { RenderedPassages } from '../present/passages.ts';
import type { Block } from './document.ts';

export type PassageSource = (sectionKey: string) => Block[];

/** No passages: the generated text stands alone. */
export const noPassages: PassageSource = () => [];

/** One year's rendered passages as blocks, by section key. */
export function passageSource(rendered: RenderedPassages): PassageSource {
  return (key) => {
    const p = rendered.bySection.get(key);
    return p ? [{ passage: { html: p.html, text: p.text } }] : [];
  };
}

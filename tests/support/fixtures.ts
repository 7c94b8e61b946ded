/**
 * The fixtures made once per run by global-setup.ts, for test files to read (never to
 * change: a test that edits inputs or outputs copies them first, with `copyOf`).
 */
import { join } from 'node:path';
import { inject } from 'vitest';
import type { ReportDocument, YearReports } from '../../pipeline/present/report-documents.ts';

export interface SharedFixtures {
  root: string;
  /** The seed-1 sample, 2020–2025. */
  sampleFull: string;
  /** The seed-1 sample, 2020–2021. */
  sampleSmall: string;
  /** `planeval build --input sampleSmall` with PDFs: warehouse.duckdb, data/, site/, pdf/. */
  smallOut: string;
  /** The report stage's documents of that build (towns as entries, to cross processes). */
  documents: { year: number; district: ReportDocument; towns: [string, ReportDocument][] }[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    fixtures: SharedFixtures;
  }
}

export function fixtures(): SharedFixtures {
  return inject('fixtures');
}

/** The built small site, read-only. */
export function smallBuild(): { input: string; out: string; siteDir: string; documents: YearReports[] } {
  const f = fixtures();
  return {
    input: f.sampleSmall,
    out: f.smallOut,
    siteDir: join(f.smallOut, 'site'),
    documents: f.documents.map((d) => ({ ...d, towns: new Map(d.towns) })),
  };
}

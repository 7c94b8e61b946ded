/**
 * The memory DuckDB may use, and what a build says when a statement needs more. Kept apart
 * from warehouse.ts so that the command line can name the limit without loading DuckDB.
 */

/**
 * DuckDB's memory limit when PLANEVAL_DUCKDB_MEMORY does not name one. Beyond it, DuckDB
 * spills to a folder beside the database file. Its own default (80 % of the machine's
 * memory) let the lineage of a 100× input take over 4 GB. At 1 GB the 100× data stages
 * peaked at 1,620–1,843 MiB (sorting the lineage into lineage.parquet; DuckDB's allocator
 * keeps more than the limit it is given); at 512 MB at 1,127–1,146 MiB, in the same time
 * (three interleaved pairs: 42.9/44.1/41.3 s against 43.1/40.1/48.8 s), later at
 * 977–1,118 MiB, still that export; at 384 MB at 924–965 MiB (three interleaved pairs against
 * 512 MB: 927/965/924 against 1,007/1,118/977 MiB; 50.5/50.6/47.9 s against 53.4/44.3/52.7 s,
 * the data files 14.6/10.1/12.1 s against 18.2/10.0/10.4 s: no cost the machine's noise
 * shows). The reading stage (≈ 850–930 MiB, Node's) is then as high. A sample-sized build
 * uses a small part of either. (Since the lineage is sorted as its table is made and exported
 * as it is, the 100× data stages peaked at 871–891 MiB, three runs.)
 */
export const DEFAULT_DUCKDB_MEMORY = '384MB';

/** The limit: PLANEVAL_DUCKDB_MEMORY when it names a size (`2GB`, `768MB`), else the default. */
export function duckdbMemoryLimit(): string {
  const asked = process.env.PLANEVAL_DUCKDB_MEMORY?.trim();
  return asked && /^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i.test(asked) ? asked : DEFAULT_DUCKDB_MEMORY;
}

/**
 * What to do when DuckDB ran out of memory: its message (English) says so — a query's as an
 * "Out of Memory Error", the appender's as "Failed to append: could not allocate block" or
 * "failed to pin block" —, the office reads Chinese and needs the setting's name. Undefined
 * for any other error.
 */
export function outOfMemoryAdvice(message: string, command = 'build'): string | undefined {
  if (!/Out of Memory Error|could not allocate block|failed to allocate data|failed to pin block/i.test(message)) return undefined;
  return `DuckDB 可用的内存（当前上限 ${duckdbMemoryLimit()}）不够这一步计算：可用环境变量 PLANEVAL_DUCKDB_MEMORY 调高后重新运行，如 PLANEVAL_DUCKDB_MEMORY=2GB npx planeval ${command} …`;
}

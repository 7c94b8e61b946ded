/**
 * A workbook's outcome as bytes (V8's serialization): what a reading worker hands to the
 * build's thread and what the outcome cache keeps, the same bytes for both. The worker
 * serializes an outcome once; posting the outcome object itself had serialized it a second
 * time (the structured clone of postMessage), ≈ 0.5 s of each worker's 100× reading.
 */
import { deserialize, serialize } from 'node:v8';
import type { WorkbookOutcome } from './read-workbook.ts';
import { ownArrays } from './row-batch.ts';

/** The outcome as bytes, in a buffer of their own (which can be moved to another thread). */
export function outcomeBytes(outcome: WorkbookOutcome): Uint8Array {
  const bytes = serialize(outcome);
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
}

/**
 * The outcome `bytes` hold, or undefined when they do not hold one. Its typed arrays are
 * copied out of `bytes`, which are then not kept alive by it.
 */
export function outcomeFromBytes(bytes: Uint8Array): WorkbookOutcome | undefined {
  let outcome: WorkbookOutcome;
  try {
    outcome = deserialize(bytes) as WorkbookOutcome;
  } catch {
    return undefined;
  }
  if (typeof outcome !== 'object' || outcome === null || typeof outcome.ok !== 'boolean') return undefined;
  if (!outcome.ok) return outcome;
  return { ...outcome, sheets: outcome.sheets.map((s) => ({ ...s, rows: ownArrays(s.rows, bytes.buffer) })) };
}

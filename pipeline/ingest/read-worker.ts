/**
 * A reading worker: reads and parses the workbooks it is sent, one at a time in the order sent, and posts each
 * outcome back as bytes (outcome-bytes.ts, the buffer moved, not copied), which it also keeps
 * for the next build where the task says (outcome-cache.ts). Started by read-pool.ts, bundled
 * into one script (readWorkerCode).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { indexPlaces, type Place } from '../plan/geography.ts';
import { readOneWorkbook, type WorkbookTask } from './read-workbook.ts';
import { outcomeBytes } from './outcome-bytes.ts';
import { keepOutcome, type KeepAt } from './outcome-cache.ts';

export interface WorkerData {
  /** The geography's places, in file order (`indexPlaces` makes the lookup anew). */
  places: Place[];
}

export interface TaskMessage {
  id: number;
  task: WorkbookTask;
  /** Where to keep the outcome for the next build (outcome-cache.ts), if anywhere. */
  keep?: KeepAt;
}

export interface OutcomeMessage {
  id: number;
  /** The outcome (outcome-bytes.ts). */
  bytes: Uint8Array;
  /** Whether the outcome was kept where the task said. */
  kept: boolean;
}

const port = parentPort!;
const geography = indexPlaces((workerData as WorkerData).places);

/** The workbooks are read one after another: the pool sends the next before this one is done (read-pool.ts: TASKS_PER_WORKER). */
let reading: Promise<void> = Promise.resolve();

port.on('message', (m: TaskMessage) => {
  reading = reading.then(async () => {
    const outcome = await readOneWorkbook(m.task, geography);
    const bytes = outcomeBytes(outcome);
    const kept = m.keep !== undefined && keepOutcome(m.task, m.keep, outcome, bytes);
    const message: OutcomeMessage = { id: m.id, bytes, kept };
    port.postMessage(message, [bytes.buffer as ArrayBuffer]);
  });
});

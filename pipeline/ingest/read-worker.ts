/**
 * A reading worker: reads and parses the workbooks it is sent, one at a time, and posts each
 * outcome back with its rows packed (their typed arrays moved, not copied). Started by
 * read-pool.ts, bundled into one script (readWorkerCode).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { indexPlaces, type Place } from '../plan/geography.ts';
import { outcomeTransferables, readOneWorkbook, type WorkbookTask } from './read-workbook.ts';

export interface WorkerData {
  /** The geography's places, in file order (`indexPlaces` makes the lookup anew). */
  places: Place[];
}

export interface TaskMessage {
  id: number;
  task: WorkbookTask;
}

const port = parentPort!;
const geography = indexPlaces((workerData as WorkerData).places);

port.on('message', (m: TaskMessage) => {
  void readOneWorkbook(m.task, geography).then((outcome) => port.postMessage({ id: m.id, outcome }, outcomeTransferables(outcome)));
});

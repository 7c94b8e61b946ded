/**
 * Node's own heap before a step whose memory comes on top of it: Chromium printing, and
 * DuckDB's largest statements in the data stages (build.ts). Rendering the reports leaves a
 * heap of several hundred MB, most of it garbage that V8 would collect, and give back to
 * the system, only seconds later: with the browser's memory on top, that was the build's
 * peak (Node ≈ 550 MB of a 1.24 GB process tree). Collected at once, Node prints beside the
 * browser in ≈ 320 MB.
 *
 * Asking V8 to favour memory over speed for the whole printing (`--optimize-for-size`) kept
 * Node at ≈ 250 MB but made its share of each print (reading and fixing the PDF) twice as
 * slow, the printing 10–20 % slower: not done.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collector: (() => void) | undefined;

/** V8's collector, reached the way test runners reach it (jest's leak detection): exposed to a fresh context only. */
function collect(): void {
  if (!collector) {
    setFlagsFromString('--expose-gc');
    collector = runInNewContext('gc') as () => void;
    setFlagsFromString('--no-expose-gc');
  }
  collector();
}

/**
 * Collect the garbage now and give the emptied memory back, before a long step that
 * allocates little. Twice: the first collection leaves the pages it emptied to be swept and
 * kept; the second sweeps them and returns them to the system (measured: after one, Node
 * stayed at ≈ 450 MB; after two, ≈ 310 MB).
 */
export function releaseHeap(): void {
  collect();
  collect();
}

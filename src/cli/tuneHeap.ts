import { setFlagsFromString } from 'node:v8';

/**
 * How much V8's old generation may grow past what the last full GC kept.
 * V8's default grows it by up to 4×; a troupe run keeps a small live set
 * (about 20 MB, flat in run length) while allocating fast, so by default the
 * heap balloons to ~90 MB, mostly garbage, before each full GC. Growing by
 * 40% keeps a 1M-event run's peak RSS 10–50 MB lower (the engine bench
 * measures both) at a cost in speed within the bench's noise: full GCs of a
 * small live set are cheap. Only the growth policy changes, not the heap's
 * size limit.
 */
const HEAP_GROWING_PERCENT = 40;

/**
 * Apply troupe's heap policy to this process. The commands that make one run
 * (run, fork, resume, replay) do, and so does the bench's engine child, to
 * measure runs as the CLI makes them. Commands that hold much data (monitor,
 * eval, sweep summaries) keep V8's default: with a large live set, full GCs
 * after every 40% of growth would cost more than the memory saved.
 * (`--heap-growing-percent` is read at every full GC, so setting it after
 * start-up takes effect.)
 */
export function tuneHeap(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

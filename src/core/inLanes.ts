/**
 * Work through `items` with `lanes` of them in flight, starting them in order.
 * The first `work` that throws stops the start of any more (as does `stop()`
 * returning true); every lane ends before this returns or throws, so no work
 * goes on behind a caller that has reported. Returns how many items were
 * started; rejects with the first error.
 *
 * @example const started = await inLanes(files, 4, async (file) => judge(file), () => breaker.stopped !== null)
 */
export async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T, index: number) => Promise<void>, stop?: () => boolean): Promise<number> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lane = async (): Promise<void> => {
    while (failure === null && !stop?.() && next < items.length) {
      const index = next++;
      try {
        await work(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, lane));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return next;
}

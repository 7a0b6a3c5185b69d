/**
 * Counts timers that are still scheduled, whoever made them, so a test can tell that a run
 * left none behind. Importing this file installs the count on the global setTimeout.
 */
const live = new Set<unknown>()
const g = globalThis as any
const realSet = g.setTimeout
const realClear = g.clearTimeout

g.setTimeout = (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const handle = realSet((...a: unknown[]) => {
    live.delete(handle)
    fn(...a)
  }, ms, ...args)
  live.add(handle)
  return handle
}
g.clearTimeout = (handle: unknown) => {
  live.delete(handle)
  realClear(handle)
}

/** Timers scheduled and not yet fired or cleared. */
export const liveTimers = () => live.size

/**
 * A container's own memory, kept per store: memos, counters it has seen, creations in flight. Gives the
 * Map of a store, made on first use and gone with the store (tests run many stores in one process).
 */
export function perStore<V>(): (store: object) => Map<string, V> {
  const maps = new WeakMap<object, Map<string, V>>()
  return (store) => {
    let m = maps.get(store)
    if (!m) { m = new Map(); maps.set(store, m) }
    return m
  }
}

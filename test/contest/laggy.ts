import type { AnyDoc, Collection, DocStore } from '../../cloudfunctions/_shared/ports'
import type { Deps } from '../../cloudfunctions/_shared/runtime'
import type { CloudFunction } from '../../cloudfunctions/_shared/runtime'

const lag = () => new Promise<void>((r) => setTimeout(r, Math.random() * 3))

/**
 * The real store, with a few milliseconds of random latency before every operation, as over a
 * network to CloudBase. The local store answers within one turn of the event loop, so requests
 * racing through the gateway barely interleave; with this, racing calls interleave between every
 * read and write, which is what the atomic primitives have to survive.
 */
export function laggyStore(store: DocStore): DocStore {
  return {
    get ops() { return store.ops },
    close: () => store.close(),
    runTransaction: async (fn) => { await lag(); return store.runTransaction(fn) },
    collection<T extends AnyDoc>(name: string): Collection<T> {
      const c = store.collection<T>(name)
      return new Proxy(c, {
        get(target, prop, recv) {
          const v = Reflect.get(target, prop, recv)
          if (typeof v !== 'function') return v
          return async (...args: unknown[]) => { await lag(); const r = await v.apply(target, args); await lag(); return r }
        },
      })
    },
  } as DocStore
}

/** Calls an action in-process, on the gateway's own store and storage but with network-like latency. */
export function laggyCaller(fn: CloudFunction, deps: Deps) {
  const d: Deps = { ...deps, store: laggyStore(deps.store) }
  return (action: string, data: unknown, openid: string | null) => fn.handle({ action, data }, openid, d)
}

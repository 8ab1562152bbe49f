import type { z } from 'zod'

/** Field → first message, from a zod parse (the same schema the cloud function uses). */
export function validate<S extends z.ZodTypeAny>(schema: S, data: unknown): { ok: true; data: z.output<S> } | { ok: false; errors: Record<string, string> } {
  const r = schema.safeParse(data)
  if (r.success) return { ok: true, data: r.data }
  const errors: Record<string, string> = {}
  for (const issue of r.error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '_'
    errors[key] ??= issue.message
  }
  return { ok: false, errors }
}

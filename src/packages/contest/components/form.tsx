import './contest.scss'

/** Field errors of a failed call (VALIDATION_FAILED), first message per field. */
export function fieldErrorsOf(e: unknown): Record<string, string> {
  const fe = (e as { fieldErrors?: Record<string, string[]> } | null)?.fieldErrors ?? {}
  return Object.fromEntries(Object.entries(fe).map(([k, m]) => [k, m[0]]))
}

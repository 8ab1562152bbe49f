import type { ZodType } from 'zod'

/** field: the path the refusal must name ('' or left out when the refusal is about the object itself). */
export type SchemaRow = [name: string, input: unknown, ok: boolean, field?: string]

/**
 * One test a row of `table` (an action's name → its rows): the action's input schema accepts the input or refuses it;
 * a refusal names the row's field, and every message is Chinese, fit to show next to the field.
 */
export function schemaTableTests(fn: string, actions: Record<string, { input: ZodType }>, table: Record<string, SchemaRow[]>): void {
  describe.each(Object.entries(table))(`${fn}.%s`, (action, rows) => {
    const schema = actions[action].input
    // A rest parameter: jest reads a callback with more parameters than the row has as one awaiting `done`.
    test.each(rows)('%s', (...[, input, ok, field]: SchemaRow) => {
      const r = schema.safeParse(input)
      expect(r.success).toBe(ok)
      if (!r.success) {
        const paths = r.error.issues.map((i) => i.path.join('.'))
        if (field) expect(paths).toContain(field)
        for (const i of r.error.issues) expect(i.message).toMatch(/[\u4e00-\u9fff]/)
      }
    })
  })
}

export interface Logger {
  info(o: Record<string, unknown>): void
  error(o: Record<string, unknown>): void
}
export function createLogger(level: 'silent' | 'error' | 'info'): Logger {
  const write = (o: Record<string, unknown>) => process.stderr.write(JSON.stringify({ t: new Date().toISOString(), ...o }) + '\n')
  return {
    info: level === 'info' ? write : () => {},
    error: level === 'silent' ? () => {} : write,
  }
}

import { ERROR_MESSAGES, type ErrorCode, type ErrorBody } from '../../types/common'

/** A business outcome with a code from the contract; anything else thrown is a bug (INTERNAL). */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: ErrorBody['details'],
  ) {
    super(message ?? ERROR_MESSAGES[code])
    this.name = 'AppError'
  }
  toBody(): ErrorBody {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message }
  }
}

export const fail = (code: ErrorCode, message?: string, details?: ErrorBody['details']): never => {
  throw new AppError(code, message, details)
}

/** Thrown by a DocStore when a document with the same _id already exists. */
export class DuplicateKeyError extends Error {
  constructor(readonly collection: string, readonly id: string) {
    super(`duplicate key ${collection}/${id}`)
    this.name = 'DuplicateKeyError'
  }
}
export const isDuplicateKey = (e: unknown): e is DuplicateKeyError => e instanceof DuplicateKeyError

/**
 * The platform refused or dropped a request because the environment is at its limits (database QPS or
 * connections, a timeout under load). Not the caller's fault and not a failure: RATE_LIMITED with
 * `busy: true` and a hint, so the client waits and resends the same request (same requestId).
 */
export const BUSY_MESSAGE = '人多，正在排队，请稍候'
export function busy(retryAfterMs: number): AppError {
  return new AppError('RATE_LIMITED', BUSY_MESSAGE, { busy: true, retryAfterMs })
}
export const isBusy = (e: unknown): e is AppError => e instanceof AppError && e.code === 'RATE_LIMITED' && e.details?.busy === true

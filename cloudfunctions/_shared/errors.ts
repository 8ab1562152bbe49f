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

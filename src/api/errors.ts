import type { ErrorBody, ErrorCode, FieldErrors } from '@contract'
import { ERROR_MESSAGES } from '@contract/labels'

/** The client's own code for "the request never got an answer". */
export type ClientErrorCode = ErrorCode | 'NETWORK'

export const NETWORK_MESSAGE = '网络不给力，请稍后重试'
/** The contract's message for INTERNAL (from its zod-free labels). */
export const INTERNAL_MESSAGE = ERROR_MESSAGES.INTERNAL

/**
 * What every failed call throws. `message` is Chinese text fit to show as is;
 * `fieldErrors` maps form fields to their messages (VALIDATION_FAILED).
 */
export class ApiError extends Error {
  readonly code: ClientErrorCode
  readonly details: ErrorBody['details']

  constructor(code: ClientErrorCode, message: string, details?: ErrorBody['details']) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.details = details
    // Keep `instanceof` working when compiled down to ES5 classes.
    Object.setPrototypeOf(this, ApiError.prototype)
  }

  get fieldErrors(): FieldErrors {
    return this.details?.fieldErrors ?? {}
  }

  /** The first message for a field, for <FieldError>. */
  fieldError(field: string): string | undefined {
    return this.fieldErrors[field]?.[0]
  }

  /** Any thrown value as an ApiError: itself when it is one, else INTERNAL with the contract's message. */
  static from(e: unknown): ApiError {
    return e instanceof ApiError ? e : new ApiError('INTERNAL', INTERNAL_MESSAGE)
  }

  static network(cause?: unknown): ApiError {
    const text = cause instanceof Error ? cause.message : typeof cause === 'object' && cause && 'errMsg' in cause ? String((cause as { errMsg: unknown }).errMsg) : undefined
    return new ApiError('NETWORK', NETWORK_MESSAGE, text ? { cause: text } : undefined)
  }
}


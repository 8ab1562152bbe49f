import { useState, type Dispatch, type SetStateAction } from 'react'
import { CONSENT_VERSION } from '@contract/common'
import type { ConsentBoxProps } from '@/components/ConsentBox'

/**
 * A form's privacy-notice tick, for <ConsentBox {...consent.box} />: ticking it clears the form's consent errors;
 * `value` is what the request sends (`{ version }` once ticked, nothing before).
 */
export function useConsent(errors: Record<string, string>, setErrors: Dispatch<SetStateAction<Record<string, string>>>) {
  const [checked, setChecked] = useState(false)
  const box: Pick<ConsentBoxProps, 'checked' | 'onChange' | 'error'> = {
    checked,
    onChange: (v) => { setChecked(v); setErrors((e) => ({ ...e, consent: '', 'consent.version': '' })) },
    error: errors.consent || errors['consent.version'],
  }
  return { value: checked ? { version: CONSENT_VERSION } : undefined, box }
}

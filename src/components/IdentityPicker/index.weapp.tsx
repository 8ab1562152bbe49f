/**
 * The mini-program's IdentityPicker: nothing (the identity is WeChat's). The demo picker (index.tsx) is H5 only;
 * this file keeps it, and the NutUI Popup it opens, out of the mini-program's main package.
 */
export interface IdentityPickerProps {
  variant?: 'list' | 'bar'
}

export function IdentityPicker(_props: IdentityPickerProps) {
  return null
}

export default IdentityPicker

import { Text } from '@tarojs/components'
import './index.scss'

/** The message under a form field; renders nothing without one. */
export function FieldError({ message }: { message?: string | null }) {
  if (!message) return null
  return (
    <Text className='field-error'>
      {message}
    </Text>
  )
}

export default FieldError

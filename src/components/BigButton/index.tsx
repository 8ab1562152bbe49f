import type { ReactNode } from 'react'
import { Button } from '@nutui/nutui-react-taro'
import './index.scss'

export interface BigButtonProps {
  children: ReactNode
  onClick?: () => void
  /** primary: the one main action of a screen; default: secondary actions. */
  type?: 'primary' | 'default' | 'success' | 'danger' | 'warning'
  fill?: 'solid' | 'outline' | 'none'
  loading?: boolean
  disabled?: boolean
  icon?: ReactNode
  className?: string
  /** Form submit button (inside a NutUI Form). */
  nativeType?: 'submit' | 'reset'
}

/** Full-width, at least 88rpx tall: easy to hit with a gloved thumb. */
export function BigButton({ children, onClick, type = 'primary', fill = 'solid', loading, disabled, icon, className, nativeType }: BigButtonProps) {
  return (
    <Button
      className={`big-button ${className ?? ''}`}
      block
      size='large'
      type={type}
      fill={fill}
      loading={loading}
      disabled={disabled || loading}
      icon={icon}
      nativeType={nativeType}
      onClick={() => onClick?.()}
    >
      {children}
    </Button>
  )
}

export default BigButton

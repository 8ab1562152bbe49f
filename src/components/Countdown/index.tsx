import { useEffect, useRef, useState } from 'react'
import { Text } from '@tarojs/components'
import './index.scss'

export interface CountdownProps {
  /** When it ends: an ISO instant, a Date or epoch milliseconds. */
  to: string | number | Date
  /** Called once when it reaches zero (e.g. fetch a fresh QR token). */
  onEnd?: () => void
  /** Text around the time, e.g. (t) => `${t} 后刷新`. */
  format?: (text: string, secondsLeft: number) => string
  className?: string
}

const two = (n: number) => String(n).padStart(2, '0')

/** mm:ss, or h:mm:ss from an hour up. */
export function formatSeconds(total: number): string {
  const s = Math.max(0, Math.ceil(total))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${two(m)}:${two(s % 60)}`
}

const target = (to: CountdownProps['to']) => (to instanceof Date ? to.getTime() : typeof to === 'number' ? to : Date.parse(to))

export function Countdown({ to, onEnd, format, className }: CountdownProps) {
  const end = target(to)
  const [left, setLeft] = useState(() => Math.max(0, (end - Date.now()) / 1000))
  const onEndRef = useRef(onEnd)
  onEndRef.current = onEnd

  useEffect(() => {
    let fired = false
    const tick = () => {
      const l = Math.max(0, (end - Date.now()) / 1000)
      setLeft(l)
      if (l <= 0 && !fired) {
        fired = true
        clearInterval(timer)
        onEndRef.current?.()
      }
    }
    const timer = setInterval(tick, 1000)
    tick()
    return () => clearInterval(timer)
  }, [end])

  const text = formatSeconds(left)
  return (
    <Text className={`countdown ${left <= 10 ? 'countdown--urgent' : ''} ${className ?? ''}`} aria-live='polite'>
      {format ? format(text, Math.ceil(left)) : text}
    </Text>
  )
}

export default Countdown

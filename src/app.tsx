import type { PropsWithChildren } from 'react'
import { configure as configureIcons } from '@nutui/icons-react-taro'
import { initCloud } from './api/cloud'
import './app.scss'

initCloud()
// NutUI icons render as <i> by default, which the mini-program has no template for: use a view there.
if (process.env.TARO_ENV !== 'h5') configureIcons({ tag: 'view' })

function App({ children }: PropsWithChildren) {
  return children
}

export default App

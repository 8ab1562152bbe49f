import type { PropsWithChildren } from 'react'
import { initCloud } from './api/cloud'
import './app.scss'

initCloud()

function App({ children }: PropsWithChildren) {
  return children
}

export default App

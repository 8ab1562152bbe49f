/**
 * useQuery's cacheKey (offline data): the last answer is kept on the device per identity; when the network fails
 * it is shown with 「离线 · 更新于 HH:mm」 instead of an error, and fetched again when the network returns.
 */
import { act, render, screen, waitFor } from '@testing-library/react'
import { PageState, offlineLine } from '@/components/PageState'
import { useQuery } from '@/hooks/useApi'
import { ApiError, call, setDemoOpenid } from '@/api'
import { taroTest } from './shims/taro'

jest.mock('@/api/client', () => ({ ...jest.requireActual('@/api/client'), call: jest.fn() }))
const callMock = call as jest.MockedFunction<typeof call>

beforeEach(() => {
  taroTest.reset()
  callMock.mockReset()
  setDemoOpenid('demo-courier')
})

function Campaigns({ cacheKey }: { cacheKey?: string }) {
  const q = useQuery('voucher', 'campaigns', {}, cacheKey ? { cacheKey } : undefined)
  return (
    <PageState query={q} isEmpty={(d) => d.items.length === 0}>
      {(d) => <span>{d.items.map((c) => c.title).join(',')}</span>}
    </PageState>
  )
}
const answer = (title: string) => ({ items: [{ title }], today: '2026-07-15' }) as never
const offline = () => Promise.reject(new ApiError('NETWORK', '网络不给力，请稍后重试'))

it('keeps the last answer and shows it offline with 离线 · 更新于 HH:mm; fetches again when the network returns', async () => {
  callMock.mockImplementationOnce(() => Promise.resolve(answer('智送清凉')))
  const first = render(<Campaigns cacheKey='campaigns' />)
  await screen.findByText('智送清凉')
  first.unmount()

  // The next start has no network: the kept list, said to be one; no error.
  callMock.mockImplementationOnce(offline)
  render(<Campaigns cacheKey='campaigns' />)
  await screen.findByText('智送清凉')
  const line = await screen.findByText(/^离线 · 更新于 \d\d:\d\d$/)
  expect(line.textContent).toBe(offlineLine(Date.now()))
  expect(screen.queryByText('网络不给力，请稍后重试')).toBeNull()

  // The network returns: fetched again, the line goes.
  callMock.mockImplementationOnce(() => Promise.resolve(answer('智送清凉（新）')))
  await act(async () => { window.dispatchEvent(new Event('online')) })
  await screen.findByText('智送清凉（新）')
  await waitFor(() => expect(screen.queryByText(/^离线 · 更新于/)).toBeNull())
})

it('is kept per identity, and without a cacheKey a failure is an error as before', async () => {
  callMock.mockImplementationOnce(() => Promise.resolve(answer('汕头的活动')))
  render(<Campaigns cacheKey='campaigns' />).unmount()
  setDemoOpenid('demo-driver')
  callMock.mockImplementationOnce(offline)
  const other = render(<Campaigns cacheKey='campaigns' />)
  await screen.findByText('网络不给力，请稍后重试')
  expect(screen.queryByText('汕头的活动')).toBeNull()
  other.unmount()

  setDemoOpenid('demo-courier')
  callMock.mockImplementationOnce(offline)
  render(<Campaigns />)
  await screen.findByText('网络不给力，请稍后重试')
})

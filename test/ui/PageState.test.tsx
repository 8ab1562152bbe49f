import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { PageState } from '@/components/PageState'
import { QrCode } from '@/components/QrCode'
import { Skeleton } from '@/components/Skeleton'
import { useQuery } from '@/hooks/useApi'
import { ApiError, call } from '@/api'
import { taroTest } from './shims/taro'

jest.mock('@/api/client', () => ({ ...jest.requireActual('@/api/client'), call: jest.fn() }))
const callMock = call as jest.MockedFunction<typeof call>

beforeEach(() => {
  taroTest.reset()
  callMock.mockReset()
})

const query = <T,>(over: Partial<{ data: T; error: ApiError | null; loading: boolean; reload: () => void }>) => ({
  data: undefined as T | undefined,
  error: null,
  loading: false,
  reload: jest.fn(),
  ...over,
})

describe('PageState', () => {
  it('shows the error message and a 重试 button that reloads', () => {
    const q = query<string>({ error: new ApiError('NETWORK', '网络不给力，请稍后重试') })
    render(<PageState query={q}>{(d) => <span>{d}</span>}</PageState>)
    expect(screen.getByText('网络不给力，请稍后重试')).toBeTruthy()
    fireEvent.click(screen.getByText('重试'))
    expect(q.reload).toHaveBeenCalledTimes(1)
  })

  it('shows loading before the first data', () => {
    render(<PageState query={query<string>({ loading: true })}>{(d) => <span>{d}</span>}</PageState>)
    expect(screen.getByText('加载中…')).toBeTruthy()
  })

  it('with a skeleton: grey blocks instead of the spinner before the first data, then the content', () => {
    const q = query<string>({ loading: true })
    const { container, rerender } = render(
      <PageState query={q} skeleton={<Skeleton variant='campaign' count={2} />}>{(d) => <span>{d}</span>}</PageState>,
    )
    expect(container.querySelectorAll('.skeleton__campaign')).toHaveLength(2)
    expect(container.querySelector('.page-state--loading')).toBeNull()
    expect(container.querySelector('[aria-busy="true"]')).not.toBeNull()
    rerender(<PageState query={{ ...q, loading: false, data: '冰饮清凉券' }} skeleton={<Skeleton variant='campaign' count={2} />}>{(d) => <span>{d}</span>}</PageState>)
    expect(screen.getByText('冰饮清凉券')).toBeTruthy()
    expect(container.querySelector('.skeleton')).toBeNull()
  })

  it('shows the empty state with its title', () => {
    const q = query<{ items: string[] }>({ data: { items: [] } })
    render(
      <PageState query={q} isEmpty={(d) => d.items.length === 0} emptyTitle='今天还没有活动'>
        {(d) => <span>{d.items.length} 项</span>}
      </PageState>,
    )
    expect(screen.getByText('今天还没有活动')).toBeTruthy()
    expect(screen.queryByText('0 项')).toBeNull()
  })

  it('renders the content with the data, and keeps it with a retry banner when a reload fails', () => {
    const q = query<string>({ data: '驿站列表', error: new ApiError('NETWORK', '网络不给力，请稍后重试') })
    render(<PageState query={q}>{(d) => <span>{d}</span>}</PageState>)
    expect(screen.getByText('驿站列表')).toBeTruthy()
    fireEvent.click(screen.getByText('点此重试'))
    expect(q.reload).toHaveBeenCalled()
  })

  it('offers 去选择身份 on H5 when the action needs an identity', () => {
    render(<PageState query={query<string>({ error: new ApiError('UNAUTHENTICATED', '请先登录') })} />)
    expect(screen.getByText('请先登录')).toBeTruthy()
    expect(screen.getByText('去选择身份')).toBeTruthy()
  })
})

describe('useQuery with PageState', () => {
  function Campaigns() {
    const q = useQuery('voucher', 'campaigns', {})
    return <PageState query={q}>{(d) => <span>{d.items.length} 个活动</span>}</PageState>
  }

  it('goes from an error to the data when 重试 is tapped', async () => {
    callMock.mockRejectedValueOnce(new ApiError('NETWORK', '网络不给力，请稍后重试'))
    callMock.mockResolvedValueOnce({ items: [], today: '2026-07-01' } as never)
    render(<Campaigns />)
    await screen.findByText('网络不给力，请稍后重试')
    fireEvent.click(screen.getByText('重试'))
    await screen.findByText('0 个活动')
    expect(callMock).toHaveBeenCalledWith('voucher', 'campaigns', {})
    expect(callMock).toHaveBeenCalledTimes(2)
  })

  it('fetches again when the page is shown again', async () => {
    callMock.mockResolvedValue({ items: [], today: '2026-07-01' } as never)
    render(<Campaigns />)
    await screen.findByText('0 个活动')
    act(() => taroTest.show()) // the first show is the page opening
    act(() => taroTest.show())
    await waitFor(() => expect(callMock).toHaveBeenCalledTimes(2))
  })
})

describe('QrCode', () => {
  it('renders the value as a GIF data URL image', () => {
    const { container } = render(<QrCode value='card:ABC123' caption='请向商户出示' />)
    const img = container.querySelector('img')
    expect(img?.getAttribute('src')).toMatch(/^data:image\/gif;base64,/)
    expect(screen.getByText('请向商户出示')).toBeTruthy()
  })
})

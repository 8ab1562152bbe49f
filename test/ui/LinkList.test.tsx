import Taro from '@tarojs/taro'
import { fireEvent, render, screen } from '@testing-library/react'
import { LinkList } from '@/components/LinkList'
import { ROUTES } from '@/routes'
import { taroTest } from './shims/taro'

beforeEach(() => taroTest.reset())

describe('LinkList', () => {
  const items = [
    { title: '会员卡专区', url: ROUTES.member.index },
    { title: '还没有的页面', description: '说明文字照常显示', url: '/packages/member/pages/not-built-yet/index' },
    { title: '清凉', url: ROUTES.cooling },
  ]

  it('links registered pages, tabs by switchTab, and shows the rest as plain text', () => {
    render(<LinkList items={items} />)
    fireEvent.click(screen.getByText('会员卡专区'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.member.index })

    fireEvent.click(screen.getByText('还没有的页面'))
    expect(Taro.navigateTo).toHaveBeenCalledTimes(1)
    expect(screen.getByText('说明文字照常显示')).toBeTruthy()

    fireEvent.click(screen.getByText('清凉'))
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: ROUTES.cooling })
  })

  it('leaves out missing pages when asked (menus)', () => {
    render(<LinkList items={items} hideMissing />)
    expect(screen.queryByText('还没有的页面')).toBeNull()
    expect(screen.getByText('会员卡专区')).toBeTruthy()
  })
})

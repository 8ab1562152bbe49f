// @tarojs/components for jsdom: the React implementations Taro uses on H5.
// View first: importing the package index alone trips over a circular import.
// @ts-expect-error -- the deep path has no type declarations; the package index types it
export { default as View } from '@tarojs/components-react/dist/components/view/index.js'
export * from '@tarojs/components-react'

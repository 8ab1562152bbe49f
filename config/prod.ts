import type { UserConfigExport } from '@tarojs/cli'

export default {
  mini: {},
  h5: {
    // Keep the H5 bundle small: no source maps shipped with the local gateway build.
    enableSourceMap: false,
  },
} satisfies UserConfigExport<'webpack5'>

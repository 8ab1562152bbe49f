import path from 'node:path'
import zlib from 'node:zlib'
import { mkdirSync, writeFileSync } from 'node:fs'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import CompressionPlugin from 'compression-webpack-plugin'
import devConfig from './dev'
import prodConfig from './prod'
import { assertCloudEnv } from './cloud-env'

const root = path.resolve(__dirname, '..')

/** The contract (zod schemas, labels) lives at the repo root and is shared with the cloud functions. */
const contractDir = path.join(root, 'types')

/**
 * types/labels/ holds only constants, one file per table group behind one index: marked free of side effects,
 * the bundler skips the index and places each group only in the packages whose code uses it (the main package
 * gets the labels its tab pages show, not every staff page's table).
 */
type Chain = { module: { rule: (name: string) => { test: (t: RegExp) => { set: (key: string, value: unknown) => unknown } } } }
const labelsWithoutSideEffects = (chain: Chain) => {
  chain.module.rule('contract-labels').test(/[\\/]types[\\/]labels[\\/]/).set('sideEffects', false) // webpack-chain's types lack Rule.sideEffects
}

export default defineConfig<'webpack5'>(async (merge) => {
  const env = process.env.TARO_ENV || 'weapp'
  assertCloudEnv(process.env)
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'gonghui-yizhan',
    date: '2026-11-28',
    // Our styles are drawn on a 750-wide canvas; NutUI's on a 375-wide one.
    designWidth(input) {
      const file = (input as { file?: string } | undefined)?.file?.replace(/\\+/g, '/') ?? ''
      return file.includes('@nutui') ? 375 : 750
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${env}`,
    plugins: [],
    defineConstants: {
      // Empty means "the environment the mini-program is opened in" (DYNAMIC_CURRENT_ENV).
      CLOUD_ENV: JSON.stringify(process.env.CLOUD_ENV ?? ''),
    },
    alias: {
      '@': path.join(root, 'src'),
      '@contract': contractDir,
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    mini: {
      // @noble/hashes (offline codes) is modern ESM: compiled like our own code for older mini-program runtimes.
      compile: { include: [contractDir, path.join(root, 'node_modules/@noble/hashes')] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      // Modules used only by subpackages go into those subpackages, not the main package.
      optimizeMainPackage: { enable: true },
      // Component CSS is class-scoped; the order chunks pull it in does not matter.
      miniCssExtractPluginOption: { ignoreOrder: true },
      // WEAPP_STATS=1: write which modules went into which chunk, with their sizes, to .tmp/weapp-chunks.json
      // (to see what the main package's vendors/common chunks hold before moving code out of them).
      webpackChain(chain) {
        labelsWithoutSideEffects(chain)
        if (!process.env.WEAPP_STATS) return
        chain.plugin('chunk-stats').use(class {
          // eslint-disable-next-line @typescript-eslint/no-explicit-any -- webpack's own types are not a dependency of ours
          apply(compiler: any) {
            // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
            compiler.hooks.emit.tap('chunk-stats', (compilation: any) => {
              const out: Record<string, [string, number][]> = {}
              for (const chunk of compilation.chunks) {
                const mods: [string, number][] = []
                for (const m of compilation.chunkGraph.getChunkModulesIterable(chunk)) mods.push([String(m.identifier()).replace(/^.*!/, '').replace(root, ''), m.size()])
                mods.sort((a, b) => b[1] - a[1])
                out[chunk.name ?? chunk.id] = mods
              }
              mkdirSync(root + '/.tmp', { recursive: true })
              writeFileSync(root + '/.tmp/weapp-chunks.json', JSON.stringify(out, null, 1))
            })
          }
        })
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [contractDir] },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[chunkhash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      // Pages are lazy chunks; Taro splits only initial chunks, so every page would carry its own copy of
      // shared libraries (zod, NutUI). Split all chunks instead.
      webpackChain(chain) {
        labelsWithoutSideEffects(chain)
        const splitChunks = chain.optimization.get('splitChunks')
        // Taro's minSize 0 cut the 清凉 tab into 26 chunks of 1–25 KB: over HTTP/1.1's six connections, with 400 ms
        // round trips, that is five waves of requests (measured: 2.7 s for 67 KB). Shared modules under 20 KB
        // stay in the page chunks that use them instead, and a page loads in at most six requests.
        if (splitChunks) chain.optimization.splitChunks({ ...splitChunks, chunks: 'all', minSize: 20_000, maxAsyncRequests: 6 })
        if (process.env.NODE_ENV === 'development') return
        // Precompressed copies beside each file (file.js.br, file.js.gz), served as they are by the local
        // gateway (@fastify/static preCompressed): brotli at its best level costs nothing per request.
        const test = /\.(?:js|css|html|svg|json)$/
        chain.plugin('brotli').use(CompressionPlugin, [{
          filename: '[path][base].br', algorithm: 'brotliCompress', test, threshold: 1024, minRatio: 0.9,
          compressionOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } },
        }])
        chain.plugin('gzip').use(CompressionPlugin, [{
          filename: '[path][base].gz', algorithm: 'gzip', test, threshold: 1024, minRatio: 0.9,
          compressionOptions: { level: 9 },
        }])
      },
    },
  }
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})

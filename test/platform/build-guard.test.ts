import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { assertCloudEnv } from '../../config/cloud-env'

/** A release mini-program build needs CLOUD_ENV; demo, test, development and H5 builds do not. */
describe('production build guard', () => {
  test.each([
    ['release weapp without CLOUD_ENV', { TARO_ENV: 'weapp', NODE_ENV: 'production' }, true],
    ['release weapp with a blank CLOUD_ENV', { TARO_ENV: 'weapp', NODE_ENV: 'production', CLOUD_ENV: '  ' }, true],
    ['no TARO_ENV (weapp is the default) and no NODE_ENV', {}, true],
    ['release weapp with CLOUD_ENV', { TARO_ENV: 'weapp', NODE_ENV: 'production', CLOUD_ENV: 'prod-1a2b' }, false],
    ['demo/test weapp build', { TARO_ENV: 'weapp', NODE_ENV: 'production', DEMO_BUILD: '1' }, false],
    ['development weapp build', { TARO_ENV: 'weapp', NODE_ENV: 'development' }, false],
    ['H5', { TARO_ENV: 'h5', NODE_ENV: 'production' }, false],
  ])('%s', (_name, env, refused) => {
    const run = () => assertCloudEnv(env as Record<string, string>)
    if (refused) expect(run).toThrow(/CLOUD_ENV.*DEMO_BUILD=1/)
    else expect(run).not.toThrow()
  })

  test('`npm run build:weapp` without CLOUD_ENV stops before building, with the message', () => {
    const env: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'production' }
    delete env.CLOUD_ENV
    delete env.DEMO_BUILD
    delete env.TARO_ENV
    const r = spawnSync('npm', ['run', 'build:weapp'], { cwd: path.resolve(__dirname, '../..'), env, encoding: 'utf8', timeout: 60_000 })
    expect(r.status).not.toBe(0)
    expect(r.stdout + r.stderr).toMatch(/生产构建缺少 CLOUD_ENV/)
  }, 70_000)
})

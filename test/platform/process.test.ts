import { tempDir } from '../support/gateway'
import { spawnGateway, callAt } from '../support/process'

test('npm start\'s gateway shuts down gracefully on SIGTERM and keeps its data', async () => {
  const dir = tempDir()
  const a = await spawnGateway(dir)
  const granted = await callAt(a.url, 'member', 'grantRole', { openid: 'proc-1', role: 'judge' }, 'demo-admin')
  expect(granted.body.ok).toBe(true)
  a.child.kill('SIGTERM')
  expect(await a.exited).toEqual({ code: 0, signal: null })
  expect(a.stderr()).toMatch(/SIGTERM/)
  const b = await spawnGateway(dir)
  const me = await callAt(b.url, 'member', 'me', {}, 'proc-1')
  expect(me.body.data.roles).toEqual(['judge'])
  b.child.kill('SIGTERM')
  await b.exited
})

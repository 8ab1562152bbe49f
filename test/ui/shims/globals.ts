// Build-time constants Taro's packages and our code expect (webpack's DefinePlugin provides them in a real build).
const g = globalThis as Record<string, unknown>
for (const flag of [
  'ENABLE_INNER_HTML', 'ENABLE_ADJACENT_HTML', 'ENABLE_SIZE_APIS', 'ENABLE_TEMPLATE_CONTENT',
  'ENABLE_CLONE_NODE', 'ENABLE_CONTAINS', 'ENABLE_MUTATION_OBSERVER',
]) g[flag] = true
g.CLOUD_ENV = ''
g.DEPRECATED_ADAPTER_COMPONENT = false
// The app's H5 branch is the one exercised in jsdom; a test may switch to 'weapp' around a call.
process.env.TARO_ENV = process.env.TARO_ENV || 'h5'

/**
 * Every test: no unhandled promise rejection (Taro's promises reject even when callbacks are
 * given) and nothing written to the console.
 */
const rejections: unknown[] = []
process.on('unhandledRejection', (reason) => rejections.push(reason))

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const
let spies: jest.SpyInstance[] = []

beforeEach(() => {
  rejections.length = 0
  spies = METHODS.map((m) => jest.spyOn(console, m))
})

afterEach(async () => {
  // Let late platform answers and their rejections surface before judging.
  await new Promise((r) => setTimeout(r, 20))
  const printed = spies.flatMap((s) => s.mock.calls)
  spies.forEach((s) => s.mockRestore())
  expect(rejections).toEqual([])
  expect(printed).toEqual([])
})

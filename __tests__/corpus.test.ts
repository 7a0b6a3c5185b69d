import { saveToAlbum, SaveToAlbumError } from '../src'
import { simulate } from './runtime/setup'
import { BAD_INPUTS } from './runtime/corpus'

it(`has at least 40 bad inputs (${BAD_INPUTS.length})`, () => {
  expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(40)
})

describe.each(BAD_INPUTS)('$name', ({ input, code, says, secret = [], options }) => {
  it(`is refused with ${code} before any platform call, and the message says so`, async () => {
    const sim = simulate()
    const error: SaveToAlbumError = await saveToAlbum(input as string, options).then(
      () => {
        throw new Error('accepted')
      },
      (e) => e,
    )
    expect(error).toBeInstanceOf(SaveToAlbumError)
    expect(error.code).toBe(code)
    expect(error.message).toContain(says)
    for (const s of secret) expect(error.message).not.toContain(s)
    expect(sim.calls).toEqual([])
  })
})

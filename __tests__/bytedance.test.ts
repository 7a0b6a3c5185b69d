/** ByteDance (tt) names the album scope `scope.album`; a tt build asks for that one. */
import { loadFor, simulate } from './runtime/setup'
import { PNG_B64 } from './runtime/images'

it('asks for scope.album, and remembers a refusal of it', async () => {
  const sim = simulate({ scope: 'scope.album', dialog: 'deny' })
  const { saveToAlbum } = loadFor('tt')
  await expect(saveToAlbum(`data:image/png;base64,${PNG_B64}`)).rejects.toMatchObject({ code: 'AUTH_DENIED' })
  expect(sim.requests.find((q) => q.api === 'authorize')!.options.scope).toBe('scope.album')
  expect(sim.authSetting).toEqual({ 'scope.album': false })
  await expect(saveToAlbum(`data:image/png;base64,${PNG_B64}`)).rejects.toMatchObject({ message: expect.stringContaining('scope.album') })
  expect(sim.dialogs).toBe(1)
})

it('saves once scope.album is granted', async () => {
  const sim = simulate({ scope: 'scope.album' })
  const { saveToAlbum } = loadFor('tt')
  await saveToAlbum(`data:image/png;base64,${PNG_B64}`)
  expect(sim.album).toHaveLength(1)
})

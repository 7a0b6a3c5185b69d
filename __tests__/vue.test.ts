/**
 * taro-save-to-album/vue: the composable over the same controller, in a Vue 3 component mounted
 * with @vue/test-utils over the simulated WeChat (the behaviour table runs through it in
 * platforms.test.ts; the fault matrix in faults.test.tsx).
 */
import { defineComponent, effectScope, h, isReadonly, isRef, nextTick, ref, watch } from 'vue'
import { mount } from '@vue/test-utils'
import { useSaveToAlbum, type SaveToAlbumRefs } from '../src/vue'
import { simulate } from './runtime/setup'
import { PNG } from './runtime/images'

const URL = 'https://cdn.test/poster.png'

/** Mounts a component that uses the composable, and records every status it showed. */
function mountComposable(options?: Parameters<typeof useSaveToAlbum>[0]) {
  let api!: SaveToAlbumRefs
  const statuses: string[] = []
  const wrapper = mount(
    defineComponent({
      setup() {
        api = useSaveToAlbum(options)
        watch(api.status, (s) => statuses.push(s), { flush: 'sync' })
        return () => h('p', `${api.status.value} ${api.progress.value}`)
      },
    }),
  )
  return { wrapper, api, statuses }
}

it('returns read-only refs that start idle, and the functions', () => {
  simulate()
  const { api } = mountComposable()
  for (const key of ['status', 'error', 'progress', 'filePath', 'isBusy'] as const) {
    expect([key, isRef(api[key]), isReadonly(api[key])]).toEqual([key, true, true])
  }
  expect([api.status.value, api.error.value, api.progress.value, api.filePath.value, api.isBusy.value]).toEqual(['idle', null, 0, null, false])
  for (const key of ['save', 'saveAll', 'openSetting', 'retry', 'abort', 'reset'] as const) expect(typeof api[key]).toBe('function')
})

it('saves a URL, its refs walking every status to saved, and renders what it shows', async () => {
  const sim = simulate({ latency: 5 })
  sim.server.route(URL, { body: PNG, contentType: 'image/png' })
  const { api, statuses, wrapper } = mountComposable({ keepFile: true })
  const result = await api.save(URL)
  expect(result).toMatchObject({ ok: true, filePath: expect.any(String) })
  expect(statuses).toEqual(['authorizing', 'downloading', 'saving', 'saved'])
  expect([api.progress.value, api.isBusy.value, api.filePath.value]).toEqual([1, false, (result as { filePath: string }).filePath])
  await nextTick()
  expect(wrapper.text()).toBe('saved 1')
  expect(sim.album).toHaveLength(1)
})

it('reads reactive options as each run starts', async () => {
  const sim = simulate()
  sim.server.route(URL, { body: PNG, contentType: 'image/png' })
  const keepFile = ref(false)
  const { api } = mountComposable(() => ({ keepFile: keepFile.value }))
  expect(await api.save(URL)).toEqual({ ok: true })
  keepFile.value = true
  expect(await api.save(URL)).toMatchObject({ ok: true, filePath: expect.any(String) })
})

it('aborts its run when its effect scope is disposed (not only a component), and shows nothing afterwards', async () => {
  const sim = simulate()
  sim.server.route(URL, { body: PNG, contentType: 'image/png', hang: true })
  const scope = effectScope()
  const api = scope.run(() => useSaveToAlbum())!
  const pending = api.save(URL)
  for (let i = 0; i < 100 && sim.openTasks() === 0; i++) await new Promise((r) => setTimeout(r, 5))
  expect(api.status.value).toBe('downloading')
  scope.stop()
  expect(await pending).toMatchObject({ ok: false, error: { code: 'ABORTED' } })
  expect([sim.openTasks(), api.status.value, sim.album.length]).toEqual([0, 'downloading', 0])
})

it('disposed while the settings page is open (retryAfterSetting): nothing is saved on return, and nothing new starts', async () => {
  const sim = simulate({ dialog: 'deny' })
  sim.server.route(URL, { body: PNG, contentType: 'image/png' })
  const scope = effectScope()
  const api = scope.run(() => useSaveToAlbum({ retryAfterSetting: true }))!
  expect(await api.save(URL)).toMatchObject({ ok: false, error: { code: 'AUTH_DENIED' } })
  sim.settings = { answer: 'on', stay: 30 }
  const back = sim.tap(() => api.openSetting())
  scope.stop()
  expect(await back).toBe(true)
  await new Promise((r) => setTimeout(r, 30))
  expect([sim.album.length, sim.calls.filter((c) => c === 'saveImageToPhotosAlbum')]).toEqual([0, []])
  const before = sim.calls.length
  expect(await api.save(URL)).toMatchObject({ ok: false, error: { code: 'ABORTED' } })
  expect(await api.saveAll([URL, URL])).toMatchObject([{ ok: false, error: { code: 'ABORTED' } }, { ok: false, error: { code: 'ABORTED' } }])
  expect(await api.retry()).toMatchObject({ ok: false, error: { code: 'ABORTED' } })
  expect([sim.album.length, sim.calls.slice(before), sim.openTasks(), sim.files()]).toEqual([0, [], 0, []])
  expect(sim.calls.filter((c) => c === 'downloadFile' || c === 'saveImageToPhotosAlbum')).toEqual([])
})

it('outside any scope it still saves (nothing to dispose it: abort() is the caller’s)', async () => {
  const sim = simulate()
  sim.server.route(URL, { body: PNG, contentType: 'image/png' })
  const api = useSaveToAlbum()
  expect(await api.save(URL)).toEqual({ ok: true })
  expect(api.status.value).toBe('saved')
})

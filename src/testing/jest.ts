/**
 * The jest setup (`setupFilesAfterEnv: ['taro-save-to-album/testing/jest']`): `@tarojs/taro` and
 * `@tarojs/components` become the simulated phone and the stand-in components, and each test
 * starts on a fresh simulated WeChat (`simulateAlbum(family, answers)` to change it).
 *
 * @example
 * // jest.config.mjs
 * export default { testEnvironment: 'jsdom', setupFilesAfterEnv: ['taro-save-to-album/testing/jest'] }
 */

declare const jest: { mock(name: string, factory: () => unknown): void; requireActual<T>(name: string): T } | undefined
declare const beforeEach: ((fn: () => void) => void) | undefined

if (typeof jest === 'undefined' || typeof beforeEach === 'undefined') {
  throw new Error(
    "taro-save-to-album/testing/jest is jest's setup: list it under setupFilesAfterEnv, not setupFiles, in jest.config (setupFilesAfterEnv: ['taro-save-to-album/testing/jest']), with testEnvironment: 'jsdom'.",
  )
}
// By the package's name, not bundled in: the test's own imports of the kit get this same simulation.
const { installSimulatedAlbum, simulateAlbum }: typeof import('./index') = require('taro-save-to-album/testing')
installSimulatedAlbum()
jest.mock('@tarojs/taro', () => jest.requireActual<typeof import('./index')>('taro-save-to-album/testing').taro)
jest.mock('@tarojs/components', () => jest.requireActual<typeof import('./index')>('taro-save-to-album/testing').components)
beforeEach(() => void simulateAlbum('weapp'))

export {}

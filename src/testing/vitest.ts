/**
 * The vitest setup of taro-save-to-album/testing, a plugin: `plugins: [simulatedAlbum()]` in
 * vitest.config. The package's own files run through vite, where `@tarojs/taro` and
 * `@tarojs/components` are the simulated phone and the stand-in components; tests run in jsdom;
 * each test starts on a fresh simulated WeChat (`simulateAlbum(family, answers)` to change it).
 */
import { fileURLToPath } from 'node:url'

/** A file of this folder (dist/), as a path. */
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))

/**
 * The vitest plugin of taro-save-to-album/testing.
 *
 * @example
 * // vitest.config.mjs
 * import { defineConfig } from 'vitest/config'
 * import { simulatedAlbum } from 'taro-save-to-album/testing/vitest'
 * export default defineConfig({ plugins: [simulatedAlbum()] })
 */
export function simulatedAlbum() {
  return {
    name: 'taro-save-to-album:testing',
    config: () => ({
      resolve: {
        alias: [
          { find: /^@tarojs\/taro$/, replacement: here('./testing-taro.cjs') },
          { find: /^@tarojs\/components$/, replacement: here('./testing-components.cjs') },
        ],
      },
      test: {
        environment: 'jsdom',
        // The main entries through vite, so the aliases above reach their imports.
        server: { deps: { inline: [/taro-save-to-album[\\/]dist[\\/](index|components)\.mjs$/] } },
        setupFiles: [here('./testing-vitest-setup.mjs')],
      },
    }),
  }
}

import { dirname, resolve } from 'node:path'
import typescript from '@rollup/plugin-typescript'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dts } from 'rollup-plugin-dts'

// The testing entry bundles each Taro platform plugin's initNativeApi: an app's tests need no plugin installed.
const require = createRequire(import.meta.url)
const taroPlugins = {
  name: 'taro-plugins',
  resolveId: (id) =>
    /^@tarojs\/plugin-platform-[a-z]+\/dist\/runtime-utils\.js$/.test(id) ? require.resolve(id) : id === '@tarojs/shared' ? require.resolve('@tarojs/shared/dist/shared.esm.js') : null,
}

const external = (id) => id === 'react' || id.startsWith('react/') || id.startsWith('@tarojs/')
// The Vue entries: vue stays the app's, like react.
const vueExternal = (id) => id === 'vue' || id.startsWith('@tarojs/')

// The components entry (taro-save-to-album/components) holds only the components' own files:
// whatever else of the package they import (the controller, the privacy store) comes from the
// main entry's build, so an app has one of each and the main entry never loads @tarojs/components.
const COMPONENTS = ['src/components.ts', 'src/SaveToAlbumButton.tsx', 'src/PrivacyAgreeButton.tsx', 'src/saveButton.ts'].map((f) => resolve(f))
const MAIN = 'taro-save-to-album:main'
/** Every relative import outside `own` files comes from the entry the build names `MAIN`. */
const fromEntry = (own) => ({
  name: 'from-main-entry',
  resolveId(source, importer) {
    if (!importer || !source.startsWith('.')) return null
    const path = resolve(dirname(importer), source)
    return own.some((file) => file.replace(/\.tsx?$/, '') === path.replace(/\.tsx?$/, '')) ? null : { id: MAIN, external: true }
  },
})
const fromMain = fromEntry(COMPONENTS)
// The same for taro-save-to-album/vue/components: its controller comes from taro-save-to-album/vue.
const fromVue = fromEntry(['src/vue/components.ts', 'src/vue/SaveToAlbumButton.ts', 'src/saveButton.ts'].map((f) => resolve(f)))

// `__DEV__` (src/dev.d.ts) becomes the test every bundler folds, as in React's builds: an app's
// production build then drops the long messages.
const dev = { name: 'dev', transform: (code) => ({ code: code.replaceAll('__DEV__', "(process.env.NODE_ENV !== 'production')"), map: null }) }

export default [
  {
    input: 'src/index.ts',
    external,
    plugins: [typescript({ tsconfig: './tsconfig.json', include: ['src/**/*'], compilerOptions: { declaration: false } }), dev],
    output: [
      { file: 'dist/index.mjs', format: 'es' },
      { file: 'dist/index.js', format: 'cjs', exports: 'named' },
    ],
  },
  {
    input: 'src/index.ts',
    external,
    plugins: [dts({ tsconfig: './tsconfig.json' })],
    output: [{ file: 'dist/index.d.mts' }, { file: 'dist/index.d.ts' }],
  },
  {
    input: 'src/components.ts',
    external,
    plugins: [fromMain, typescript({ tsconfig: './tsconfig.json', include: ['src/**/*'], compilerOptions: { declaration: false } }), dev],
    output: [
      { file: 'dist/components.mjs', format: 'es', paths: { [MAIN]: './index.mjs' } },
      { file: 'dist/components.js', format: 'cjs', exports: 'named', paths: { [MAIN]: './index.js' } },
    ],
  },
  {
    input: 'src/components.ts',
    external,
    plugins: [fromMain, dts({ tsconfig: './tsconfig.json' })],
    output: [
      { file: 'dist/components.d.mts', paths: { [MAIN]: './index.mjs' } },
      { file: 'dist/components.d.ts', paths: { [MAIN]: './index.js' } },
    ],
  },
  // taro-save-to-album/vue: the composable over the same core, bundled on its own (no React in it).
  {
    input: 'src/vue/index.ts',
    external: vueExternal,
    plugins: [typescript({ tsconfig: './tsconfig.json', include: ['src/**/*'], compilerOptions: { declaration: false } }), dev],
    output: [
      { file: 'dist/vue.mjs', format: 'es' },
      { file: 'dist/vue.js', format: 'cjs', exports: 'named' },
    ],
  },
  {
    input: 'src/vue/index.ts',
    external: vueExternal,
    plugins: [dts({ tsconfig: './tsconfig.json' })],
    output: [{ file: 'dist/vue.d.mts' }, { file: 'dist/vue.d.ts' }],
  },
  {
    input: 'src/vue/components.ts',
    external: vueExternal,
    plugins: [fromVue, typescript({ tsconfig: './tsconfig.json', include: ['src/**/*'], compilerOptions: { declaration: false } }), dev],
    output: [
      { file: 'dist/vue-components.mjs', format: 'es', paths: { [MAIN]: './vue.mjs' } },
      { file: 'dist/vue-components.js', format: 'cjs', exports: 'named', paths: { [MAIN]: './vue.js' } },
    ],
  },
  {
    input: 'src/vue/components.ts',
    external: vueExternal,
    plugins: [fromVue, dts({ tsconfig: './tsconfig.json' })],
    output: [
      { file: 'dist/vue-components.d.mts', paths: { [MAIN]: './vue.mjs' } },
      { file: 'dist/vue-components.d.ts', paths: { [MAIN]: './vue.js' } },
    ],
  },
  // taro-save-to-album/testing: the simulated phone for an app's tests, built apart from the
  // main entries (nothing of it in an app's bundle); its jest setup imports it by its package name,
  // so a test and the setup share one simulation.
  {
    input: 'src/testing/index.ts',
    external: (id) => (external(id) && !id.includes('/plugin-platform-') && id !== '@tarojs/shared') || id.startsWith('node:'),
    plugins: [taroPlugins, typescript({ tsconfig: './tsconfig.json', include: ['src/**/*'], compilerOptions: { declaration: false } }), dev],
    output: [
      { file: 'dist/testing.mjs', format: 'es' },
      { file: 'dist/testing.js', format: 'cjs', exports: 'named' },
    ],
  },
  {
    input: 'src/testing/index.ts',
    external,
    plugins: [dts({ tsconfig: './tsconfig.json' })],
    output: [{ file: 'dist/testing.d.mts' }, { file: 'dist/testing.d.ts' }],
  },
  {
    input: 'src/testing/jest.ts',
    external: (id) => external(id) || id === 'taro-save-to-album/testing',
    plugins: [typescript({ tsconfig: './tsconfig.json', include: ['src/**/*'], compilerOptions: { declaration: false } })],
    output: [{ file: 'dist/testing-jest.js', format: 'cjs' }],
  },
  {
    input: 'src/testing/jest.ts',
    external,
    plugins: [dts({ tsconfig: './tsconfig.json' })],
    output: [{ file: 'dist/testing-jest.d.ts' }],
  },
  // The vitest plugin, and the files it points vitest at (its setup, the stand-ins), as written.
  {
    input: 'src/testing/vitest.ts',
    external: (id) => external(id) || id.startsWith('node:'),
    plugins: [
      typescript({ tsconfig: './tsconfig.json', include: ['src/**/*'], compilerOptions: { declaration: false } }),
      {
        name: 'vitest-files',
        generateBundle() {
          for (const fileName of ['testing-vitest-setup.mjs', 'testing-taro.cjs', 'testing-components.cjs']) {
            this.emitFile({ type: 'asset', fileName, source: readFileSync(`src/testing/files/${fileName}`, 'utf8') })
          }
        },
      },
    ],
    output: [
      { dir: 'dist', entryFileNames: 'testing-vitest.mjs', format: 'es' },
      { dir: 'dist', entryFileNames: 'testing-vitest.js', format: 'cjs' },
    ],
  },
  {
    input: 'src/testing/vitest.ts',
    external,
    plugins: [dts({ tsconfig: './tsconfig.json' })],
    output: [{ file: 'dist/testing-vitest.d.mts' }, { file: 'dist/testing-vitest.d.ts' }],
  },
]

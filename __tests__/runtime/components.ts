/**
 * The package's components over `@tarojs/components`' React build: the Stencil custom elements
 * (`taro-button-core`…) and their React wrappers, as Taro's H5 plugin aliases `@tarojs/components`
 * to `@tarojs/components/lib/react`. The wrappers hand each prop to the element (`openType` as a
 * property and the `open-type` attribute) and each `on…` handler to addEventListener, kept in
 * the element's `__events`: what the simulated runtime's `press()` reads, as a device reads the
 * Button it rendered. Import this file before anything loads the package.
 */
import { loadPlatform, type AnyOptions, type Platform } from './setup'
import type { SimOptions as WxOptions } from './wx'

// A compile-time switch of Taro's H5 build (useDeprecatedAdapterComponent: false by default).
;(globalThis as { DEPRECATED_ADAPTER_COMPONENT?: boolean }).DEPRECATED_ADAPTER_COMPONENT = false

jest.mock('@tarojs/components', () => jest.requireActual('@tarojs/components/lib/react'))

// The components entry must share the controller and privacy store of the package it sits
// beside: it is loaded in the same module registry, whenever that registry loads the package.
const mockLoaded: { components?: typeof import('../../src/components') } = {}
jest.mock('../../src/index', () => {
  const lib = jest.requireActual('../../src/index')
  mockLoaded.components = jest.requireActual<typeof import('../../src/components')>('../../src/components')
  return lib
})

/**
 * The options of loadPlatform(), with WeChat's privacy states (`pending` only WeChat's runtime has).
 *
 * @example
 * const options: Options = { privacyApi: true, privacy: 'pending', privacySheet: 'disagree' }
 */
export type Options = Omit<AnyOptions, 'privacy'> & Pick<WxOptions, 'privacy'>

/**
 * `loadPlatform()`, plus the components entry (`taro-save-to-album/components`) of the same build.
 *
 * @example
 * const { sim, lib, components } = loadWithComponents('weapp', { dialog: 'deny' })
 * render(<components.SaveToAlbumButton source={url} id='album-button' />)
 */
export function loadWithComponents(target: Platform | string, options?: Options) {
  mockLoaded.components = undefined
  const loaded = loadPlatform(target, options as AnyOptions)
  return { ...loaded, components: mockLoaded.components! }
}

// Taro's platform plugins ship their runtime untyped: the kit bundles each one's initNativeApi.
declare module '@tarojs/plugin-platform-*/dist/runtime-utils.js' {
  /** Fills the Taro object from the platform's native global (`wx`, `tt`, `my`, `swan`), as a build for that platform does. */
  export function initNativeApi(taro: object): void
}

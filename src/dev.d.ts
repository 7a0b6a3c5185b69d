/**
 * True in development builds, false in production ones: the build (rollup.config.mjs) writes
 * `process.env.NODE_ENV !== 'production'` in its place, so an app's bundler, defining NODE_ENV as
 * Taro's build does, drops every long message (as React does); jest sets it true.
 */
declare const __DEV__: boolean

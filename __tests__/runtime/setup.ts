/**
 * Runs the real @tarojs/taro over the simulated runtime: a stable global `wx` forwards every
 * call to the simulation the current test made with `simulate()`, and Taro's own processApis
 * promisifies it exactly as a weapp build does.
 */
import { createWx, type Sim, type SimOptions } from './wx'

const g = globalThis as any
const template = createWx().wx
g.wx = Object.fromEntries(
  Object.keys(template).map((name) => [name, name === 'env' ? template.env : (...args: unknown[]) => g.__sim.wx[name](...args)]),
)
g.__sim = createWx()
g.getCurrentPages = () => []
g.getApp = () => ({})
g.requirePlugin = () => ({})
for (const flag of ['INNER_HTML', 'ADJACENT_HTML', 'SIZE_APIS', 'TEMPLATE_CONTENT', 'CLONE_NODE', 'CONTAINS', 'MUTATION_OBSERVER']) {
  g[`ENABLE_${flag}`] = true
}

/** Registers the simulated wx with the @tarojs/runtime of the current module registry, as the weapp plugin does. */
function registerTaro() {
  const { hooks } = require('@tarojs/runtime')
  const { processApis } = require('@tarojs/shared')
  hooks.tap('initNativeApi', (taro: object) => processApis(taro, g.wx, {}))
}
registerTaro()

/** The package as a build for `target` sees it: Taro replaces TARO_ENV at build time. */
export function loadFor(target: string): typeof import('../../src') {
  const previous = process.env.TARO_ENV
  process.env.TARO_ENV = target
  let lib!: typeof import('../../src')
  jest.isolateModules(() => {
    registerTaro()
    lib = require('../../src')
  })
  process.env.TARO_ENV = previous
  return lib
}

/** A fresh simulated WeChat for the current test. */
export function simulate(options?: SimOptions): Sim {
  g.__sim = createWx(options)
  return g.__sim
}

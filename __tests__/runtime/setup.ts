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

const { hooks } = require('@tarojs/runtime')
const { processApis } = require('@tarojs/shared')
hooks.tap('initNativeApi', (taro: object) => processApis(taro, g.wx, {}))

/** A fresh simulated WeChat for the current test. */
export function simulate(options?: SimOptions): Sim {
  g.__sim = createWx(options)
  return g.__sim
}

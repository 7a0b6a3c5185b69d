import typescript from '@rollup/plugin-typescript'
import { dts } from 'rollup-plugin-dts'

const external = (id) => id === 'react' || id.startsWith('react/') || id.startsWith('@tarojs/')

export default [
  {
    input: 'src/index.ts',
    external,
    plugins: [typescript({ tsconfig: './tsconfig.json', include: ['src/**/*'], compilerOptions: { declaration: false } })],
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
]

// The line a user adds for taro-save-to-album/testing (README, "Testing your screens").
import { defineConfig } from 'vitest/config'
import { simulatedAlbum } from 'taro-save-to-album/testing/vitest'

export default defineConfig({
  plugins: [simulatedAlbum()],
  // The app's own choices: JSX without importing React, and jest-style globals (Testing Library's cleanup uses afterEach).
  esbuild: { jsx: 'automatic' },
  test: { globals: true },
})

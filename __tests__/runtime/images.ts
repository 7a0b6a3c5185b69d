// The simulated runtime lives in the package's testing entry (taro-save-to-album/testing): users get the one these tests prove.
export * from '../../src/testing/images'

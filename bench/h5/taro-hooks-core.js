// What `@taro-hooks/core` is in an app: @taro-hooks/plugin-react aliases it to the plugin's
// runtime, which re-exports React's own hooks.
export { useState, useEffect, useCallback, useContext, useReducer, useRef, useMemo, useLayoutEffect, createContext } from 'react'

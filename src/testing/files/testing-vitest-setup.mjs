// The per-file setup simulatedAlbum() adds in vitest: the package takes the simulated family; each test starts on WeChat.
import { beforeEach } from 'vitest'
import { installSimulatedAlbum, simulateAlbum } from 'taro-save-to-album/testing'

installSimulatedAlbum()
beforeEach(() => void simulateAlbum('weapp'))

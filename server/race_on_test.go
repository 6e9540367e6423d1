//go:build race

package server

// raceOn says the race detector is on: its instrumentation makes stack
// frames larger, so memory bounds allow for it.
const raceOn = true

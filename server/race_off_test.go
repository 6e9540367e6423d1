//go:build !race

package server

// raceOn says the race detector is on (race_on_test.go).
const raceOn = false

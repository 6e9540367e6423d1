// Package sim is procscope's model of a machine: processes, threads, address
// spaces and page frames. It is pure and deterministic: no I/O, no goroutines,
// no wall clock and no global randomness. The same seed and the same commands
// always give the same states and events, so every view of the lab is derived
// from a sim value and past states are reached by replay.
package sim

package server

import (
	_ "embed"
	"sync"

	"procscope/sim"
	"procscope/sim/cc"
)

// freeLabSource is the free lab's program: the page with no lesson, a new
// session, a reset, a load of neither lesson nor program. It is C, since
// students meet threads in C: two threads share one global counter, each
// adds to it in a loop, and main joins them and prints it. On the lab's
// machine (sim's default, a timer every 50 instructions) the threads'
// loads and stores interleave and updates are lost, which the page shows
// as it happens; gcc prints what the simulator prints under Linux's
// far longer time slice (sim/cc's examples test runs it both ways).
//
// The default lives here, not in sim: sim cannot compile C (sim/cc
// imports sim), and sim's own tests and `procscope trace --script` keep
// its assembly counter program, whose labels and registers they name.
//
//go:embed freelab/freelab.c
var freeLabSource string

// freeLabCode is freeLabSource compiled, once for every lab that runs it:
// a program is read-only once built, and a compile per session would
// weigh on every idle one (TestAnIdleSessionCostsLittle).
var freeLabCode = sync.OnceValues(func() (*sim.Program, error) { return cc.Compile("main", freeLabSource) })

// legacyFreeLab is the program a lab saved before the free lab was C ran
// (saved-lab versions 1 and 2 with neither lesson nor program): sim's
// assembly counter, loaded as source so the old link replays the same.
func legacyFreeLab(seed int64) labConfig {
	return labConfig{Seed: seed, Program: sim.BuiltinSource("counter"), Language: "asm"}
}

// isFreeLab reports whether the config is the free lab: neither lesson
// nor program.
func (c labConfig) isFreeLab() bool { return c.Lesson == "" && c.Program == "" }

// source is the program text that replaces a lesson's: the user's, or
// for the free lab its own; "" when the lab runs its lesson's program.
func (c labConfig) source() string {
	if c.isFreeLab() {
		return freeLabSource
	}
	return c.Program
}

package main

import (
	"context"
	"errors"
	"io"
)

// errNoSim is returned until the sim package's interpreter is wired in.
var errNoSim = errors.New("the simulator's interpreter is not in this build yet (see docs/trace.md)")

// simRunX86 runs an x86.py setup on the sim package's machine.
func simRunX86(s x86Setup, t *x86Table) (int64, error) {
	return 0, errNoSim
}

// traceScript runs one lab command per line (docs/commands.md).
func traceScript(ctx context.Context, o traceOptions, stdout io.Writer) error {
	return errNoSim
}

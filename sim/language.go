package sim

import (
	"fmt"
	"regexp"
)

// CompileC is the C compiler, set by package procscope/sim/cc when it is
// linked in (sim cannot import it: cc builds sim's programs).
var CompileC func(name, src string) (*Program, error)

// CPipeCapacity is a pipe's capacity for a C program, in bytes (one value
// each), as Linux's 64 KiB.
const CPipeCapacity = 64 << 10

var cSigns = regexp.MustCompile(`#include|\bmain\s*\(`)

// LooksLikeC reports whether program text is C rather than the lab's
// assembly: it includes a header or defines main.
func LooksLikeC(src string) bool { return cSigns.MatchString(src) }

// compileC compiles the configuration's program as C.
func compileC(c Config) (*Program, error) {
	if CompileC == nil {
		return nil, fmt.Errorf("program: this is C, but the C compiler is not linked in: %w", ErrInvalid)
	}
	if c.Profile != LinuxX8664.Name {
		return nil, fmt.Errorf("program: C runs on the %s profile, not %s: %w", LinuxX8664.Name, c.Profile, ErrBadConfig)
	}
	return CompileC("main", c.Program)
}

package sim

import (
	"fmt"
	"strconv"
	"strings"
)

// Config chooses how a machine is built. The zero value is a valid
// linux-x86_64 machine with one CPU running the default program.
type Config struct {
	// Seed feeds every random choice the machine makes (ASLR, random
	// interrupts).
	Seed int64
	// Profile names the layout profile: "linux-x86_64" (default) or "ostep".
	Profile string
	// CPUs is the number of CPUs; default 1.
	CPUs int
	// StackSize is each thread's stack size (ulimit -s); default 8 MiB in
	// linux-x86_64 (lessons use 64 KiB). Rounded up to whole pages. In the
	// ostep profile stacks are StackStride apart and this is ignored.
	StackSize uint64
	// Program is assembler source run by pid 2. Empty: Code, or the
	// built-in default program.
	Program string
	// Code is an already decoded program for pid 2 (used when Program is
	// empty).
	Code *Program
	// Language says what Program is written in: "asm", "c", or "" to
	// detect it (LooksLikeC). C needs the C compiler linked in (import
	// procscope/sim/cc) and runs on the linux-x86_64 profile.
	Language string
	// Programs are the lab's other programs, by name, which exec (C's
	// execl) can run besides the built-in ones: a lab of main.c and
	// child.c has child here.
	Programs map[string]*Program
	// Threads is how many threads pid 2 starts with (x86.py -t); default 1.
	// They all start at the first instruction, as in x86.py.
	Threads int
	// ThreadArgs sets initial registers per starting thread in x86.py -a
	// form: one "ax=1:bx=2" entry per thread, or one entry for all.
	ThreadArgs []string
	// Interrupt is the round-robin interval in instructions (x86.py -i);
	// default 50.
	Interrupt int
	// RandomInterrupts draws each interval from 1..Interrupt with the
	// seeded generator (x86.py -r; the sequence differs from Python's).
	RandomInterrupts bool
	// Schedule is a manual schedule (x86.py -P): the tids to run, one per
	// instruction, cycling. Every starting thread must appear.
	Schedule []int
	// MemSize is the ostep address-space size in KB (x86.py -m); default
	// 128, i.e. 131072 addresses.
	MemSize int
	// LoadAddr is where ostep code is loaded (x86.py -L); default 1000.
	LoadAddr uint64
	// PopLoadsSP reproduces threads-intro x86.py's pop bug: "pop %r" loads
	// the value of sp itself instead of the word at sp.
	PopLoadsSP bool
	// ASLR randomises the linux image, heap, mmap and stack bases from Seed.
	ASLR bool
	// Limits bound what commands and programs may create.
	Limits Limits
	// PipeCapacity is how many words (8 bytes each) a pipe buffers;
	// default 8 (64 bytes), small enough to watch it fill. Linux's is
	// 64 KiB.
	PipeCapacity int
	// Costs is the cost model; zero means DefaultCosts.
	Costs Costs
}

// Limits are the machine's resource limits; zero fields take the defaults.
type Limits struct {
	MaxProcs           int   // processes alive or zombie, like RLIMIT_NPROC; default 64
	MaxThreadsPerProc  int   // default 64
	MaxFrames          int   // physical frames; default 16384 (64 MiB)
	MaxProgramLines    int   // instructions in a program; default 4096
	MaxStepsPerCommand int64 // instructions one step command may run; default 10,000,000
	MaxFDs             int   // open descriptors per process (ulimit -n); default 64
}

// DefaultLimits are the limits a zero Limits means.
var DefaultLimits = Limits{MaxProcs: 64, MaxThreadsPerProc: 64, MaxFrames: 16384, MaxProgramLines: 4096, MaxStepsPerCommand: 10_000_000, MaxFDs: 64}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.MaxProcs > 0 {
		d.MaxProcs = l.MaxProcs
	}
	if l.MaxThreadsPerProc > 0 {
		d.MaxThreadsPerProc = l.MaxThreadsPerProc
	}
	if l.MaxFrames > 0 {
		d.MaxFrames = l.MaxFrames
	}
	if l.MaxProgramLines > 0 {
		d.MaxProgramLines = l.MaxProgramLines
	}
	if l.MaxFDs > 0 {
		d.MaxFDs = l.MaxFDs
	}
	if l.MaxStepsPerCommand > 0 {
		d.MaxStepsPerCommand = l.MaxStepsPerCommand
	}
	return d
}

// normalize fills defaults and rejects impossible values.
func (c Config) normalize() (Config, Profile, error) {
	if c.Profile == "" {
		c.Profile = LinuxX8664.Name
	}
	p, err := ProfileByName(c.Profile)
	if err != nil {
		return c, p, err
	}
	if c.CPUs == 0 {
		c.CPUs = 1
	}
	if c.Threads == 0 {
		c.Threads = 1
	}
	if c.Interrupt == 0 {
		c.Interrupt = 50
	}
	if c.StackSize == 0 {
		c.StackSize = 8 << 20
	}
	c.StackSize = pageUp(c.StackSize)
	if c.MemSize == 0 {
		c.MemSize = 128
	}
	if c.LoadAddr == 0 {
		c.LoadAddr = 1000
	}
	c.Limits = c.Limits.withDefaults()
	if c.PipeCapacity == 0 {
		c.PipeCapacity = 8
	}
	c.Costs = c.Costs.orDefault()
	switch {
	case c.CPUs < 0 || c.CPUs > 64:
		return c, p, fmt.Errorf("cpus %d: want 1..64: %w", c.CPUs, ErrBadConfig)
	case c.Interrupt < 0:
		return c, p, fmt.Errorf("interrupt interval %d: must be greater than 0: %w", c.Interrupt, ErrBadConfig)
	case c.Threads < 0 || c.Threads > c.Limits.MaxThreadsPerProc:
		return c, p, fmt.Errorf("threads %d: want 1..%d: %w", c.Threads, c.Limits.MaxThreadsPerProc, ErrBadConfig)
	case c.StackSize < 2*PageSize || c.StackSize > 1<<30:
		return c, p, fmt.Errorf("stack size %d: want 8 KiB..1 GiB: %w", c.StackSize, ErrBadConfig)
	case c.MemSize < 1 || c.MemSize > 1<<20:
		return c, p, fmt.Errorf("memsize %d KB: want 1..1048576: %w", c.MemSize, ErrBadConfig)
	case c.PipeCapacity < 1 || c.PipeCapacity > 1<<16:
		return c, p, fmt.Errorf("pipe capacity %d words: want 1..65536: %w", c.PipeCapacity, ErrBadConfig)
	case len(c.ThreadArgs) > 1 && len(c.ThreadArgs) != c.Threads:
		return c, p, fmt.Errorf("argv: must be one per-thread or just one set of values for all threads (%d for %d threads): %w", len(c.ThreadArgs), c.Threads, ErrBadConfig)
	}
	return c, p, nil
}

// parseRegArgs reads one x86.py -a entry: "ax=1:bx=2".
func parseRegArgs(s string) ([]regInit, error) {
	var out []regInit
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	for _, part := range strings.Split(s, ":") {
		name, val, ok := strings.Cut(part, "=")
		r, okr := RegByName(strings.TrimSpace(name))
		if strings.TrimSpace(name) == "zero" {
			r, okr = RegZero, true
		}
		if !ok || !okr {
			return nil, fmt.Errorf("register argument %q: want reg=value with reg one of ax bx cx dx ex fx sp bp: %w", part, ErrBadConfig)
		}
		v, err := strconv.ParseInt(strings.TrimSpace(val), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("register argument %q: value is not an integer: %w", part, ErrBadConfig)
		}
		out = append(out, regInit{r, v})
	}
	return out, nil
}

type regInit struct {
	reg Reg
	val int64
}

package sim

import (
	"fmt"
	"math/rand/v2"
)

// Machine is the whole simulated computer: CPUs, a process table, physical
// frames, a tick counter and a simulated clock. It is not safe for
// concurrent use; a session owns one.
type Machine struct {
	cfg      Config
	profile  Profile
	loadAddr uint64
	memLimit uint64 // ostep: addresses [0, memLimit) exist
	rng      *rand.Rand
	pcg      *rand.PCG // rng's source, kept so Clone can copy its state

	tick, instrs uint64
	// gen numbers changes (changes.go); emitted counts the events
	// emitted, for touchAfter.
	gen, emitted uint64
	changedAll   bool   // every process changed since the last command
	clock        uint64 // the wall clock: the latest CPU clock (clocks.go)
	onCPU        int    // 1 + the CPU running the current instruction or command; 0: none
	switches     uint64 // switch events so far (until switch watches it)
	cost         Costs
	over         Overhead
	// layoutGen is the gen at which every process's layout last moved;
	// view is what ViewState made of the frames and the program at it
	// (state.go)
	layoutGen uint64
	view      struct {
		frames              []FrameState
		program             *ProgramState
		framesAt, programAt uint64
	}

	pipes        map[int]*pipe
	segs         map[int64]*segment
	mutexes      map[mutexKey]*mutex
	nextObj      int    // pipe and segment ids
	blockedDirty bool   // a thread blocked since the last deadlock check
	stuckKey     string // the hopeless threads last reported

	procs   []*process // pid order, reaped ones kept for the view
	byID    map[int]*process
	threads []*thread // live threads in creation order (the run queue order)
	tids    map[int]*thread
	nextID  int

	mem     frames
	cpus    []cpu
	sched   []int // manual schedule (tids), cycling
	schedAt int

	events []Event
	obs    Observer
	prog   *Program

	// per-instruction scratch
	flt       Fault
	fltAddr   uint64
	obsWrite  bool
	obsAddr   uint64
	obsVal    int64
	lastPrint int64
	// stopWhen, while a next, step-in or finish runs, says its thread
	// has arrived.
	stopWhen func() bool
	// term is what reached the terminal, oldest first (libc.go).
	term []TerminalWrite
	// pace is called when tick reaches paceAt, then every paceEvery
	// ticks (pacer.go).
	pace              func()
	paceEvery, paceAt uint64
}

// ProcState is a process's life stage.
type ProcState string

// Process states.
const (
	ProcRunning ProcState = "running"
	ProcZombie  ProcState = "zombie"
	ProcReaped  ProcState = "reaped"
)

type process struct {
	pid, ppid int
	name      string
	state     ProcState
	exitCode  int // valid when signal == 0
	signal    int
	subreaper bool
	adopted   bool // its parent died and init or a subreaper took it in
	as        *addrSpace
	threads   []*thread // live threads, creation order
	code      *loaded
	reaper    bool // init: reaps every child that becomes a zombie
	fds       []fdEntry
	cpuDone   uint64 // CPU time of its exited threads

	// ver, shape and layout are its change counters; wroteMem and reshaped mark
	// it changed since the last command: its memory written, its shape
	// moved (changes.go).
	ver, shape, layout uint64
	wroteMem, reshaped bool
	// view is what ViewState made of it at its layout (state.go)
	view struct {
		regions   []RegionState
		regionsAt uint64
	}
}

// loaded is a program placed at an address: instructions with variable
// addresses resolved.
type loaded struct {
	prog  *Program
	code  []Instr
	base  uint64
	shift uint
	// texts names the globals that are char arrays (string literals
	// among them), whose state carries their characters.
	texts map[string]bool
	// pointers names the globals that are pointers, whose value a view
	// shows as an address.
	pointers map[string]bool
}

func (l *loaded) addrOf(i int) uint64 { return l.base + uint64(i)<<l.shift }

// New builds a machine with init (pid 1) and the program running as pid 2.
// It fails only for a bad configuration or a program that does not
// assemble.
func New(cfg Config) (*Machine, error) {
	pipeSet := cfg.PipeCapacity != 0
	cfg, prof, err := cfg.normalize()
	if err != nil {
		return nil, err
	}
	prog, err := cfg.program()
	if err != nil {
		return nil, err
	}
	if prog.Debug != nil && !pipeSet {
		cfg.PipeCapacity = CPipeCapacity // a C pipe carries bytes
	}
	if len(prog.Instrs) > cfg.Limits.MaxProgramLines {
		return nil, fmt.Errorf("program has %d instructions, limit %d: %w", len(prog.Instrs), cfg.Limits.MaxProgramLines, ErrTooLong)
	}
	m := &Machine{
		cfg: cfg, profile: prof, loadAddr: cfg.LoadAddr, memLimit: uint64(cfg.MemSize) * 1024,
		pcg:  rand.NewPCG(uint64(cfg.Seed), 0x70726f6373636f70),
		byID: map[int]*process{}, tids: map[int]*thread{}, nextID: 1,
		mem: frames{max: cfg.Limits.MaxFrames}, prog: prog, cost: cfg.Costs,
		pipes: map[int]*pipe{}, segs: map[int64]*segment{}, mutexes: map[mutexKey]*mutex{},
	}
	m.rng = rand.New(m.pcg)
	if cfg.ASLR && !prof.Flat {
		m.randomize()
	}
	if err := m.boot(prog); err != nil {
		return nil, err
	}
	m.events = m.events[:0]
	m.settle() // booting placed threads on CPUs: the first state's numbers
	return m, nil
}

// program picks pid 2's program from the configuration.
func (c Config) program() (*Program, error) {
	switch {
	case c.Program != "" && (c.Language == "c" || c.Language == "" && LooksLikeC(c.Program)):
		return compileC(c)
	case c.Program != "":
		return assemble(c.Program)
	case c.Code != nil:
		if err := c.Code.Validate(); err != nil {
			return nil, fmt.Errorf("program: %w", err)
		}
		return c.Code, nil
	}
	return builtinProgram("counter"), nil
}

// randomize moves the linux bases the way ASLR does, from the seed.
func (m *Machine) randomize() {
	p := m.profile
	p.ImageBase += uint64(m.rng.IntN(1<<20)) << pageShift
	p.MmapTop -= uint64(m.rng.IntN(1<<20)) << pageShift
	p.StackTop -= uint64(m.rng.IntN(1<<16)) << pageShift
	m.profile = p
}

// boot creates init and pid 2 with its starting threads and the CPUs.
func (m *Machine) boot(prog *Program) error {
	initp, err := m.newProcess(0, "init", builtinProgram("init"))
	if err != nil {
		return err
	}
	initp.reaper = true
	initp.threads[0].state = ThreadBlocked
	initp.threads[0].wait = waitState{kind: waitChild, id: -1}
	p, err := m.newProcess(1, "main", prog)
	if err != nil {
		return err
	}
	if prog.Name != "" {
		p.name = prog.Name
	}
	for i := 1; i < m.cfg.Threads; i++ {
		if _, err := m.newThread(p, 0); err != nil {
			return err
		}
	}
	for i, t := range p.threads {
		arg := ""
		if len(m.cfg.ThreadArgs) == 1 {
			arg = m.cfg.ThreadArgs[0]
		} else if len(m.cfg.ThreadArgs) > 1 {
			arg = m.cfg.ThreadArgs[i]
		}
		inits, err := parseRegArgs(arg)
		if err != nil {
			return err
		}
		for _, ri := range inits {
			t.regs[ri.reg] = ri.val
		}
	}
	return m.initCPUs(p)
}

// Config returns the configuration the machine was built with, defaults
// filled in.
func (m *Machine) Config() Config { return m.cfg }

// Tick is the number of executed instructions plus applied commands.
func (m *Machine) Tick() uint64 { return m.tick }

// Clock is simulated time in nanoseconds, from the cost model.
func (m *Machine) Clock() uint64 { return m.clock }

// Instructions is the number of instructions executed so far.
func (m *Machine) Instructions() uint64 { return m.instrs }

// Profile is the machine's layout profile.
func (m *Machine) Profile() Profile { return m.profile }

// SetObserver installs (or with nil removes) the per-instruction observer.
func (m *Machine) SetObserver(o Observer) { m.obs = o }

// proc finds a process that has not been reaped.
func (m *Machine) proc(pid int) (*process, *Error) {
	p := m.byID[pid]
	if p == nil || p.state == ProcReaped {
		return nil, errorf(ErrNoSuch, "no process with pid %d", pid)
	}
	return p, nil
}

// liveProc finds a running (not zombie) process.
func (m *Machine) liveProc(pid int) (*process, *Error) {
	p, err := m.proc(pid)
	if err != nil {
		return nil, err
	}
	if p.state == ProcZombie {
		return nil, errorf(ErrZombie, "pid %d is a zombie: it has exited and only waits to be reaped", pid)
	}
	return p, nil
}

// thread finds a live thread.
func (m *Machine) thread(tid int) (*thread, *Error) {
	t := m.tids[tid]
	if t == nil {
		if p := m.byID[tid]; p != nil && p.state == ProcZombie {
			return nil, errorf(ErrZombie, "tid %d belonged to pid %d, which is a zombie", tid, p.pid)
		}
		return nil, errorf(ErrNoSuch, "no thread with tid %d", tid)
	}
	return t, nil
}

// liveCount counts processes that are running or zombies (RLIMIT_NPROC).
func (m *Machine) liveCount() int {
	n := 0
	for _, p := range m.procs {
		if p.state != ProcReaped {
			n++
		}
	}
	return n
}

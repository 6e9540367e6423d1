package lessons

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"procscope/sim"
)

// A Check is one claim about the simulator's state, written in the small
// vocabulary of docs/lessons.md: "PROBE OP VALUE", where VALUE is a
// number, a word or another probe ("frame 2 value != frame 3 value").
// Checks are parsed when a lesson loads, so a typo fails the test suite.
type Check struct {
	Src   string
	Left  Probe
	Op    string
	Right Probe
}

// A Probe reads one value from an Observation: a named measure with its
// arguments, or a literal (Name "" and Word or Num set).
type Probe struct {
	Name string
	Args []string
	// Literal: Word for a word ("zombie"), else Num.
	Word string
	Num  int64
	lit  bool
}

// Observation is what a check looks at: the machine's state and the
// events since the current step began (counts and prints come from them).
type Observation struct {
	State  sim.State
	Events []sim.Event
	// Lesson is the lesson being played, for probes that run its program
	// again (recorded runs, recorded.go); Progress.Observe sets it.
	Lesson *Lesson
}

// Value is what a probe read: a number, a word, or nothing (Missing says
// why: "pid 3 does not exist").
type Value struct {
	Num     int64
	Word    string
	IsWord  bool
	Missing string
}

func (v Value) String() string {
	switch {
	case v.Missing != "":
		return v.Missing
	case v.IsWord:
		return v.Word
	}
	return strconv.FormatInt(v.Num, 10)
}

// probeSpec describes one probe: its argument kinds (p = pid or tid, n =
// a name, k = an event kind, r = a register, c = a cost category, u = a
// CPU count, s = settings for a recorded run), the
// words it may equal (nil: it is a number) and how it reads.
type probeSpec struct {
	args  string
	words []string
	read  func(o *Observation, args []string) Value
}

var procWords = []string{string(sim.ProcRunning), string(sim.ProcZombie), string(sim.ProcReaped), "none"}
var threadWords = []string{string(sim.ThreadRunnable), string(sim.ThreadRunning), string(sim.ThreadBlocked), string(sim.ThreadExited), "none"}
var sectionWords = []string{"text", "rodata", "data", "bss", "heap", "stack", "mmap", "var"}
var registerNames = []string{"pc", "sp", "bp", "ax", "bx", "cx", "dx", "ex", "fx"}
var costNames = []string{"creation", "switching", "faults", "communication", "sync", "work", "other", "total"}

// eventKinds are the event kinds `events KIND` may count (docs/commands.md).
var eventKinds = []sim.EventKind{
	sim.EvThreadCreated, sim.EvThreadExited, sim.EvProcessForked, sim.EvProcessExited, sim.EvKilled,
	sim.EvZombie, sim.EvReaped, sim.EvAdopted, sim.EvSubreaper, sim.EvExec, sim.EvPageFault, sim.EvCOWFault,
	sim.EvSegfault, sim.EvSwitch, sim.EvMalloc, sim.EvFree, sim.EvWrite, sim.EvRead, sim.EvCall, sim.EvRet,
	sim.EvBlocked, sim.EvWoken, sim.EvHalt, sim.EvPrint, sim.EvIdle, sim.EvError, sim.EvPipeCreated,
	sim.EvPipeWrite, sim.EvPipeRead, sim.EvClose, sim.EvShm, sim.EvLock, sim.EvUnlock, sim.EvAtomicAdd,
	sim.EvSignal, sim.EvDeadlock, sim.EvAllBlocked, sim.EvStopped, sim.EvCOWReuse, sim.EvOOMKill, sim.EvOutput,
}

// probes is the whole vocabulary; docs/lessons.md lists it and a test
// keeps the two in step.
var probes = map[string]probeSpec{
	"global":    {args: "pn", read: readGlobal},
	"section":   {args: "pn", words: sectionWords, read: readSection},
	"frame":     {args: "pn", read: readFrame},
	"refs":      {args: "pn", read: readRefs},
	"process":   {args: "p", words: procWords, read: readProcess},
	"exit":      {args: "p", read: readExit},
	"signal":    {args: "p", read: readSignal},
	"ppid":      {args: "p", read: readPPid},
	"threads":   {args: "p", read: readThreads},
	"processes": {read: readProcesses},
	"zombies":   {read: readZombies},
	"frames":    {read: func(o *Observation, _ []string) Value { return num(int64(len(o.State.Frames))) }},
	"thread":    {args: "p", words: threadWords, read: readThread},
	"blocked":   {read: readBlocked},
	"reg":       {args: "pr", read: readReg},
	"depth":     {args: "p", read: readDepth},
	"events":    {args: "k", read: readEvents},
	"printed":   {args: "p", read: readPrinted},
	"cost":      {args: "c", read: readCost},
	"spent":     {args: "k", read: readSpent},
	"line":      {args: "p", read: readLine},
	"writers":   {args: "p", read: func(o *Observation, a []string) Value { return readPipe(o, a, true) }},
	"readers":   {args: "p", read: func(o *Observation, a []string) Value { return readPipe(o, a, false) }},
	"clock":     {read: func(o *Observation, _ []string) Value { return num(int64(o.State.Clock)) }},
	"running":   {read: readRunning},
	"elapsed":   {args: "us", read: readElapsed},
	"switched":  {args: "us", read: readSwitched},
	"shared":    {args: "p", read: readShared},
	"stack":     {args: "p", read: readStack},
}

// ProbeNames lists the vocabulary (for docs and error messages).
func ProbeNames() []string {
	var out []string
	for n := range probes {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

var ops = []string{"==", "!=", "<=", ">=", "<", ">"}

// ParseCheck parses "PROBE OP VALUE"; every error says what was wanted.
func ParseCheck(src string) (Check, error) {
	f := strings.Fields(src)
	at := slices.IndexFunc(f, func(s string) bool { return slices.Contains(ops, s) })
	if at < 0 {
		return Check{}, fmt.Errorf("check %q: no comparison (want one of %s)", src, strings.Join(ops, " "))
	}
	l, err := ParseProbe(f[:at])
	if err != nil {
		return Check{}, fmt.Errorf("check %q: %w", src, err)
	}
	if l.lit {
		return Check{}, fmt.Errorf("check %q: unknown probe %q: the left side must be one of %s", src, f[0], strings.Join(ProbeNames(), ", "))
	}
	rest := f[at+1:]
	var r Probe
	if w := l.wordsOf(); len(rest) == 1 && slices.Contains(w, rest[0]) {
		r = Probe{Word: rest[0], lit: true} // "thread 3 == blocked": the word, not the probe
	} else if r, err = ParseProbe(rest); err != nil {
		return Check{}, fmt.Errorf("check %q: %w", src, err)
	}
	c := Check{Src: src, Left: l, Op: f[at], Right: r}
	return c, c.typeCheck()
}

// typeCheck refuses comparisons that can never make sense: a word probe
// against a number or an unknown word, or ordering words.
func (c Check) typeCheck() error {
	lw, rw := c.Left.wordsOf(), c.Right.wordsOf()
	switch {
	case lw != nil && c.Right.lit && !slices.Contains(lw, c.Right.Word):
		return fmt.Errorf("check %q: %s is one of %s, not %q", c.Src, c.Left.Name, strings.Join(lw, ", "), c.Right.String())
	case lw == nil && c.Right.lit && c.Right.Word != "":
		return fmt.Errorf("check %q: %s is a number, not %q", c.Src, c.Left.Name, c.Right.Word)
	case (lw != nil || rw != nil) && c.Op != "==" && c.Op != "!=":
		return fmt.Errorf("check %q: words compare only with == or !=", c.Src)
	case !c.Right.lit && (lw == nil) != (rw == nil):
		return fmt.Errorf("check %q: one side is a word, the other a number", c.Src)
	}
	return nil
}

// wordsOf is the words a probe may read, nil for numbers and literals.
func (p Probe) wordsOf() []string {
	if p.lit {
		return nil
	}
	return probes[p.Name].words
}

// ParseProbe parses a probe ("global 2 value") or a literal ("7", "zombie").
func ParseProbe(f []string) (Probe, error) {
	if len(f) == 0 {
		return Probe{}, fmt.Errorf("nothing to compare")
	}
	spec, ok := probes[f[0]]
	if !ok {
		if len(f) != 1 {
			return Probe{}, fmt.Errorf("unknown probe %q (want one of %s)", f[0], strings.Join(ProbeNames(), ", "))
		}
		if n, err := strconv.ParseInt(f[0], 0, 64); err == nil {
			return Probe{Num: n, lit: true}, nil
		}
		if f[0][0] >= '0' && f[0][0] <= '9' || f[0][0] == '-' {
			return Probe{}, fmt.Errorf("%q is not a number", f[0])
		}
		return Probe{Word: f[0], lit: true}, nil
	}
	args := f[1:]
	if len(args) != len(spec.args) {
		return Probe{}, fmt.Errorf("%s takes %d argument(s) (%s), not %d", f[0], len(spec.args), argHelp(spec.args), len(args))
	}
	for i, a := range args {
		if err := checkArg(spec.args[i], a); err != nil {
			return Probe{}, fmt.Errorf("%s: %w", f[0], err)
		}
	}
	return Probe{Name: f[0], Args: args}, nil
}

func argHelp(kinds string) string {
	names := map[byte]string{'p': "pid or tid", 'n': "name", 'k': "event kind", 'r': "register", 'c': "cost category",
		'u': "CPU count", 's': "settings"}
	var out []string
	for i := range len(kinds) {
		out = append(out, names[kinds[i]])
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}

func checkArg(kind byte, a string) error {
	switch kind {
	case 'p':
		if n, err := strconv.Atoi(a); err != nil || n < 1 {
			return fmt.Errorf("%q is not a pid or tid", a)
		}
	case 'n':
		if !isName(a) {
			return fmt.Errorf("%q is not a name", a)
		}
	case 'k':
		if !slices.Contains(eventKinds, sim.EventKind(a)) {
			return fmt.Errorf("unknown event kind %q", a)
		}
	case 'r':
		if !slices.Contains(registerNames, a) {
			return fmt.Errorf("unknown register %q (want %s)", a, strings.Join(registerNames, ", "))
		}
	case 'c':
		if !slices.Contains(costNames, a) {
			return fmt.Errorf("unknown cost %q (want %s)", a, strings.Join(costNames, ", "))
		}
	case 'u':
		if n, err := strconv.Atoi(a); err != nil || n < 1 || n > maxRecordedCPUs {
			return fmt.Errorf("%q CPUs: want 1 to %d", a, maxRecordedCPUs)
		}
	case 's':
		if _, err := parseSettings(a); err != nil {
			return err
		}
	}
	return nil
}

func (p Probe) String() string {
	if p.lit {
		if p.Word != "" {
			return p.Word
		}
		return strconv.FormatInt(p.Num, 10)
	}
	return strings.TrimSpace(p.Name + " " + strings.Join(p.Args, " "))
}

// Read reads the probe from an observation.
func (p Probe) Read(o *Observation) Value {
	if p.lit {
		if p.Word != "" {
			return word(p.Word)
		}
		return num(p.Num)
	}
	return probes[p.Name].read(o, p.Args)
}

// Result is a check's outcome with both sides as read.
type Result struct {
	Check       string
	OK          bool
	Left, Right Value
}

// Eval evaluates the check. A side that reads nothing fails it.
func (c Check) Eval(o *Observation) Result {
	l, r := c.Left.Read(o), c.Right.Read(o)
	res := Result{Check: c.Src, Left: l, Right: r}
	if l.Missing != "" || r.Missing != "" {
		return res
	}
	if l.IsWord || r.IsWord {
		res.OK = (l.Word == r.Word && l.IsWord == r.IsWord) == (c.Op == "==")
		return res
	}
	switch c.Op {
	case "==":
		res.OK = l.Num == r.Num
	case "!=":
		res.OK = l.Num != r.Num
	case "<":
		res.OK = l.Num < r.Num
	case "<=":
		res.OK = l.Num <= r.Num
	case ">":
		res.OK = l.Num > r.Num
	case ">=":
		res.OK = l.Num >= r.Num
	}
	return res
}

func num(n int64) Value   { return Value{Num: n} }
func word(w string) Value { return Value{Word: w, IsWord: true} }
func missing(f string, a ...any) Value {
	return Value{Missing: fmt.Sprintf(f, a...)}
}

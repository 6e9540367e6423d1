package sim

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"testing"
)

// TestVersionsMoveWithTheState is changes.go's invariant: whenever what
// the State says of a process or a thread differs from one command to the
// next (most commands here are a step of one tick), or which of its
// frames are shared does, its version differs too. Random labs: seeded
// sequences of steps and of the commands that create, end, share and
// block, on both profiles and on two CPUs, with programs that call,
// recurse and write memory. And ViewState, which shares what it made at
// a layout (in the tables of the one before), is State after every
// command.
func TestVersionsMoveWithTheState(t *testing.T) {
	ops := []string{"spawn", "fork", "call", "write", "kill", "exit", "pipe", "write-fd", "read-fd", "close",
		"lock", "unlock", "malloc", "free", "wait", "shm", "exec", "atomic-add"}
	checked := 0
	for seed := range uint64(24) {
		rng := rand.New(rand.NewPCG(seed, 7))
		profile := []string{"linux-x86_64", "ostep"}[seed%2]
		cfg := Config{Profile: profile, CPUs: 1 + int(seed%3)/2, StackSize: 16 << 10,
			Limits: Limits{MaxProcs: 8, MaxThreadsPerProc: 4, MaxFrames: 256, MaxStepsPerCommand: 5000}}
		cfg.Code = builtinProgram([]string{"counter", "recurse", "spin", "hello"}[seed%4])
		m, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		before := m.State()
		var view State // made in the tables of the one before
		for range 400 {
			line := "step 1"
			switch n := rng.IntN(10); {
			case n == 0:
				line = randomCommand(rng, ops, before)
			case n == 1:
				line = "step " + strconv.Itoa(1+rng.IntN(40))
			}
			c, err := ParseCommand(line)
			if err != nil {
				continue
			}
			m.Apply(c)
			after := m.State()
			if m.ViewStateInto(&view); !reflect.DeepEqual(view, after) {
				t.Fatalf("after %q at tick %d, ViewState differs from State", line, after.Tick)
			}
			checked += versionsMoved(t, line, before, after)
			before = after
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d changes of a process were checked: the labs did too little", checked)
	}
}

// randomCommand is a command of ops aimed at a thread or process of st,
// with arguments a lab would give.
func randomCommand(rng *rand.Rand, ops []string, st State) string {
	var tids []int
	for _, p := range st.Processes {
		for _, th := range p.Threads {
			tids = append(tids, th.Tid)
		}
	}
	tid := 2
	if len(tids) > 0 {
		tid = tids[rng.IntN(len(tids))]
	}
	op, id := ops[rng.IntN(len(ops))], strconv.Itoa(tid)
	switch op {
	case "call":
		return "call " + id + " " + strconv.Itoa(1+rng.IntN(60))
	case "write":
		return "write " + id + " counter " + strconv.Itoa(rng.IntN(9))
	case "write-fd", "read-fd", "close":
		return op + " " + id + " " + strconv.Itoa(3+rng.IntN(3)) + " 1"
	case "lock", "unlock", "atomic-add":
		return op + " " + id + " counter"
	case "malloc":
		return "malloc " + id + " " + strconv.Itoa(16+rng.IntN(300000))
	case "free":
		return "free " + id + " 0x10"
	case "shm":
		return "shm " + id + " 1"
	case "exec":
		return "exec " + id + " recurse"
	}
	return op + " " + id
}

// versionsMoved fails t for each process or thread of after whose state
// differs from before's while its version does not, and returns how many
// processes changed.
func versionsMoved(t *testing.T, line string, before, after State) (changed int) {
	t.Helper()
	was := map[int]ProcessState{}
	for _, p := range before.Processes {
		was[p.Pid] = p
	}
	sharedBefore, sharedAfter := sharedFrames(before), sharedFrames(after)
	for _, p := range after.Processes {
		old, ok := was[p.Pid]
		if !ok {
			continue
		}
		same := reflect.DeepEqual(withoutVersions(old), withoutVersions(p)) &&
			slices.Equal(mappedShared(old, sharedBefore), mappedShared(p, sharedAfter))
		if same {
			continue
		}
		changed++
		if a, b := shapeOf(old), shapeOf(p); p.Shape == old.Shape && !reflect.DeepEqual(a, b) {
			t.Fatalf("after %q at tick %d, pid %d changed shape (%s) but kept shape %d", line, after.Tick, p.Pid, fieldDiff(a, b), p.Shape)
		}
		if a, b := layoutOf(old), layoutOf(p); p.Layout == old.Layout && !reflect.DeepEqual(a, b) {
			t.Fatalf("after %q at tick %d, pid %d changed layout (%s) but kept layout %d", line, after.Tick, p.Pid, fieldDiff(a, b), p.Layout)
		}
		if p.Layout == old.Layout && !slices.Equal(mappedShared(old, sharedBefore), mappedShared(p, sharedAfter)) {
			t.Fatalf("after %q at tick %d, pid %d's pages were shared otherwise but it kept layout %d", line, after.Tick, p.Pid, p.Layout)
		}
		if p.Version == old.Version {
			t.Fatalf("after %q at tick %d, pid %d changed (%s) but kept version %d", line, after.Tick, p.Pid, fieldDiff(withoutVersions(old), withoutVersions(p)), p.Version)
		}
		threads := map[int]ThreadState{}
		for _, th := range old.Threads {
			threads[th.Tid] = th
		}
		for _, th := range p.Threads {
			o, ok := threads[th.Tid]
			if !ok {
				continue
			}
			a, b := o, th
			a.Version, b.Version = 0, 0
			if !reflect.DeepEqual(a, b) && th.Version == o.Version {
				t.Fatalf("after %q at tick %d, tid %d changed but kept version %d", line, after.Tick, th.Tid, th.Version)
			}
		}
	}
	return changed
}

// shapeOf is what p's shape covers: p without its versions, its threads'
// registers, lines, call frames and CPU time, its CPU time and the values
// of its globals.
func shapeOf(p ProcessState) ProcessState {
	p = withoutVersions(p)
	p.CPUTime = 0
	for i := range p.Threads {
		th := &p.Threads[i]
		th.Regs, th.Line, th.Instr, th.Frames, th.MoreFrames, th.Source, th.CPUTime = Registers{}, 0, 0, nil, 0, nil, 0
	}
	p.Globals = slices.Clone(p.Globals)
	for i := range p.Globals {
		p.Globals[i].Value, p.Globals[i].Text = 0, ""
	}
	return p
}

// layoutOf is what p's layout covers: its shape without its threads'
// states and CPUs, which a switch moves.
func layoutOf(p ProcessState) ProcessState {
	p = shapeOf(p)
	for i := range p.Threads {
		p.Threads[i].State, p.Threads[i].CPU = "", 0
	}
	return p
}

// withoutVersions is p with its and its threads' versions zero.
func withoutVersions(p ProcessState) ProcessState {
	p.Version, p.Shape, p.Layout = 0, 0, 0
	p.Threads = slices.Clone(p.Threads)
	for i := range p.Threads {
		p.Threads[i].Version = 0
	}
	return p
}

// sharedFrames are the frames of st mapped more than once.
func sharedFrames(st State) map[int]bool {
	out := map[int]bool{}
	for _, f := range st.Frames {
		out[f.Index] = f.Refs > 1
	}
	return out
}

// mappedShared lists, for each page p maps, whether its frame is shared.
func mappedShared(p ProcessState, shared map[int]bool) []bool {
	var out []bool
	for _, r := range p.Regions {
		for _, pg := range r.Pages {
			out = append(out, shared[pg.Frame])
		}
	}
	return out
}

// fieldDiff names the fields of two process states that differ, with
// both values.
func fieldDiff(a, b ProcessState) string {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	s := ""
	for i := range va.NumField() {
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			s += fmt.Sprintf("%s: %+v -> %+v; ", va.Type().Field(i).Name, va.Field(i).Interface(), vb.Field(i).Interface())
		}
	}
	return s
}

package sim

import (
	"fmt"
	"testing"
)

const forkWait = `.data counter 5
.main
fork
test $0, %ax
je .child
wait
mov %ax, %cx
mov counter, %dx
halt
.child
mov $9, counter
exit $3
`

func TestProgramForkAndWait(t *testing.T) {
	m := newMachine(t, Config{Program: forkWait, Interrupt: 2})
	evs := mustApply(t, m, "step 40")
	if _, ok := findEvent(evs, EvBlocked); !ok {
		t.Errorf("the parent should block in wait before the child exits: %+v", evs)
	}
	r, ok := findEvent(evs, EvReaped)
	if !ok || r.Pid != 2 || r.Other != 3 || r.Value != 3 {
		t.Fatalf("want pid 2 reaping 3 with status 3, got %+v", evs)
	}
	p := procState(t, m, 2)
	if p.State != ProcZombie && p.State != ProcReaped {
		t.Fatalf("pid 2 should have halted, is %s", p.State)
	}
}

const spawnJoin = `.data counter 0
.main
spawn .worker
join %ax
mov counter, %bx
print %bx
halt
.worker
mov $1, %cx
fetchadd %cx, counter
thread-exit $0
`

func TestProgramSpawnJoinSharesMemory(t *testing.T) {
	m := newMachine(t, Config{Program: spawnJoin})
	evs := mustApply(t, m, "step 20")
	pr, ok := findEvent(evs, EvPrint)
	if !ok || pr.Value != 1 {
		t.Fatalf("main should print the worker's increment 1, got %+v", evs)
	}
	if _, ok := findEvent(evs, EvWoken); !ok {
		t.Errorf("join should block and wake: %+v", evs)
	}
}

func TestSwitchKinds(t *testing.T) {
	m := newMachine(t, Config{Interrupt: 1})
	mustApply(t, m, "spawn 2", "fork 2")
	evs := mustApply(t, m, "step 3")
	var kinds []SwitchKind
	for _, e := range evs {
		if e.Kind == EvSwitch {
			kinds = append(kinds, e.Switch)
		}
	}
	want := []SwitchKind{SwitchThread, SwitchProcess, SwitchProcess}
	if len(kinds) != 3 || kinds[0] != want[0] || kinds[1] != want[1] || kinds[2] != want[2] {
		t.Errorf("switches %v, want %v (2->3 same process, 3->4 and 4->2 across)", kinds, want)
	}
	evs = mustApply(t, m, "run 4")
	if e, ok := findEvent(evs, EvSwitch); !ok || e.Other != 4 {
		t.Errorf("run 4: want a switch to 4, got %+v", evs)
	}
}

func TestTwoCPUsRunTwoThreadsAtOnce(t *testing.T) {
	m := newMachine(t, Config{CPUs: 2, Threads: 2})
	s := m.State()
	if s.CPUs[0].Tid != 2 || s.CPUs[1].Tid != 3 {
		t.Fatalf("cpus run %d and %d, want 2 and 3", s.CPUs[0].Tid, s.CPUs[1].Tid)
	}
	mustApply(t, m, "step 10")
	if m.Instructions() != 10 {
		t.Errorf("%d instructions, want 10", m.Instructions())
	}
}

func TestOstepLayout(t *testing.T) {
	m := newMachine(t, Config{Profile: "ostep", Program: loopingRace, Threads: 3})
	p := procState(t, m, 2)
	for i, th := range p.Threads {
		if want := int64(128000 - 1000*i); th.Regs.SP != want || th.Regs.PC != 1000 {
			t.Errorf("thread %d sp %d pc %d, want sp %d pc 1000", i, th.Regs.SP, th.Regs.PC, want)
		}
	}
	if g := p.Globals[0]; g.Name != "count" || g.Addr != 100 {
		t.Errorf("count at %d, want 100", g.Addr)
	}
	// x86.py programs touch undeclared addresses and even 0: no faults.
	evs := mustApply(t, m, "write 2 0 5", "write 2 0x1f000 6")
	if _, ok := findEvent(evs, EvSegfault); ok {
		t.Errorf("ostep writes inside memsize must not fault: %+v", evs)
	}
	evs = mustApply(t, m, "write 2 131072 1")
	if _, ok := findEvent(evs, EvSegfault); !ok {
		t.Errorf("a write past memsize*1024 should fault")
	}
}

func TestWraparound(t *testing.T) {
	m := newMachine(t, Config{Profile: "ostep", Program: ".main\nadd $1, %ax\nhalt\n", ThreadArgs: []string{"ax=9223372036854775807"}})
	mustApply(t, m, "step 1")
	r, _ := m.Registers(2)
	if r.AX != -9223372036854775808 {
		t.Errorf("ax = %d, want wraparound to the minimum int64", r.AX)
	}
}

type countingObserver struct{ steps, scheds int }

func (o *countingObserver) Step(StepInfo)       { o.steps++ }
func (o *countingObserver) Scheduled(SchedInfo) { o.scheds++ }

func TestObserverSeesEveryInstruction(t *testing.T) {
	m := newMachine(t, Config{Threads: 2, Interrupt: 10})
	o := &countingObserver{}
	m.SetObserver(o)
	mustApply(t, m, "step 100")
	if o.steps != 100 || o.scheds != 10 {
		t.Errorf("observer saw %d steps and %d schedules, want 100 and 10", o.steps, o.scheds)
	}
}

func TestCommandRoundTrip(t *testing.T) {
	for _, line := range []string{"fork 2", "spawn 2 worker", "write 3 counter 7", "write 3 0x5555 0", "step 100", "step",
		"kill 4 SEGV", "subreaper 2 off", "exec 2 hello", "free 2 0x10", "call 3 200", "run 3", "reset", "exit 2 255",
		"until switch", "until halt 40", "UNTIL Switch 7", "step 1", "call 3"} {
		c, err := ParseCommand(line)
		if err != nil {
			t.Errorf("%q: %v", line, err)
			continue
		}
		c2, err := ParseCommand(c.String())
		if err != nil || c2 != c {
			t.Errorf("%q -> %q -> %+v (%v), want %+v", line, c.String(), c2, err, c)
		}
	}
	for _, bad := range []string{"", "fly 2", "fork", "fork x", "fork -1", "write 2 counter", "malloc 2 0", "step -1", "exit 2 300", "kill 2 HUP", "wait 2 3"} {
		if _, err := ParseCommand(bad); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}

func TestInvariantsHoldAfterEveryInstruction(t *testing.T) {
	for name, cfg := range map[string]Config{
		"fork-wait":           {Program: forkWait, Interrupt: 2},
		"fork-wait on 3 CPUs": {Program: forkWait, Interrupt: 2, CPUs: 3},
		"spawn-join":          {Program: spawnJoin, Interrupt: 3, CPUs: 2},
		"recurse":             {Code: builtinProgram("recurse"), StackSize: 16 << 10},
		"ostep-race":          {Profile: "ostep", Program: loopingRace, Threads: 3, Interrupt: 5, ThreadArgs: []string{"bx=20"}},
	} {
		t.Run(name, func(t *testing.T) {
			m := newMachine(t, cfg)
			for i := 0; i < 800; i++ {
				mustApply(t, m, "step 1")
			}
			if name == "recurse" && procState(t, m, 2).Status.Signal != SIGSEGV {
				t.Errorf("unbounded recursion on a 16 KiB stack: pid 2 is %s, want killed by SIGSEGV", procState(t, m, 2).State)
			}
		})
	}
}

// x86.py's %zero is a settable register that every address adds; the
// state must show what the program wrote, not the -a start value.
func TestRegistersShowZero(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want int64
	}{
		{"mov $4, %zero is visible", nil, 4},
		{"mov overrides -a zero=7", []string{"zero=7"}, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newMachine(t, Config{Profile: "ostep", Program: "mov $4, %zero\nhalt\n", ThreadArgs: tc.args})
			if r, _ := m.Registers(2); len(tc.args) > 0 && r.Zero != 7 {
				t.Errorf("before the mov, Zero = %d, want the -a value 7", r.Zero)
			}
			mustApply(t, m, "step 1")
			r, ok := m.Registers(2)
			if !ok || r.Zero != tc.want {
				t.Errorf("Registers(2).Zero = %d (ok %v), want %d", r.Zero, ok, tc.want)
			}
		})
	}
}

// x86.py puts thread i's stack at memsize×1000 − 1000·i with no check:
// -m 2 -t 3 gives the third thread sp = 0 and -t 4 the fourth sp = −1000.
// A halting thread must not take the shared page (code, variables and
// the other stacks) with it.
func TestOstepStacksPastTheSpaceFollowX86(t *testing.T) {
	const prog = ".var count\nmov count, %ax\nadd $1, %ax\nmov %ax, count\nhalt\n"
	for _, tc := range []struct {
		name    string
		threads int
		sps     []int64
	}{
		{"-m 2 -t 3: the third stack starts at 0", 3, []int64{2000, 1000, 0}},
		{"-m 2 -t 4: the fourth starts below the space", 4, []int64{2000, 1000, 0, -1000}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newMachine(t, Config{Profile: "ostep", MemSize: 2, Threads: tc.threads, Program: prog})
			for i, want := range tc.sps {
				if r, ok := m.Registers(2 + i); !ok || r.SP != want {
					t.Errorf("thread %d: sp = %d (ok %v), want %d", i, r.SP, ok, want)
				}
			}
			// four instructions each, one thread after another (interrupt
			// 50): stop before the last halt, while the process lives.
			evs := mustApply(t, m, fmt.Sprintf("step %d", 4*tc.threads-1))
			if e, ok := findEvent(evs, EvError); ok {
				t.Fatalf("unexpected error: %v", e.Err)
			}
			if v, _ := m.Peek(2, 100); v != int64(tc.threads) {
				t.Errorf("count = %d after %d threads each added 1 (a halt must not unmap the shared page)", v, tc.threads)
			}
		})
	}
}

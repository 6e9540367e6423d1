package sim

import "testing"

// twoLoops is a program whose main thread starts a worker and both count
// to a million: equal work for two threads.
const twoLoops = `.data counter 0
.main
spawn .work
.work
mov $0, %cx
.top
add $1, %cx
test $1000000, %cx
jlt .top
halt
`

// Two CPUs running two threads take about half the time one CPU takes:
// each CPU keeps its own clock and the wall clock is the latest of them.
func TestTwoCPUsFinishTwoThreadsInHalfTheTime(t *testing.T) {
	clock := map[int]uint64{}
	var busy2 uint64 // the work both CPUs did
	for _, cpus := range []int{1, 2} {
		m := newMachine(t, Config{Program: twoLoops, CPUs: cpus, Interrupt: 1_000_000}) // no time slicing: only the CPUs differ
		mustApply(t, m, "step 400000")
		st := m.State()
		clock[cpus] = st.Clock
		var busy, latest uint64
		for _, c := range st.CPUs {
			busy += c.Time.Busy
			latest = max(latest, c.Time.Clock)
		}
		if st.Clock != latest || busy != st.Overhead.Total() {
			t.Errorf("%d CPUs: wall clock %d, latest CPU clock %d; busy %d, overhead %d", cpus, st.Clock, latest, busy, st.Overhead.Total())
		}
		if cpus == 2 {
			busy2 = busy
		}
		if cpus == 2 && (st.CPUs[0].Time.Busy == 0 || st.CPUs[1].Time.Busy == 0) {
			t.Errorf("2 CPUs: busy %d and %d ns, want both to work", st.CPUs[0].Time.Busy, st.CPUs[1].Time.Busy)
		}
	}
	if clock[2]*10 > clock[1]*6 || clock[2]*10 > busy2*6 {
		t.Errorf("two threads took %d ns on 2 CPUs (%d ns of work) and %d on 1: want about half", clock[2], busy2, clock[1])
	}
}

// A CPU with nothing to run waits, idle, until a thread is ready for it:
// here until the main thread on CPU 0 has created the worker.
func TestAnIdleCPUWaitsForTheThreadItTakes(t *testing.T) {
	m := newMachine(t, Config{Program: twoLoops, CPUs: 2})
	st := m.State()
	if st.CPUs[1].Tid != 0 {
		t.Fatalf("CPU 1 runs %d before the spawn, want nothing", st.CPUs[1].Tid)
	}
	mustApply(t, m, "step 1") // the spawn, on CPU 0
	if idle := m.State().CPUs[1].IdleNow; idle != m.State().Clock {
		t.Errorf("CPU 1 has been idle %d ns of %d, want all of it", idle, m.State().Clock)
	}
	evs := mustApply(t, m, "step 1") // CPU 1 takes the worker: a switch from idle
	st = m.State()
	c1 := st.CPUs[1]
	spawned := DefaultCosts.Instr + DefaultCosts.ThreadCreate
	sw, _ := findEvent(evs, EvSwitch)
	if c1.Tid != 3 || c1.Time.Idle != spawned || c1.Time.Busy != sw.Cost || sw.CPU != 1 || c1.IdleNow != 0 {
		t.Errorf("CPU 1 = %+v after %+v, want it to have waited %d ns for the worker, then switched to it", c1, sw, spawned)
	}
}

// One CPU: every cost is on CPU 0, which is never idle, and its clock is
// the wall clock, as the single clock always was.
func TestOneCPUKeepsOneClock(t *testing.T) {
	m := newMachine(t, Config{Program: twoLoops})
	mustApply(t, m, "step 500", "fork 2", "write 3 counter 4", "kill 3", "step 500")
	st := m.State()
	c := st.CPUs[0]
	if c.Time.Clock != st.Clock || c.Time.Busy != st.Clock || c.Time.Idle != 0 || st.Overhead.Total() != st.Clock {
		t.Errorf("one CPU: %+v, wall clock %d, overhead %d: want one clock, all busy", c.Time, st.Clock, st.Overhead.Total())
	}
}

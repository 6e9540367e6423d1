package sim

import (
	"reflect"
	"testing"
)

func TestMutexOwnerQueueAndHandOff(t *testing.T) {
	m := newMachine(t, Config{})
	mustApply(t, m, "spawn 2", "lock 2 counter")
	evs := mustApply(t, m, "lock 3 counter")
	if threadOf(t, m, 3).State != ThreadBlocked {
		t.Fatalf("lock of a held mutex did not block: %v", evs)
	}
	mu := m.State().Mutexes
	if len(mu) != 1 || mu[0].Owner != 2 || !reflect.DeepEqual(mu[0].Queue, []int{3}) || mu[0].Name != "counter" {
		t.Fatalf("mutexes %+v, want counter owned by 2 with 3 waiting", mu)
	}
	t.Run("unlocking a mutex you do not own is EPERM", func(t *testing.T) {
		if codes := errorCodes(mustApply(t, m, "spawn 2", "unlock 4 counter")); !reflect.DeepEqual(codes, []string{"EPERM"}) {
			t.Errorf("got %v, want EPERM", codes)
		}
	})
	t.Run("locking a mutex you hold is EDEADLK", func(t *testing.T) {
		if codes := errorCodes(mustApply(t, m, "lock 2 counter")); !reflect.DeepEqual(codes, []string{"EDEADLK"}) {
			t.Errorf("got %v, want EDEADLK", codes)
		}
	})
	t.Run("unlock hands the mutex to the first waiter", func(t *testing.T) {
		evs := mustApply(t, m, "unlock 2 counter")
		u, _ := findEvent(evs, EvUnlock)
		if u.Other != 3 || threadOf(t, m, 3).State == ThreadBlocked {
			t.Fatalf("unlock %+v, want tid 3 woken as the new owner", u)
		}
		if mu := m.State().Mutexes; len(mu) != 1 || mu[0].Owner != 3 || len(mu[0].Queue) != 0 {
			t.Errorf("mutexes %+v, want owned by 3, nobody waiting", mu)
		}
		mustApply(t, m, "unlock 3 counter")
		if mu := m.State().Mutexes; len(mu) != 0 {
			t.Errorf("a free mutex is still listed: %+v", mu)
		}
	})
}

func TestDeadlockCycleOverTwoMutexes(t *testing.T) {
	m := newMachine(t, Config{})
	evs := mustApply(t, m, "spawn 2", "lock 2 counter", "lock 3 buffer", "lock 2 buffer", "lock 3 counter")
	d, ok := findEvent(evs, EvDeadlock)
	if !ok || !reflect.DeepEqual(d.Tids, []int{2, 3}) {
		t.Fatalf("deadlock %+v, want the cycle [2 3]", d)
	}
	if d.Name != "tid 2 waits for tid 3 (mutex), tid 3 waits for tid 2 (mutex)" {
		t.Errorf("cycle described as %q", d.Name)
	}
	if _, ok := findEvent(evs, EvAllBlocked); !ok {
		t.Errorf("no all-blocked event although no thread can run")
	}
}

func TestRaceCountsLostUpdates(t *testing.T) {
	cfg := Config{CPUs: 2, Interrupt: 7}
	for _, tc := range []struct {
		mode     string
		wantLost bool
	}{{RaceUnlocked, true}, {RaceMutex, false}, {RaceAtomic, false}} {
		t.Run(tc.mode, func(t *testing.T) {
			r, err := CountLostUpdates(tc.mode, 2, 2000, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if r.Expected != 4000 || r.Actual+r.Lost != r.Expected {
				t.Fatalf("%+v: expected 4000 = actual + lost", r)
			}
			if (r.Lost > 0) != tc.wantLost {
				t.Errorf("%s lost %d of %d updates", tc.mode, r.Lost, r.Expected)
			}
		})
	}
	// uncontended (one thread): lock+unlock against one atomic add
	mu, _ := CountLostUpdates(RaceMutex, 1, 2000, Config{})
	at, _ := CountLostUpdates(RaceAtomic, 1, 2000, Config{})
	if ratio := float64(mu.Sync) / float64(at.Sync); ratio < 3 || ratio > 4 {
		t.Errorf("uncontended mutex/atomic synchronisation cost %.2f×, facts say ~3–4×", ratio)
	}
	// contended (two CPUs): sleeping and waking make the mutex far dearer
	mu2, _ := CountLostUpdates(RaceMutex, 2, 2000, cfg)
	if mu2.Sync <= 2*mu.Sync {
		t.Errorf("contended mutex cost %d ns, uncontended %d ns for the same updates; contention should cost more", mu2.Sync, 2*mu.Sync)
	}
}

func TestSharedMemoryIsSharedNeverCopyOnWrite(t *testing.T) {
	m := newMachine(t, Config{})
	evs := mustApply(t, m, "shm 2 42", "fork 2", "malloc 3 200000", "shm 3 7", "shm 3 42")
	var maps []Event
	for _, e := range evs {
		if e.Kind == EvShm {
			maps = append(maps, e)
		}
	}
	if len(maps) != 3 {
		t.Fatalf("%d shm events, want 3", len(maps))
	}
	a2, a3 := maps[0].Addr, maps[2].Addr
	if a2 == a3 {
		t.Fatalf("pid 3 mapped segment 42 at the same address as pid 2 (%#x); want a different one", a2)
	}
	evs = mustApply(t, m, "write 3 "+hex(a2)+" 5", "write 3 "+hex(a3)+" 6")
	if n := countEvents(evs, EvCOWFault); n != 0 {
		t.Errorf("writes to shared memory made %d copy-on-write faults", n)
	}
	if v, _ := m.Peek(2, a2); v != 6 {
		t.Errorf("pid 2 reads %d at %#x, want 6 (written by pid 3 through its own mapping)", v, a2)
	}
	seg := m.State().Segments[0]
	if seg.Key != 42 || len(seg.Maps) != 3 {
		t.Errorf("segment %+v, want key 42 mapped three times (pid 2, its copy in pid 3, pid 3 again)", seg)
	}
}

func TestSignals(t *testing.T) {
	t.Run("a fatal signal ends every thread; the parent gets SIGCHLD and keeps running", func(t *testing.T) {
		m := newMachine(t, Config{})
		mustApply(t, m, "fork 2", "spawn 3", "spawn 3")
		evs := mustApply(t, m, "kill 3 SEGV")
		p := procState(t, m, 3)
		if p.State != ProcZombie || len(p.Threads) != 0 || p.Status.Shell() != 139 {
			t.Errorf("pid 3 %s with %d threads, $? %d; want a zombie with none, 139", p.State, len(p.Threads), p.Status.Shell())
		}
		if c, ok := findEvent(evs[1:], EvSignal); !ok || c.Pid != 2 || c.Signal != SIGCHLD {
			t.Errorf("SIGCHLD event %+v", c)
		}
		if procState(t, m, 2).State != ProcRunning {
			t.Error("the parent died with its child")
		}
	})
	t.Run("SIGCHLD sent by hand is ignored", func(t *testing.T) {
		m := newMachine(t, Config{})
		evs := mustApply(t, m, "kill 2 CHLD")
		if s, _ := findEvent(evs, EvSignal); s.Name != "SIGCHLD: ignore" || procState(t, m, 2).State != ProcRunning {
			t.Errorf("kill -CHLD: %+v, process %s", s, procState(t, m, 2).State)
		}
	})
}

func TestForkBombStopsAtRLIMIT_NPROCAndTheMachineStaysUsable(t *testing.T) {
	bomb := build("bomb", ".main\n.top\nfork\nj .top\n")
	m := newMachine(t, Config{Code: bomb, Limits: Limits{MaxProcs: 12}})
	evs := mustApply(t, m, "step 3000")
	live := 0
	for _, p := range m.State().Processes {
		if p.State != ProcReaped {
			live++
		}
	}
	if live != 12 {
		t.Errorf("%d processes alive or zombie, want the limit 12", live)
	}
	if n := len(errorCodes(evs)); n == 0 || errorCodes(evs)[0] != "EAGAIN" {
		t.Fatalf("no EAGAIN after hitting the limit")
	}
	mustApply(t, m, "kill 2")
	evs = mustApply(t, m, "fork 3")
	if _, ok := findEvent(evs, EvProcessForked); !ok {
		t.Errorf("after killing pid 2 a fork still fails: %v", errorCodes(evs))
	}
}

package sim

import "testing"

// kill(1) sends SIGTERM when no signal is named.
func TestKillDefaultsToSIGTERM(t *testing.T) {
	m := newMachine(t, Config{})
	mustApply(t, m, "fork 2")
	evs := mustApply(t, m, "kill 3")
	k, ok := findEvent(evs, EvKilled)
	if !ok || k.Signal != SIGTERM {
		t.Fatalf("kill 3: want pid 3 killed by SIGTERM (15), got %+v", evs)
	}
	if st := procState(t, m, 3).Status; st.Signal != SIGTERM || st.Shell() != 143 {
		t.Errorf("status %+v (shell %d), want signal 15, $? 143", st, st.Shell())
	}
	if c, _ := ParseCommand("kill 3"); c.String() != "kill 3" {
		t.Errorf("kill 3 prints as %q", c.String())
	}
}

// kill(2) of a zombie succeeds and does nothing: the zombie keeps its
// status until its parent waits.
func TestKillOfAZombieSucceedsAndChangesNothing(t *testing.T) {
	m := newMachine(t, Config{})
	mustApply(t, m, "fork 2", "exit 3 4")
	before := procState(t, m, 3)
	evs := mustApply(t, m, "kill 3 KILL")
	if e, ok := findEvent(evs, EvError); ok {
		t.Fatalf("kill of a zombie was refused: %+v", e)
	}
	s, ok := findEvent(evs, EvSignal)
	if !ok || s.Pid != 3 || s.Name != "SIGKILL: zombie" {
		t.Errorf("want a signal event saying the zombie ignores it, got %+v", evs)
	}
	if n := countEvents(evs, EvKilled) + countEvents(evs, EvProcessExited) + countEvents(evs, EvReaped); n != 0 {
		t.Errorf("kill of a zombie changed it: %+v", evs)
	}
	after := procState(t, m, 3)
	if after.State != ProcZombie || after.Status != before.Status || after.Status.String() != "exited with status 4" {
		t.Errorf("zombie after kill: %s %v, want still a zombie that exited with 4", after.State, after.Status)
	}
}

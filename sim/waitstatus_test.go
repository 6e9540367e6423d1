package sim

import "testing"

// wait stores the status word waitpid fills in, not the shell's $?:
// WEXITSTATUS is bits 8..15 of it, WTERMSIG its low 7 bits (and the core
// bit 0x80 stays clear: no core file is written, as with ulimit -c 0).
func TestWaitReportsTheStatusWordAndItsMeaning(t *testing.T) {
	for _, tc := range []struct {
		name  string
		child string
		word  int64
		text  string
		shell int
	}{
		{"exit 3", "exit $3", 3 << 8, "exited with status 3", 3},
		{"a segfault", "mov $1, 0", SIGSEGV, "killed by signal 11 (SIGSEGV)", 139},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newMachine(t, Config{Code: build("wait", ".main\nfork\ntest $0, %ax\nje .child\nwait\nprint %bx\nhalt\n.child\n"+tc.child+"\n")})
			evs := mustApply(t, m, "step 40")
			r, ok := findEvent(evs, EvReaped)
			if !ok || r.Name != tc.text {
				t.Fatalf("want the parent to reap a child that %s, got %+v", tc.text, evs)
			}
			if p, ok := findEvent(evs, EvPrint); !ok || p.Value != tc.word {
				t.Errorf("%%bx after wait = %#x, want the status word %#x", p.Value, tc.word)
			}
			st := WaitStatus{Code: int(r.Value), Signal: r.Signal}
			if st.Word() != int(tc.word) || st.Shell() != tc.shell || st.String() != tc.text {
				t.Errorf("%+v: word %#x shell %d %q, want %#x %d %q", st, st.Word(), st.Shell(), st.String(), tc.word, tc.shell, tc.text)
			}
		})
	}
}

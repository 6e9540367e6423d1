package lessons

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"procscope/sim"
)

// resolvedActions plays every lesson and lists, for each "until" action,
// the command it resolved to on the lab as it stood: the runner's answer
// that a faster runner must not change.
func resolvedActions(t *testing.T) string {
	t.Helper()
	ls, err := All()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, l := range ls {
		lab, err := sim.NewLab(l.Config(1))
		if err != nil {
			t.Fatalf("%s does not build: %v", l.Name, err)
		}
		for i, s := range l.Steps {
			for _, a := range s.Run {
				c, ok, err := a.Resolve(lab.Machine(), 1_000_000)
				if a.Until != nil {
					fmt.Fprintf(&b, "%s step %d %q: ok=%v step %d err=%v\n", l.Name, i+1, a.Src, ok, c.N, err)
				}
				if err != nil {
					t.Fatalf("%s step %d: %v", l.Name, i+1, err)
				}
				if ok {
					lab.Apply(c)
				}
			}
		}
	}
	return b.String()
}

// TestUntilResolvesAsRecorded compares every lesson's resolved "until"
// actions with testdata/until.golden, recorded with the runner that read
// the whole machine state after every instruction. Run with
// UPDATE_UNTIL=1 to record it again after changing a lesson.
func TestUntilResolvesAsRecorded(t *testing.T) {
	got := resolvedActions(t)
	const file = "testdata/until.golden"
	if os.Getenv("UPDATE_UNTIL") != "" {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("resolved until actions changed:\n got:\n%s\nwant:\n%s", got, want)
	}
}

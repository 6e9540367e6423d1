package lessons

import (
	"reflect"
	"testing"

	"procscope/sim"
)

// TestProbePartsNameProbes catches a typo in probeParts, which would
// silently give that probe the whole state.
func TestProbePartsNameProbes(t *testing.T) {
	for name := range probeParts {
		if _, ok := probes[name]; !ok {
			t.Errorf("probeParts lists %q, which is no probe", name)
		}
	}
}

// TestChecksReadTheSameFromTheirParts plays every lesson and evaluates
// each step's checks and "until" checks on the parts of the state they
// declare and on the whole state: the results must be the same.
func TestChecksReadTheSameFromTheirParts(t *testing.T) {
	ls, err := All()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		lab, err := sim.NewLab(l.Config(1))
		if err != nil {
			t.Fatal(err)
		}
		for i, s := range l.Steps {
			evs, err := s.Play(lab, 1_000_000)
			if err != nil {
				t.Fatalf("%s step %d: %v", l.Name, i+1, err)
			}
			whole := &Observation{State: lab.Machine().State(), Events: evs, Lesson: &l}
			checks := s.Checks
			for _, a := range s.Run {
				if a.Until != nil {
					checks = append(checks, *a.Until)
				}
			}
			for _, c := range checks {
				part := *whole
				part.State = lab.Machine().StateOf(c.parts())
				if got, want := c.Eval(&part), c.Eval(whole); !reflect.DeepEqual(got, want) {
					t.Errorf("%s step %d: %q reads %+v from its parts, %+v from the whole state", l.Name, i+1, c.Src, got, want)
				}
			}
		}
	}
}

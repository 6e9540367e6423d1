package lessons

import (
	"testing"

	"procscope/sim"
)

// TestNoStepIsDoneBeforeItRuns: the server marks a step done as soon as
// its checks hold, even before "do it" (a step that only reveals). A step
// whose checks already hold when it begins would skip its question and
// its run, so every step's checks must fail on the state the step before
// left (with no events yet), unless the step has no question and nothing
// to run.
func TestNoStepIsDoneBeforeItRuns(t *testing.T) {
	ls, err := All()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		t.Run(l.Name, func(t *testing.T) {
			lab, err := sim.NewLab(l.Config(1))
			if err != nil {
				t.Fatal(err)
			}
			for i, s := range l.Steps {
				if s.Predict != nil && s.Done(&Observation{State: lab.Machine().State(), Lesson: &l}) {
					t.Errorf("step %d (%s): its checks hold before it runs, so its question is never asked", i+1, s.Text["en"].Title)
				}
				if _, err := s.Play(lab, 1_000_000); err != nil {
					t.Fatalf("step %d: %v", i+1, err)
				}
			}
		})
	}
}

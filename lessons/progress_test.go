package lessons

import (
	"errors"
	"strings"
	"testing"

	"procscope/sim"
)

// TestProgressFollowsPredictDoRevealNext walks fork-cow as a student
// would: a wrong prediction, a right one, a step done by hand, and a
// finished lesson, checking the tally and every refusal on the way.
func TestProgressFollowsPredictDoRevealNext(t *testing.T) {
	l, ok := Get("fork-cow")
	if !ok {
		t.Fatal("no fork-cow")
	}
	lab, err := sim.NewLab(l.Config(1))
	if err != nil {
		t.Fatal(err)
	}
	p := Start(l)
	observe := func(evs []sim.Event) bool {
		return p.Observe(l, &Observation{State: lab.Machine().State(), Events: evs})
	}
	do := func() {
		s, _ := p.Current(l)
		evs, err := s.Play(lab, 1_000_000)
		if err != nil {
			t.Fatal(err)
		}
		if !observe(evs) {
			t.Fatalf("step %d not done after Play", p.Step+1)
		}
	}
	if err := p.Next(l); !errors.Is(err, ErrNotDone) {
		t.Errorf("Next before the step is done: %v", err)
	}
	if err := p.Predict(l, "maybe"); !errors.Is(err, ErrBadAnswer) {
		t.Errorf("Predict(maybe): %v", err)
	}
	// Step 1: predict wrongly (a copy), do it, graded wrong.
	if err := p.Predict(l, "copied"); err != nil {
		t.Fatal(err)
	}
	if err := p.Predict(l, "shared"); !errors.Is(err, ErrAnswered) {
		t.Errorf("a second prediction: %v", err)
	}
	do()
	if p.OK || p.Right != "shared" {
		t.Errorf("step 1 graded %+v, want wrong with right answer shared", p)
	}
	if err := p.Next(l); err != nil {
		t.Fatal(err)
	}
	// Step 2: predict rightly.
	if err := p.Predict(l, "ten"); err != nil {
		t.Fatal(err)
	}
	do()
	if !p.OK {
		t.Errorf("step 2 graded %+v, want right", p)
	}
	p.Next(l)
	// Step 3 by hand: the student types the command; no prediction made.
	if observe(nil) {
		t.Fatal("step 3 done before anything happened")
	}
	evs := lab.Apply(sim.Command{Op: sim.CmdWrite, Tid: 3, Name: "value", N: 7})
	if !observe(evs) || p.Right != "keep" || p.OK {
		t.Errorf("step 3 by hand: %+v, want done, right answer keep, not graded", p)
	}
	p.Next(l)
	// Step 4: a number, typed with a separator.
	if err := p.Predict(l, "30"); err != nil {
		t.Fatal(err)
	}
	do()
	if !p.OK || p.Right != "30" {
		t.Errorf("step 4: %+v, want 30 right", p)
	}
	p.Next(l)
	if err := p.Predict(l, "x"); !errors.Is(err, ErrNoPredict) {
		t.Errorf("predict on a step without a question: %v", err)
	}
	do()
	if err := p.Next(l); err != nil || !p.Finished(l) {
		t.Fatalf("after the last step: %v, %+v", err, p)
	}
	if p.Predicted != 3 || p.Correct != 2 {
		t.Errorf("tally %d of %d, want 2 of 3", p.Correct, p.Predicted)
	}
	if err := p.Next(l); !errors.Is(err, ErrFinished) {
		t.Errorf("Next after the end: %v", err)
	}
	if err := p.Valid(l); err != nil {
		t.Errorf("a real progress is invalid: %v", err)
	}
	for _, bad := range []Progress{
		{Lesson: "deadlock", Step: 1},
		{Lesson: "fork-cow", Step: 9},
		{Lesson: "fork-cow", Step: 1, Predicted: 2, Correct: 1},
		{Lesson: "fork-cow", Step: 2, Predicted: 1, Correct: 2},
		{Lesson: "fork-cow", Step: 1, Answer: "eleven"},
	} {
		if bad.Valid(l) == nil {
			t.Errorf("progress %+v accepted", bad)
		}
	}
}

func TestCompletionCodesVerifyAndRefuseEdits(t *testing.T) {
	s, err := NewSigner([]byte("0123456789abcdef-test-key"))
	if err != nil {
		t.Fatal(err)
	}
	c := Completion{Lesson: "fork-cow", Steps: 5, Predicted: 3, Correct: 2}
	code := s.Code(c)
	if !strings.HasPrefix(code, "fork-cow.5.2.3.") || len(code) != len("fork-cow.5.2.3.")+sigChars {
		t.Fatalf("code %q", code)
	}
	for _, typed := range []string{code, "  " + code + "\n", strings.ToLower(code)} {
		if got, err := s.Verify(typed); err != nil || got != c {
			t.Errorf("Verify(%q) = %+v, %v", typed, got, err)
		}
	}
	other, _ := NewSigner([]byte("another key of sixteen bytes"))
	edited := strings.Replace(code, ".5.2.3.", ".5.3.3.", 1)
	for _, bad := range []struct {
		signer *Signer
		code   string
	}{
		{s, edited}, {other, code}, {s, "fork-cow"}, {s, "fork-cow.5.2.3"}, {s, "Bad_Name.1.0.0.AAAAAAAAAA"},
		{s, "fork-cow.5.x.3.AAAAAAAAAA"}, {s, code[:len(code)-1]},
	} {
		if _, err := bad.signer.Verify(bad.code); !errors.Is(err, ErrBadCode) {
			t.Errorf("Verify(%q) = %v, want ErrBadCode", bad.code, err)
		}
	}
	if _, err := NewSigner([]byte("short")); err == nil {
		t.Error("a 5-byte key was accepted")
	}
}

func TestSealedProgressRoundTripsAndRefusesEdits(t *testing.T) {
	s, _ := NewSigner([]byte("0123456789abcdef"))
	p := Progress{Lesson: "deadlock", Step: 1, Answer: "both-wait", Predicted: 1, Correct: 1}
	sealed := s.SealProgress(p)
	if got, err := s.OpenProgress(sealed); err != nil || got != p {
		t.Fatalf("OpenProgress = %+v, %v", got, err)
	}
	body, sig, _ := strings.Cut(sealed, ".")
	forged := s.SealProgress(Progress{Lesson: "deadlock", Step: 2, Predicted: 1, Correct: 1})
	fb, _, _ := strings.Cut(forged, ".")
	for _, bad := range []string{body, fb + "." + sig, "x." + sig, strings.Repeat("a", 2000)} {
		if _, err := s.OpenProgress(bad); !errors.Is(err, ErrBadProgress) {
			t.Errorf("OpenProgress(%.30q) = %v, want ErrBadProgress", bad, err)
		}
	}
}

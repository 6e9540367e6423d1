package lessons

import (
	"errors"
	"fmt"
)

// Progress is where a student is in a lesson: the current step, the
// prediction made for it, whether its checks have held, and the tally of
// predictions. It is plain data (the page keeps it, signed, in its URL
// fragment) and changes only through the methods below, which follow one
// rule: predict (optional) → do → the checks hold → reveal → next.
type Progress struct {
	Lesson string `json:"l"`
	// Step is the current step, from 0; len(Steps) once finished.
	Step int `json:"s"`
	// Answer is the prediction made for the current step ("" none).
	Answer string `json:"a,omitempty"`
	// Done says the current step's checks held: its reveal is shown.
	Done bool `json:"d,omitempty"`
	// Right is the simulator's answer to the current step's question,
	// set when it is done; OK says the student's Answer matched it.
	Right string `json:"r,omitempty"`
	OK    bool   `json:"ok,omitempty"`
	// Predicted counts the predictions made in finished steps and
	// Correct the right ones among them.
	Predicted int `json:"p,omitempty"`
	Correct   int `json:"c,omitempty"`
}

// Start is the progress at the start of a lesson.
func Start(l Lesson) Progress { return Progress{Lesson: l.Name} }

// Errors the progress methods return; each is wrapped with the detail.
var (
	ErrFinished  = errors.New("the lesson is finished")
	ErrAnswered  = errors.New("already answered")
	ErrNoPredict = errors.New("this step asks no question")
	ErrNotDone   = errors.New("the step is not done yet")
	ErrBadAnswer = errors.New("not an answer to this question")
)

// Finished reports whether every step is done.
func (p Progress) Finished(l Lesson) bool { return p.Step >= len(l.Steps) }

// Current is the current step (ok false once finished).
func (p Progress) Current(l Lesson) (Step, bool) {
	if p.Step < 0 || p.Step >= len(l.Steps) {
		return Step{}, false
	}
	return l.Steps[p.Step], true
}

// Predict records the student's prediction for the current step. It
// must come before the step is done, once.
func (p *Progress) Predict(l Lesson, answer string) error {
	s, ok := p.Current(l)
	switch {
	case !ok:
		return ErrFinished
	case s.Predict == nil:
		return fmt.Errorf("step %d: %w", p.Step+1, ErrNoPredict)
	case p.Done || p.Answer != "":
		return fmt.Errorf("step %d: %w", p.Step+1, ErrAnswered)
	}
	if err := s.Predict.CheckAnswer(answer); err != nil {
		return fmt.Errorf("%w: %v", ErrBadAnswer, err)
	}
	p.Answer = answer
	return nil
}

// Observe looks at the lab after something happened: when the current
// step's checks all hold it is done, and its prediction, if one was
// made, is graded against the simulator. It reports whether the step
// became done now.
func (p *Progress) Observe(l Lesson, o *Observation) bool {
	s, ok := p.Current(l)
	if o.Lesson == nil {
		o.Lesson = &l
	}
	if !ok || p.Done || !s.Done(o) {
		return false
	}
	p.Done = true
	if s.Predict != nil {
		right, err := s.Predict.Answer(o)
		if err == nil {
			p.Right = right
		}
		if p.Answer != "" {
			p.OK, _, _ = s.Predict.Grade(p.Answer, o)
		}
	}
	return true
}

// Next moves on from a done step.
func (p *Progress) Next(l Lesson) error {
	if p.Finished(l) {
		return ErrFinished
	}
	if !p.Done {
		return fmt.Errorf("step %d: %w", p.Step+1, ErrNotDone)
	}
	if p.Answer != "" {
		p.Predicted++
		if p.OK {
			p.Correct++
		}
	}
	*p = Progress{Lesson: p.Lesson, Step: p.Step + 1, Predicted: p.Predicted, Correct: p.Correct}
	return nil
}

// Valid checks progress read back from a page against the lesson, so a
// hand-edited one cannot point past the lesson or claim more right
// predictions than there were questions.
func (p Progress) Valid(l Lesson) error {
	questions := 0
	for _, s := range l.Steps[:min(max(p.Step, 0), len(l.Steps))] {
		if s.Predict != nil {
			questions++
		}
	}
	switch {
	case p.Lesson != l.Name:
		return fmt.Errorf("progress is for lesson %q, not %q", p.Lesson, l.Name)
	case p.Step < 0 || p.Step > len(l.Steps):
		return fmt.Errorf("step %d: the lesson has %d", p.Step+1, len(l.Steps))
	case p.Correct < 0 || p.Correct > p.Predicted || p.Predicted > questions:
		return fmt.Errorf("%d of %d predictions right after %d questions", p.Correct, p.Predicted, questions)
	case p.Step == len(l.Steps) && (p.Done || p.Answer != ""):
		return fmt.Errorf("a finished lesson has no current step")
	}
	if s, ok := p.Current(l); ok && p.Answer != "" {
		if s.Predict == nil || s.Predict.CheckAnswer(p.Answer) != nil {
			return fmt.Errorf("step %d: answer %q: %w", p.Step+1, p.Answer, ErrBadAnswer)
		}
	}
	return nil
}

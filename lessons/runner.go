package lessons

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"procscope/sim"
)

// This file is the step runner. It is pure: it reads states and events
// and, to resolve "until CHECK", steps a clone of the machine; it never
// changes the lab it is given. The server and the lesson tests use the
// same functions, so what a test proves is what a student sees.

// Evaluate checks every check of the step against an observation.
func (s Step) Evaluate(o *Observation) []Result {
	out := make([]Result, len(s.Checks))
	for i, c := range s.Checks {
		out[i] = c.Eval(o)
	}
	return out
}

// Done reports whether every check of the step holds.
func (s Step) Done(o *Observation) bool {
	for _, r := range s.Evaluate(o) {
		if !r.OK {
			return false
		}
	}
	return true
}

// ErrNoAnswer says the simulator's state does not single out one right
// choice: a lesson bug the lesson tests catch.
var ErrNoAnswer = errors.New("no single right answer")

// Answer is the right answer after the step ran, as the student would
// type or pick it: a choice id, or a number.
func (p *Prediction) Answer(o *Observation) (string, error) {
	if p.Number != nil {
		v := p.Number.Read(o)
		if v.Missing != "" {
			return "", fmt.Errorf("%w: %s", ErrNoAnswer, v.Missing)
		}
		return strconv.FormatInt(v.Num, 10), nil
	}
	var right []string
	for id, c := range p.Choices {
		if c.Eval(o).OK {
			right = append(right, id)
		}
	}
	if len(right) != 1 {
		return "", fmt.Errorf("%w: choices %v hold", ErrNoAnswer, right)
	}
	return right[0], nil
}

// CheckAnswer says whether a prediction is well formed for the question:
// one of the choice ids, or a number.
func (p *Prediction) CheckAnswer(answer string) error {
	if p.Number != nil {
		_, err := parseAnswerNumber(answer)
		return err
	}
	if _, ok := p.Choices[answer]; !ok {
		return fmt.Errorf("%q is not one of the choices", answer)
	}
	return nil
}

// Grade compares a student's answer with the simulator's.
func (p *Prediction) Grade(answer string, o *Observation) (correct bool, right string, err error) {
	right, err = p.Answer(o)
	if err != nil {
		return false, "", err
	}
	if p.Number != nil {
		n, err := parseAnswerNumber(answer)
		if err != nil {
			return false, right, err
		}
		return strconv.FormatInt(n, 10) == right, right, nil
	}
	return answer == right, right, nil
}

// parseAnswerNumber reads a typed number, allowing thousands separators
// ("1,351") and spaces.
func parseAnswerNumber(s string) (int64, error) {
	clean := strings.NewReplacer(",", "", " ", "", "_", "").Replace(strings.TrimSpace(s))
	n, err := strconv.ParseInt(clean, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	return n, nil
}

// MaxUntil bounds how far "until CHECK" looks ahead, in instructions.
const MaxUntil = 100_000

// Resolve turns an action into the lab command that does it on machine
// m: a command as written, or for "until CHECK" the `step N` after which
// the check first holds (events counted from the action's start). N = 0
// (it holds already) gives ok = false: nothing to apply. The check is
// looked for on a clone, so m does not change.
func (a Action) Resolve(m *sim.Machine, limit int64) (c sim.Command, ok bool, err error) {
	if a.Until == nil {
		return a.Command, true, nil
	}
	bound := min(int64(MaxUntil), limit)
	parts := a.Until.parts() // only what the check reads: it is read after every instruction
	o := Observation{State: m.StateOf(parts)}
	if a.Until.Eval(&o).OK {
		return sim.Command{}, false, nil
	}
	probe := m.Clone()
	for n := int64(1); n <= bound; n++ {
		o.Events = append(o.Events, probe.Apply(sim.Command{Op: sim.CmdStep, N: 1})...)
		probe.StateInto(&o.State, parts) // the last state is read no more
		if a.Until.Eval(&o).OK {
			return sim.Command{Op: sim.CmdStep, N: n}, true, nil
		}
		if isIdle(o.Events) {
			break
		}
	}
	return sim.Command{}, false, fmt.Errorf("%s: does not happen within %d instructions", a.Src, bound)
}

// isIdle reports whether the last step found nothing to run.
func isIdle(evs []sim.Event) bool {
	return len(evs) > 0 && evs[len(evs)-1].Kind == sim.EvIdle
}

// Play runs a step's actions on a lab, as "do it" does, and returns the
// events they caused. An action that cannot be resolved stops it.
func (s Step) Play(lab *sim.Lab, limit int64) ([]sim.Event, error) {
	var evs []sim.Event
	for _, a := range s.Run {
		c, ok, err := a.Resolve(lab.Machine(), limit)
		if err != nil {
			return evs, err
		}
		if ok {
			evs = append(evs, lab.Apply(c)...)
		}
	}
	return evs, nil
}

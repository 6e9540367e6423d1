package lessons

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"procscope/sim"
)

// Step is one step of a lesson: what to do, an optional prediction made
// before doing it, the checks that say it was done, and what the reveal
// points at. Its words, in each language, are in StepText.
type Step struct {
	// Run is what "do it" applies for the student, in order.
	Run []Action
	// Checks must all hold (on the state after the step, and the events
	// since it began) for the step to count as done.
	Checks []Check
	// Predict is the question asked before the step runs (nil: none).
	Predict *Prediction
	// Show names what the reveal highlights on the page.
	Show []Target
	// Text is the step's words by language.
	Text map[string]StepText
}

// Action is one thing "do it" applies: a lab command (docs/commands.md)
// or, when Until is set, "run until this check holds", which the runner
// turns into one `step N` (see Runner.Resolve).
type Action struct {
	Src     string
	Command sim.Command
	Until   *Check
}

// Prediction is a question whose right answer the simulator gives: for a
// choice question, the one choice whose check holds after the step; for a
// number question, the value of a probe after the step.
type Prediction struct {
	// Choices maps a choice id to the check that makes it right.
	Choices map[string]Check
	// Number is the probe whose value is the answer (for number questions).
	Number *Probe
}

// Target is one thing the reveal highlights: "process 3", "thread 3",
// "global 2 value", "frame 2 value" (the frame holding it), "region 3
// stack", "line 12" or "cost switching".
type Target struct {
	Kind string
	Args []string
}

func (t Target) String() string { return strings.TrimSpace(t.Kind + " " + strings.Join(t.Args, " ")) }

// targetKinds: each highlight kind with its argument kinds (as probes').
var targetKinds = map[string]string{
	"process": "p", "thread": "p", "global": "pn", "frame": "pn", "region": "pg", "line": "l", "cost": "c",
}

// TargetKinds lists the highlight vocabulary.
func TargetKinds() []string {
	var out []string
	for k := range targetKinds {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

var regionWords = []string{"text", "rodata", "data", "bss", "heap", "mmap", "shared", "stack", "guard"}

// stepMeta is one step as lesson.json writes it.
type stepMeta struct {
	Run     []string `json:"run"`
	Check   []string `json:"check"`
	Predict *struct {
		Choices map[string]string `json:"choices"`
		Number  string            `json:"number"`
	} `json:"predict"`
	Show []string `json:"show"`
}

// parseStep checks and parses one step of lesson.json; lines is the
// program's line count (for "line N" targets).
func parseStep(m stepMeta, lines int) (Step, error) {
	var s Step
	if len(m.Run) == 0 {
		return s, fmt.Errorf("no run: every step says what to do")
	}
	if len(m.Check) == 0 {
		return s, fmt.Errorf("no check: every step says how the lab shows it was done")
	}
	for _, r := range m.Run {
		a, err := ParseAction(r)
		if err != nil {
			return s, err
		}
		s.Run = append(s.Run, a)
	}
	for _, c := range m.Check {
		ck, err := ParseCheck(c)
		if err != nil {
			return s, err
		}
		s.Checks = append(s.Checks, ck)
	}
	if p := m.Predict; p != nil {
		pr, err := parsePrediction(p.Choices, p.Number)
		if err != nil {
			return s, err
		}
		s.Predict = pr
	}
	for _, t := range m.Show {
		tg, err := parseTarget(t, lines)
		if err != nil {
			return s, err
		}
		s.Show = append(s.Show, tg)
	}
	return s, nil
}

// ParseAction parses one "run" entry: a command, or "until CHECK".
func ParseAction(src string) (Action, error) {
	if rest, ok := strings.CutPrefix(strings.TrimSpace(src), "until "); ok {
		cond := strings.Fields(rest)[0]
		if cond != sim.UntilSwitch && cond != sim.UntilHalt {
			c, err := ParseCheck(rest)
			if err != nil {
				return Action{}, fmt.Errorf("run %q: %w", src, err)
			}
			return Action{Src: src, Until: &c}, nil
		}
	}
	c, err := sim.ParseCommand(src)
	if err != nil {
		return Action{}, fmt.Errorf("run %q: %w", src, err)
	}
	return Action{Src: src, Command: c}, nil
}

func parsePrediction(choices map[string]string, number string) (*Prediction, error) {
	switch {
	case len(choices) > 0 && number != "":
		return nil, fmt.Errorf("predict: choices or number, not both")
	case number != "":
		p, err := ParseProbe(strings.Fields(number))
		if err != nil || p.lit || p.wordsOf() != nil {
			return nil, fmt.Errorf("predict number %q: want a probe that reads a number (%v)", number, err)
		}
		return &Prediction{Number: &p}, nil
	case len(choices) < 2:
		return nil, fmt.Errorf("predict: want at least two choices or a number")
	}
	pr := &Prediction{Choices: map[string]Check{}}
	for id, src := range choices {
		if !choiceID(id) {
			return nil, fmt.Errorf("predict: choice id %q: want a-z, 0-9 and dashes", id)
		}
		c, err := ParseCheck(src)
		if err != nil {
			return nil, fmt.Errorf("predict choice %s: %w", id, err)
		}
		pr.Choices[id] = c
	}
	return pr, nil
}

func choiceID(s string) bool {
	if s == "" || len(s) > 16 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

func parseTarget(src string, lines int) (Target, error) {
	f := strings.Fields(src)
	if len(f) == 0 {
		return Target{}, fmt.Errorf("show: empty target")
	}
	kinds, ok := targetKinds[f[0]]
	if !ok {
		return Target{}, fmt.Errorf("show %q: unknown target (want one of %s)", src, strings.Join(TargetKinds(), ", "))
	}
	if len(f)-1 != len(kinds) {
		return Target{}, fmt.Errorf("show %q: %s takes %d argument(s)", src, f[0], len(kinds))
	}
	for i, a := range f[1:] {
		var err error
		switch kinds[i] {
		case 'g':
			if !slices.Contains(regionWords, a) {
				err = fmt.Errorf("unknown region %q (want %s)", a, strings.Join(regionWords, ", "))
			}
		case 'l':
			if n, e := strconv.Atoi(a); e != nil || n < 1 || n > lines {
				err = fmt.Errorf("line %q: the program has lines 1 to %d", a, lines)
			}
		default:
			err = checkArg(kinds[i], a)
		}
		if err != nil {
			return Target{}, fmt.Errorf("show %q: %w", src, err)
		}
	}
	return Target{Kind: f[0], Args: f[1:]}, nil
}

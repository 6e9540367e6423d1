package lessons

import (
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"procscope/sim"
)

// walk plays every step of a lesson as "do it" would and hands each
// step's observation to visit.
func walk(t *testing.T, l Lesson, visit func(i int, s Step, o *Observation)) {
	t.Helper()
	lab, err := sim.NewLab(l.Config(1))
	if err != nil {
		t.Fatalf("lesson does not build: %v", err)
	}
	for i, s := range l.Steps {
		evs, err := s.Play(lab, 1_000_000)
		if err != nil {
			t.Fatalf("step %d: %v", i+1, err)
		}
		visit(i, s, &Observation{State: lab.Machine().State(), Events: evs, Lesson: &l})
	}
}

// TestEveryStepOfEveryLessonHoldsOnTheSimulator is the lessons' proof:
// played in order, each step's checks hold, each prediction has exactly
// one right answer, and every number a reveal names is one the simulator
// measured in that step or an earlier one (a check's side, an argument,
// the answer, a run command's number), in both languages.
func TestEveryStepOfEveryLessonHoldsOnTheSimulator(t *testing.T) {
	ls, err := All()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		t.Run(l.Name, func(t *testing.T) {
			allowed := map[string]bool{}
			walk(t, l, func(i int, s Step, o *Observation) {
				for _, r := range s.Evaluate(o) {
					if !r.OK {
						t.Errorf("step %d (%s): check %q fails: left %v, right %v", i+1, s.Text["en"].Title, r.Check, r.Left, r.Right)
					}
				}
				for n := range measured(s, o) {
					allowed[n] = true
				}
				if s.Predict != nil {
					ans, err := s.Predict.Answer(o)
					if err != nil {
						t.Errorf("step %d: %v", i+1, err)
					}
					allowed[ans] = true
					for _, lang := range Langs {
						for _, c := range s.Text[lang].Choices {
							if c.ID != ans && s.Text[lang].Feedback(c.ID) == "" {
								t.Errorf("step %d %s: the wrong choice %s has no feedback", i+1, lang, c.ID)
							}
						}
					}
				}
				for _, lang := range Langs {
					for _, n := range numbersIn(s.Text[lang].Reveal) {
						if !allowed[n] {
							t.Errorf("step %d %s reveal names %s, which no check of the step measured (measured: %v)", i+1, lang, n, keys(allowed))
						}
					}
				}
			})
		})
	}
}

// measured is every number a step's checks read or name, and the lines
// and pids its highlights and commands name.
func measured(s Step, o *Observation) map[string]bool {
	out := map[string]bool{}
	add := func(p Probe) {
		for _, a := range p.Args {
			out[a] = true
			for _, f := range strings.FieldsFunc(a, func(r rune) bool { return r == ',' || r == '=' }) {
				out[f] = true // a recorded run's settings: nthreads=8 names 8
			}
		}
		if v := p.Read(o); v.Missing == "" && !v.IsWord {
			out[strconv.FormatInt(v.Num, 10)] = true
		}
	}
	for _, c := range s.Checks {
		add(c.Left)
		add(c.Right)
	}
	for _, t := range s.Show {
		for _, a := range t.Args {
			out[a] = true
		}
	}
	for _, a := range s.Run {
		for _, f := range strings.Fields(a.Src) {
			if _, err := strconv.Atoi(f); err == nil {
				out[f] = true
			}
		}
	}
	return out
}

var numberRE = regexp.MustCompile(`[0-9][0-9,]*`)

// numbersIn lists the numbers a text names, thousands separators
// dropped; digits glued to a letter (x86, SIGSEGV's names) are not numbers.
func numbersIn(text string) []string {
	var out []string
	for _, m := range numberRE.FindAllStringIndex(text, -1) {
		if m[0] > 0 && isWordByte(text[m[0]-1]) || m[1] < len(text) && isWordByte(text[m[1]]) {
			continue
		}
		out = append(out, strings.ReplaceAll(strings.TrimRight(text[m[0]:m[1]], ","), ",", ""))
	}
	return out
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_'
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestNumbersInSkipsNamesWithDigits(t *testing.T) {
	got := numbersIn("x86 runs 1,351 instructions; pid 3 printed 20, then SIGSEGV.")
	if want := []string{"1351", "3", "20"}; !slices.Equal(got, want) {
		t.Errorf("numbersIn = %v, want %v", got, want)
	}
}

// TestDocsListTheWholeVocabulary keeps docs/lessons.md and the code in
// step: every probe and every highlight target has a row.
func TestDocsListTheWholeVocabulary(t *testing.T) {
	b, err := os.ReadFile("../docs/lessons.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, p := range ProbeNames() {
		if !strings.Contains(doc, "| `"+p) && !strings.Contains(doc, ", `"+p) {
			t.Errorf("docs/lessons.md has no row for the probe %q", p)
		}
	}
	for _, k := range TargetKinds() {
		if !strings.Contains(doc, "| `"+k+" ") {
			t.Errorf("docs/lessons.md has no row for the target %q", k)
		}
	}
}

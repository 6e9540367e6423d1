package lessons

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// StepText is one step's words in one language, all Markdown.
type StepText struct {
	// Title is the step's heading.
	Title string
	// Do says what to do.
	Do string
	// Question is the prediction's question (empty: no prediction).
	Question string
	// Choices are the answers offered, in the order the text lists them.
	Choices []Choice
	// Wrong is the feedback on a wrong answer, keyed by choice id or by
	// the number given; "" is the feedback for any other wrong answer.
	Wrong map[string]string
	// Reveal explains what happened, pointing at the picture.
	Reveal string
}

// Choice is one offered answer.
type Choice struct {
	ID    string
	Label string
}

// Feedback is the text for a wrong answer: its own, else the default.
func (t StepText) Feedback(answer string) string {
	if f, ok := t.Wrong[answer]; ok {
		return f
	}
	return t.Wrong[""]
}

// choiceRE is a choice line of the question: "- (a) the same frame".
var choiceRE = regexp.MustCompile(`^[-*] \(([a-z0-9-]{1,16})\) (.+)$`)

// parseText splits a lesson's Markdown into the intro (before the first
// "## ") and one StepText per "## " section. Inside a section, "###
// question", "### wrong [ID|NUMBER]" and "### reveal" start the parts;
// the text before the first of them is the step's instruction. Headings
// inside ``` fences are text.
func parseText(src string) (intro string, steps []StepText, err error) {
	var cur *StepText
	part := "do"
	key := ""
	var buf []string
	flush := func() error {
		text := strings.TrimSpace(strings.Join(buf, "\n"))
		buf = nil
		if cur == nil {
			intro = text
			return nil
		}
		switch part {
		case "do":
			cur.Do = text
		case "question":
			var q []string
			for _, line := range strings.Split(text, "\n") {
				if m := choiceRE.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
					cur.Choices = append(cur.Choices, Choice{ID: m[1], Label: m[2]})
				} else {
					q = append(q, line)
				}
			}
			cur.Question = strings.TrimSpace(strings.Join(q, "\n"))
			if cur.Question == "" {
				return fmt.Errorf("step %q: the question has no text", cur.Title)
			}
		case "wrong":
			if _, dup := cur.Wrong[key]; dup {
				return fmt.Errorf("step %q: two \"### wrong %s\" parts", cur.Title, key)
			}
			cur.Wrong[key] = text
		case "reveal":
			cur.Reveal = text
		}
		if text == "" && part != "do" {
			return fmt.Errorf("step %q: \"### %s\" is empty", cur.Title, part)
		}
		return nil
	}
	fence := false
	for _, line := range strings.Split(src, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fence = !fence
		}
		switch {
		case !fence && strings.HasPrefix(line, "## "):
			if err := flush(); err != nil {
				return "", nil, err
			}
			steps = append(steps, StepText{Title: strings.TrimSpace(line[3:]), Wrong: map[string]string{}})
			cur, part, key = &steps[len(steps)-1], "do", ""
			continue
		case !fence && strings.HasPrefix(line, "### ") && cur != nil:
			f := strings.Fields(line[4:])
			switch {
			case len(f) == 1 && (f[0] == "question" || f[0] == "reveal" || f[0] == "wrong"),
				len(f) == 2 && f[0] == "wrong":
				if err := flush(); err != nil {
					return "", nil, err
				}
				part, key = f[0], ""
				if len(f) == 2 {
					key = f[1]
				}
				continue
			}
		}
		buf = append(buf, line)
	}
	if fence {
		return "", nil, fmt.Errorf("a ``` fence is never closed")
	}
	return intro, steps, flush()
}

// matchText checks one language's step texts against the steps of
// lesson.json: the same number of steps, an instruction and a reveal in
// each, a question exactly where there is a prediction, the same choice
// ids, and feedback for every answer that can be wrong.
func matchText(lang string, steps []Step, texts []StepText) error {
	if len(texts) != len(steps) {
		return fmt.Errorf("%s.md has %d steps (\"## \" sections), lesson.json %d", lang, len(texts), len(steps))
	}
	for i, t := range texts {
		s := steps[i]
		where := fmt.Sprintf("%s.md step %d (%s)", lang, i+1, t.Title)
		switch {
		case t.Do == "":
			return fmt.Errorf("%s: no instruction before its first ### part", where)
		case t.Reveal == "":
			return fmt.Errorf("%s: no \"### reveal\"", where)
		case s.Predict == nil && t.Question != "":
			return fmt.Errorf("%s: a question, but lesson.json has no predict", where)
		case s.Predict != nil && t.Question == "":
			return fmt.Errorf("%s: lesson.json predicts, but there is no \"### question\"", where)
		case s.Predict == nil && len(t.Wrong) > 0:
			return fmt.Errorf("%s: \"### wrong\" without a prediction", where)
		}
		if s.Predict == nil {
			continue
		}
		if err := matchPrediction(where, s.Predict, t); err != nil {
			return err
		}
	}
	return nil
}

func matchPrediction(where string, p *Prediction, t StepText) error {
	if p.Number != nil {
		if len(t.Choices) > 0 {
			return fmt.Errorf("%s: a number question lists choices", where)
		}
		if t.Wrong[""] == "" {
			return fmt.Errorf("%s: a number question needs a plain \"### wrong\" for any wrong number", where)
		}
		for k := range t.Wrong {
			if _, err := parseAnswerNumber(k); k != "" && err != nil {
				return fmt.Errorf("%s: \"### wrong %s\": want a number", where, k)
			}
		}
		return nil
	}
	var ids, want []string
	for _, c := range t.Choices {
		ids = append(ids, c.ID)
	}
	for id := range p.Choices {
		want = append(want, id)
	}
	got := slices.Clone(ids)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		return fmt.Errorf("%s: choices %v, lesson.json has %v", where, got, want)
	}
	// Which choice is right only the simulator says (the lesson tests
	// check that it lacks no feedback); here at most one may go without.
	var bare []string
	for _, c := range t.Choices {
		if _, ok := t.Wrong[c.ID]; !ok && t.Wrong[""] == "" {
			bare = append(bare, c.ID)
		}
	}
	if len(bare) > 1 {
		return fmt.Errorf("%s: choices %v have no feedback (\"### wrong ID\" or a plain \"### wrong\"); only the right one may go without", where, bare)
	}
	for k := range t.Wrong {
		if k != "" && !slices.Contains(ids, k) {
			return fmt.Errorf("%s: \"### wrong %s\" names no choice", where, k)
		}
	}
	return nil
}

package templates

import (
	"bytes"
	"context"
	"io"
	"strings"

	"github.com/a-h/templ"
)

// LessonStep is the lesson's current step as the panel shows it, in one
// language. Texts are Markdown.
type LessonStep struct {
	Lesson       string // "" when no lesson runs (the panel is hidden)
	Index, Total int    // the current step, from 1; Index == Total+1 when finished
	Title        string
	Do           string
	Run          []string // what "do it" applies, as commands the student can type
	Question     string
	Number       bool // a number question (else choices)
	Choices      []LessonChoice
	Answer       string // the prediction made ("" none)
	Done         bool   // the step's checks held: feedback and reveal follow
	OK           bool
	RightLabel   string // the right answer, as its choice's label or the number
	Feedback     string
	Reveal       string
	// Show is what the reveal highlights, for the page script:
	// space-separated tokens such as process:3 thread:3 region:2:stack
	// global:2:value frame:5 line:13 cost:sync.
	Show               string
	Predicted, Correct int
	Finished           bool
	Code               string // the completion code, once finished
	// Random offers an OSTEP lesson's "try random interrupts", once
	// finished (nil: not offered).
	Random *RandomTry
	Sealed string // the signed progress for the URL fragment
}

// LessonChoice is one offered answer.
type LessonChoice struct {
	ID, Label string
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// MarkdownInline renders a short Markdown text (a choice's label) without
// the paragraph around it.
func MarkdownInline(src string) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		var b bytes.Buffer
		if err := Markdown(src).Render(ctx, &b); err != nil {
			return err
		}
		s := strings.TrimSpace(b.String())
		if strings.HasPrefix(s, "<p>") && strings.HasSuffix(s, "</p>") && strings.Count(s, "<p>") == 1 {
			s = s[len("<p>") : len(s)-len("</p>")]
		}
		_, err := io.WriteString(w, s)
		return err
	})
}

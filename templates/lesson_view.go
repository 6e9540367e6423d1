package templates

import (
	"bytes"
	"context"
	"html"
	"io"
	"strings"

	"github.com/a-h/templ"
)

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

// peekText is what the one-line step (LessonPeek) says: the question
// while it waits for a prediction, else what to do, and once the step is
// done the start of its reveal; the first paragraph, as plain text.
func peekText(s LessonStep) string {
	src := s.Do
	switch {
	case s.Finished || s.Done:
		src = s.Reveal
	case s.Question != "" && s.Answer == "":
		src = s.Question
	}
	if s.Finished && src == "" {
		return ""
	}
	para, _, _ := strings.Cut(strings.TrimSpace(src), "\n\n")
	return plainText(para)
}

// plainText is one paragraph of Markdown as the words a reader sees:
// rendered, its inline tags dropped (so `value`는 stays one word) and
// its white space made single.
func plainText(src string) string {
	var b bytes.Buffer
	if err := md.Convert([]byte(src), &b); err != nil {
		return strings.Join(strings.Fields(src), " ")
	}
	var out strings.Builder
	inTag := false
	for _, r := range b.String() {
		switch {
		case r == '<':
			inTag = true
		case r == '>' && inTag:
			inTag = false
		case !inTag:
			out.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(html.UnescapeString(out.String())), " ")
}

package templates

import (
	"bytes"
	"context"
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

package templates

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestLessonMarkdownBecomesBlocksAndStaysText(t *testing.T) {
	src := "# Title\n\nA **bold** word and `code`.\nSecond line.\n\n1. one\n   continued\n2. two\n\n- a\n- b <script>x</script>\n\n```\nmov $1, %ax\n```\n"
	bs := mdBlocks(src)
	var kinds []string
	for _, b := range bs {
		kinds = append(kinds, b.Kind)
	}
	if got, want := strings.Join(kinds, ","), "h,p,ol,ul,code"; got != want {
		t.Fatalf("blocks %s, want %s", got, want)
	}
	if got := bs[2].Items[0]; len(got) != 1 || got[0].Text != "one continued" {
		t.Errorf("list item with a continuation line = %+v, want one continued", got)
	}
	var b bytes.Buffer
	lab := Lab{Lessons: []LessonItem{{Name: "x", Title: "X", Current: true}}, Lesson: LessonText{Name: "x", Title: "X", Text: src}}
	if err := LessonPanel(For("en"), Options{Controls: "full"}, lab).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{"<h3>Title</h3>", "<strong>bold</strong>", "<code>code</code>", "&lt;script&gt;", "<pre><code>mov $1, %ax</code></pre>", `data-op="load" data-lesson="x" aria-pressed="true"`} {
		if !strings.Contains(html, want) {
			t.Errorf("lesson panel lacks %s:\n%s", want, html)
		}
	}
}

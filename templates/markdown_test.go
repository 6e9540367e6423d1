package templates

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestLessonMarkdownRendersWithoutRawHTML: lesson text is CommonMark
// (headings moved under the panel's h2, lists, code, emphasis, links,
// tables), and nothing a lesson writes becomes markup or script of its
// own: raw HTML is left out and javascript: links lose their target.
func TestLessonMarkdownRendersWithoutRawHTML(t *testing.T) {
	src := "# Title\n\nA **bold** word, *emphasis* and `code`.\nSecond line.\n\n1. one\n   continued\n2. two\n\n" +
		"- a\n- b <script>alert(1)</script>\n\n```\nmov $1, %ax\n```\n\n[OSTEP](https://ostep.org) and [bad](javascript:alert(1))\n\n" +
		"| a | b |\n|---|---|\n| 1 | 2 |\n\n<div onclick=\"x()\">raw</div>\n"
	var b bytes.Buffer
	lab := Lab{Lessons: []LessonItem{{Name: "x", Title: "X", Current: true}}, Lesson: LessonText{Name: "x", Title: "X", Text: src}}
	if err := LessonPanel(For("en"), Options{Controls: "full"}, lab).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{"<h3>Title</h3>", "<strong>bold</strong>", "<em>emphasis</em>", "<code>code</code>",
		"<li>one\ncontinued</li>", "<pre><code>mov $1, %ax\n</code></pre>",
		`<a href="https://ostep.org" target="_blank" rel="noopener noreferrer">OSTEP</a>`, "<table>", "<td>1</td>",
		`data-op="load" data-lesson="x" aria-pressed="true"`} {
		if !strings.Contains(html, want) {
			t.Errorf("lesson panel lacks %s:\n%s", want, html)
		}
	}
	for _, bad := range []string{"<script", "onclick", "javascript:", "<div onclick"} {
		if strings.Contains(html, bad) {
			t.Errorf("lesson panel contains %q:\n%s", bad, html)
		}
	}
}

func TestMarkdownInlineDropsTheParagraph(t *testing.T) {
	var b bytes.Buffer
	if err := MarkdownInline("At the *same* address").Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != "At the <em>same</em> address" {
		t.Errorf("MarkdownInline = %q", got)
	}
}

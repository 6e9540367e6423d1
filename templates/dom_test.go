package templates_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"golang.org/x/net/html"
)

// render renders a component and parses the result as an HTML fragment
// inside a body, so tests query it like a browser would.
func render(t *testing.T, c templ.Component) *html.Node {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader("<!DOCTYPE html><html><body>" + buf.String() + "</body></html>"))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func renderString(t *testing.T, c templ.Component) string {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func hasClass(n *html.Node, class string) bool {
	c, _ := attr(n, "class")
	for _, f := range strings.Fields(c) {
		if f == class {
			return true
		}
	}
	return false
}

// sel is a tiny selector: a tag name (or ""), then attribute tests
// "key=value", "key" (present) or ".class".
func sel(tag string, tests ...string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		if n.Type != html.ElementNode || (tag != "" && n.Data != tag) {
			return false
		}
		for _, tst := range tests {
			switch {
			case strings.HasPrefix(tst, "."):
				if !hasClass(n, tst[1:]) {
					return false
				}
			case strings.Contains(tst, "="):
				k, v, _ := strings.Cut(tst, "=")
				if got, ok := attr(n, k); !ok || got != v {
					return false
				}
			default:
				if _, ok := attr(n, tst); !ok {
					return false
				}
			}
		}
		return true
	}
}

func all(root *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return out
}

func one(t *testing.T, root *html.Node, match func(*html.Node) bool, what string) *html.Node {
	t.Helper()
	got := all(root, match)
	if len(got) != 1 {
		t.Fatalf("want exactly one %s, found %d", what, len(got))
	}
	return got[0]
}

// text is an element's visible text with runs of space folded.
func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

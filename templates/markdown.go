package templates

import (
	"bytes"
	"context"
	"io"

	"github.com/a-h/templ"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// md renders lesson text: CommonMark plus tables and strikethrough, with
// raw HTML off (goldmark leaves it out unless html.WithUnsafe is given,
// and drops javascript: and other dangerous link targets), so a lesson
// can format text but never add markup or script of its own.
var md = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(lessonTransform{}, 100))),
)

// lessonTransform fits Markdown into the lesson panel: headings start at
// h3 (the panel's own title is h2), and links open in a new tab, so a
// click inside an LMS iframe never navigates the lab away.
type lessonTransform struct{}

func (lessonTransform) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			n.Level = min(n.Level+2, 6)
		case *ast.Link, *ast.AutoLink:
			n.SetAttributeString("target", "_blank")
			n.SetAttributeString("rel", "noopener noreferrer")
		}
		return ast.WalkContinue, nil
	})
}

// Markdown renders lesson Markdown as HTML. A text goldmark cannot
// render (it never fails on text, but the writer could) shows as
// escaped text rather than nothing.
func Markdown(src string) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		var b bytes.Buffer
		if err := md.Convert([]byte(src), &b); err != nil {
			_, err = io.WriteString(w, templ.EscapeString(src))
			return err
		}
		_, err := w.Write(b.Bytes())
		return err
	})
}

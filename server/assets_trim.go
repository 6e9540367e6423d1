package server

import (
	"fmt"
	"path"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"
)

// minifier shrinks the stylesheets and scripts once, at startup: the
// files in web/static keep their comments and names for their readers,
// the browser gets what it runs. A parser does this (tdewolff/minify, the
// minifier Hugo uses), not line-by-line trimming: it also shortens local
// names and drops the syntax a script does not need, which took app.js
// from 48 KB trimmed to 34 KB of a first load whose budget is 150 KB
// (docs/performance.md), and it cannot break a string or a template
// literal that spans lines.
var minifier = func() *minify.M {
	m := minify.New()
	m.AddFunc("text/css", css.Minify)
	m.Add("text/javascript", &js.Minifier{KeepVarNames: false})
	return m
}()

// trimAsset is a static file as served: stylesheets and scripts minified,
// anything else as it is. A file the minifier cannot parse is an error at
// startup, not a page that breaks in the browser.
func trimAsset(name string, b []byte) ([]byte, error) {
	media := map[string]string{".css": "text/css", ".js": "text/javascript"}[path.Ext(name)]
	if media == "" {
		return b, nil
	}
	out, err := minifier.Bytes(media, b)
	if err != nil {
		return nil, fmt.Errorf("minify %s: %w", name, err)
	}
	return out, nil
}

package templates

import (
	"context"
	"io"
	"strings"
	"sync"

	"github.com/a-h/templ"
)

// codeCache keeps ProgramCode's markup by program key and language: it
// depends on nothing else, is rendered for every frame, and for a long
// program is the largest part of the page.
var codeCache = struct {
	sync.Mutex
	m map[string]string
}{m: map[string]string{}}

// maxCodeCache bounds the cache; it starts over when full.
const maxCodeCache = 64

// CachedProgramCode is ProgramCode, rendered once per program and language.
func CachedProgramCode(t *Catalog, prog Program) templ.Component {
	if prog.Key == "" {
		return ProgramCode(t, prog)
	}
	key := t.Lang + "\x00" + prog.Key
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		codeCache.Lock()
		html, ok := codeCache.m[key]
		codeCache.Unlock()
		if !ok {
			var b strings.Builder
			if err := ProgramCode(t, prog).Render(ctx, &b); err != nil {
				return err
			}
			html = b.String()
			codeCache.Lock()
			if len(codeCache.m) >= maxCodeCache {
				clear(codeCache.m)
			}
			codeCache.m[key] = html
			codeCache.Unlock()
		}
		_, err := io.WriteString(w, html)
		return err
	})
}

package e2e

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestCompareStylesClickToPaint measures click → paint in the big lab
// with style sheets taken in turn, click by click: the page as it is, then
// each sheet of $PROCSCOPE_PAINT_AB (separated by "|||"), -paint-clicks
// clicks of each kind per sheet. On a shared
// two-core machine two runs one after the other differ by more than most
// changes do; clicks interleaved share the machine's noise, so their
// percentiles can be compared. A diagnosis, not a test:
// it runs only when the variable is set, with -v.
//
//	PROCSCOPE_PAINT_AB='#links{display:none}' go test ./e2e -run CompareStyles -v
func TestCompareStylesClickToPaint(t *testing.T) {
	ab := os.Getenv("PROCSCOPE_PAINT_AB")
	if ab == "" || !testing.Verbose() {
		t.Skip("a diagnosis: set PROCSCOPE_PAINT_AB and run with -v")
	}
	sheets := append([]string{""}, strings.Split(ab, "|||")...)
	ctx := bigLab(t)
	eval[bool](t, ctx, `(window.__ab = new CSSStyleSheet(), document.adoptedStyleSheets = document.adoptedStyleSheets.concat([window.__ab]), true)`)
	for _, c := range kinds {
		parts := make([][6][]float64, len(sheets))
		for i := range *paintClicks * len(sheets) {
			k := i % len(sheets)
			eval[bool](t, ctx, fmt.Sprintf(`(window.__ab.replaceSync(%q), true)`, sheets[k]))
			readyToClick(t, ctx, c.name)
			v := measureClick(t, ctx, c.sel)
			for j := range parts[k] {
				parts[k][j] = append(parts[k][j], v[j])
			}
			undoClick(t, ctx, c.name)
		}
		for k, p := range parts {
			t.Logf("%s, sheet %d %q: click → paint %s", c.name, k, sheets[k], percentiles(p[0]))
			t.Logf("    until the frame arrived %s; applying it %s; animation frame scripts %s; paint after them %s", percentiles(p[1]), percentiles(p[2]), percentiles(p[4]), percentiles(p[5]))
		}
	}
}

package e2e

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestCompareStylesClickToPaint measures click → paint in the big lab
// with style sheets taken in turn, click by click: the page as it is, then
// each sheet of $PROCSCOPE_PAINT_AB (separated by "|||"). On a shared
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
	const clicks = 40 // per sheet and kind
	for _, c := range []struct{ name, sel string }{{"step", "#btn-step"}, {"spawn", "#act-spawn"}} {
		parts := make([][6][]float64, len(sheets))
		for i := range clicks * len(sheets) {
			k := i % len(sheets)
			eval[bool](t, ctx, fmt.Sprintf(`(window.__ab.replaceSync(%q), true)`, sheets[k]))
			if err := chromedp.Do(ctx, chromedp.Sleep(300*time.Millisecond)); err != nil {
				t.Fatal(err)
			}
			if c.name == "spawn" {
				eval[bool](t, ctx, `(document.querySelector('.tcard[data-tid="2"] .sel-thread').click(), true)`)
			}
			v, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64]("("+clickToPaint+")("+fmt.Sprintf("%q", c.sel)+")", chromedpAwait))
			if err != nil {
				t.Fatal(err)
			}
			for j := range parts[k] {
				parts[k][j] = append(parts[k][j], v[j])
			}
			if c.name == "spawn" {
				typeLine(t, ctx, "back")
				waitFor(t, ctx, "back", `!document.getElementById("btn-forward").disabled`)
			}
		}
		for k, p := range parts {
			t.Logf("%s, sheet %d %q: click → paint %s", c.name, k, sheets[k], percentiles(p[0]))
			t.Logf("    until the frame arrived %s; applying it %s; animation frame scripts %s; paint after them %s", percentiles(p[1]), percentiles(p[2]), percentiles(p[4]), percentiles(p[5]))
		}
	}
}

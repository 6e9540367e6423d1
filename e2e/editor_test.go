package e2e

import (
	"fmt"
	"strings"
	"testing"
)

// Issue 9 item 14: the editor numbers its lines, and choosing an assembler
// error puts the cursor on the line it names.
func TestEditorNumbersLinesAndAnErrorLeadsToItsLine(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lang=en")
	click(t, ctx, "#editor > summary")
	src := ".main\nmov $1, %ax\nfrobnicate %ax\nadd $1, %ax\njmp nowhere\nhalt\n" + strings.Repeat("nop\n", 12) + "bogus %zz"
	eval[bool](t, ctx, fmt.Sprintf(`(() => { const e = document.getElementById("program-src"); e.value = %q; e.dispatchEvent(new Event("input")); return true })()`, src))
	lines := strings.Count(src, "\n") + 1
	if got := eval[string](t, ctx, `document.getElementById("program-gutter").textContent.split("\n").pop()`); got != fmt.Sprint(lines) {
		t.Errorf("the gutter's last number is %q, want %d", got, lines)
	}
	click(t, ctx, "#program-load")
	waitFor(t, ctx, "the assembler's errors", `document.querySelectorAll('#program-errors li button').length >= 2`)
	for _, want := range []int{3, lines} {
		if !eval[bool](t, ctx, fmt.Sprintf(`!!document.querySelector('#program-errors button[data-line="%d"]')`, want)) {
			t.Fatalf("no error names line %d: %v", want, eval[[]string](t, ctx, `[...document.querySelectorAll('#program-errors li')].map(l => l.textContent)`))
		}
		click(t, ctx, fmt.Sprintf(`#program-errors button[data-line="%d"]`, want))
		got := eval[[]any](t, ctx, `(() => { const e = document.getElementById("program-src");
			return [document.activeElement === e, e.value.slice(0, e.selectionStart).split("\n").length, e.value.slice(e.selectionStart, e.selectionEnd), e.scrollTop]; })()`)
		wantLine := strings.Split(src, "\n")[want-1]
		if got[0] != true || got[1] != float64(want) || got[2] != wantLine {
			t.Errorf("after choosing the error at line %d: focused %v, cursor on line %v, selected %q; want line %d, %q", want, got[0], got[1], got[2], want, wantLine)
		}
		if want == lines && got[3].(float64) <= 0 {
			t.Errorf("the editor did not scroll to line %d", want)
		}
	}
	axeOn(t, ctx, "#editor")
	eval[bool](t, ctx, `(document.getElementById("editor").scrollIntoView(), true)`)
	viewportShot(t, ctx, "editor-errors", false)
	// the gutter scrolls with the text
	if d := eval[float64](t, ctx, `Math.abs(document.getElementById("program-gutter").scrollTop - document.getElementById("program-src").scrollTop)`); d > 1 {
		t.Errorf("the gutter is %v px off the text", d)
	}
}

package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// With a lesson chosen, the lesson column opens with the lesson, not the
// picker: the picker is folded to one line a keyboard can open, and the
// step's heading is in the first screen. Beside the stage the column
// scrolls on its own under the sticky bar, so reading to the end of a
// step leaves the picture where it was.
func TestLessonColumnFoldsThePickerAndScrollsOnItsOwn(t *testing.T) {
	for _, lang := range []string{"en", "ko"} {
		t.Run(lang, func(t *testing.T) {
			ctx := labTab(t, 1280, 800)
			open(t, ctx, baseURL+"/?lesson=fork-cow&lang="+lang)
			waitFor(t, ctx, "the lesson's first step", `document.getElementById("lesson-step").dataset.step === "1"`)
			if eval[bool](t, ctx, `document.getElementById("lesson-picker").open`) {
				t.Error("with a lesson chosen the picker starts open")
			}
			if out := outOfView(t, ctx, []string{"#lesson-picker > summary", "#lesson .lesson-text h3", "#lesson-step h2"}); len(out) > 0 {
				t.Errorf("not in the first screen: %v", out)
			}
			viewportShot(t, ctx, "lesson-column-"+lang, false)
			if h := boxOf(t, ctx, "#lesson-picker").Bottom - boxOf(t, ctx, "#lesson-picker > summary").Top; h > 40 {
				t.Errorf("the folded picker is %.0f px high, want one line", h)
			}

			// the keyboard opens it
			eval[bool](t, ctx, `(document.querySelector("#lesson-picker > summary").focus(), true)`)
			if err := chromedp.Do(ctx, chromedp.KeyEvent("\r")); err != nil {
				t.Fatal(err)
			}
			waitFor(t, ctx, "the picker open", `document.getElementById("lesson-picker").open`)
			if out := outOfView(t, ctx, []string{"#lesson-fork-cow", "#lesson-default"}); len(out) > 0 {
				t.Errorf("the opened picker does not show %v", out)
			}
			axeOn(t, ctx, "#lesson-box")
			eval[bool](t, ctx, `(document.getElementById("lesson-picker").open = false, true)`)

			// the column is as high as the screen under the bar and
			// scrolls alone
			col, bar := boxOf(t, ctx, "#lesson-box"), boxOf(t, ctx, "#bar")
			if col.Top < bar.Bottom-1 || col.Bottom > 801 {
				t.Errorf("the lesson column spans y %.0f..%.0f, want it between the bar (ends %.0f) and the screen's bottom", col.Top, col.Bottom, bar.Bottom)
			}
			prog := boxOf(t, ctx, "#program-view")
			scrolled := eval[bool](t, ctx, `(b => { b.scrollTop = b.scrollHeight; return b.scrollTop > 0 })(document.getElementById("lesson-box"))`)
			if !scrolled {
				t.Error("the lesson column does not scroll: the lesson is not longer than the screen, or the column is not its own scroller")
			}
			if y := eval[float64](t, ctx, `scrollY`); y != 0 {
				t.Errorf("scrolling the lesson moved the page by %v px", y)
			}
			if now := boxOf(t, ctx, "#program-view"); now.Top != prog.Top {
				t.Errorf("scrolling the lesson moved the program from y %.0f to %.0f", prog.Top, now.Top)
			}
			if out := outOfView(t, ctx, []string{"#lesson-step h2"}); len(out) > 0 {
				t.Errorf("scrolled to its end, the column hides the step: %v", out)
			}
			// when the page scrolls (a stage taller than the screen), the
			// column holds its place just under the bar
			pos := eval[string](t, ctx, `getComputedStyle(document.getElementById("lesson-box")).position`)
			top := eval[float64](t, ctx, `parseFloat(getComputedStyle(document.getElementById("lesson-box")).top)`)
			if pos != "sticky" || top < bar.Bottom-1 || top > bar.Bottom+12 {
				t.Errorf("the lesson column is position %s at top %.1f px, want sticky just under the bar (%.0f px)", pos, top, bar.Bottom)
			}
		})
	}
}

// In the 960×600 lesson embed the command line's Run button is a button a
// person can see and press, with a name a screen reader says.
func TestCommandLineRunButtonIsVisibleInTheEmbed(t *testing.T) {
	for _, lang := range []string{"en", "ko"} {
		t.Run(lang, func(t *testing.T) {
			ctx := labTab(t, 960, 600)
			open(t, ctx, baseURL+"/embed/v1/fork-cow?lang="+lang)
			run, field := boxOf(t, ctx, "#cmd-run"), boxOf(t, ctx, "#cmd")
			h := eval[float64](t, ctx, `document.getElementById("cmd-run").getBoundingClientRect().height`)
			if run.Width < 24 || h < 24 {
				t.Errorf("the Run button is %.0f×%.0f px, want at least 24×24", run.Width, h)
			}
			if run.Left < field.Right-1 || run.Top > field.Bottom || run.Bottom < field.Top {
				t.Errorf("the Run button (x %.0f, y %.0f..%.0f) is not beside the field (ends at x %.0f)", run.Left, run.Top, run.Bottom, field.Right)
			}
			if out := outOfView(t, ctx, []string{"#cmd-run"}); len(out) > 0 {
				t.Errorf("the Run button is not in the first screen: %v", out)
			}
			want := map[string]string{"en": "Run", "ko": "실행"}[lang]
			if got := eval[string](t, ctx, `document.getElementById("cmd-run").textContent.trim()`); got != want {
				t.Errorf("the Run button is named %q, want %q", got, want)
			}
			viewportShot(t, ctx, "cmd-run-embed-"+lang, false)
			axeOn(t, ctx, "#cmdline")
			eval[bool](t, ctx, `(document.getElementById("cmd").value = "frobnicate 2", true)`)
			click(t, ctx, "#cmd-run")
			waitFor(t, ctx, fmt.Sprintf("the Run button's error in %s", lang), `document.getElementById("cmd-hint").classList.contains("err")`)
		})
	}
}

// In an LMS iframe, and wherever the lesson column starts closed, the
// step's question is still in the first screen: one line in the bar,
// beside the command line, that says it and opens the column at the
// step. After the step's fork the whole stage is in the first screen
// beside that line. Where the column starts open the line is not drawn.
func TestTheEmbedSaysTheStepInOneLine(t *testing.T) {
	for _, size := range stageSizes {
		for _, lang := range []string{"en", "ko"} {
			t.Run(size.name+"-"+lang, func(t *testing.T) {
				ctx := labTab(t, size.width, size.height)
				open(t, ctx, baseURL+"/embed/v1/fork-cow?lang="+lang)
				peekShown := `getComputedStyle(document.getElementById("lesson-peek")).display !== "none"`
				if size.width >= 1280 {
					if eval[bool](t, ctx, peekShown) {
						t.Error("the one-line step is drawn beside the open lesson column")
					}
					if out := outOfView(t, ctx, []string{"#lesson-step h2", "#lesson-predict legend"}); len(out) > 0 {
						t.Errorf("the open column does not show the step: %v", out)
					}
					return
				}
				if eval[bool](t, ctx, `document.getElementById("lesson-box").open`) {
					t.Fatal("the lesson column starts open")
				}
				if out := outOfView(t, ctx, []string{"#lesson-peek", "#lesson-peek .peek-open", "#cmd"}); len(out) > 0 {
					t.Errorf("the one-line step is not in the first screen: %v", out)
				}
				// the question as the step panel asks it
				q := eval[string](t, ctx, `document.querySelector("#lesson-predict legend").textContent.replace(/\s+/g, " ").trim()`)
				if got := eval[string](t, ctx, `document.querySelector("#lesson-peek .peek-text").textContent`); got != q || q == "" {
					t.Errorf("the one line says %q, want the question %q", got, q)
				}
				if s := eval[[]string](t, ctx, smallText); len(s) > 0 {
					t.Errorf("text under 12 px: %v", s)
				}

				typeLine(t, ctx, "until process 3 == running")
				waitFor(t, ctx, "child 3 on the axis", `!!document.querySelector('td[data-pid="3"][data-kind=data] .page')`)
				waitFor(t, ctx, "the line to say the step is done", fmt.Sprintf(`document.querySelector("#lesson-peek .peek-text").textContent !== %q`, q))
				viewportShot(t, ctx, fmt.Sprintf("embed-peek-%s-%s", size.name, lang), false)
				firstScreen(t, ctx, size, 2, 3)
				if out := outOfView(t, ctx, []string{"#lesson-peek"}); size.fits && len(out) > 0 {
					t.Errorf("after the fork the one-line step left the first screen: %v", out)
				}

				click(t, ctx, "#lesson-peek")
				waitFor(t, ctx, "the lesson column open", `document.getElementById("lesson-box").open`)
				waitFor(t, ctx, "the step's heading focused", `document.activeElement && document.activeElement.id === "lesson-step-title"`)
				if out := outOfView(t, ctx, []string{"#lesson-step h2"}); len(out) > 0 {
					t.Errorf("opened, the column does not show the step: %v", out)
				}
				if on := eval[string](t, ctx, `(r => (document.elementFromPoint(r.left + 4, r.top + r.height / 2) || {}).outerHTML || "")(document.getElementById("lesson-step-title").getBoundingClientRect())`); !strings.Contains(on, "lesson-step-title") {
					t.Errorf("opened, the step's heading is under %.80s", on)
				}
				if eval[bool](t, ctx, peekShown) {
					t.Error("the one-line step stays beside the open column")
				}
				if s := eval[[]string](t, ctx, cutValues); len(s) > 0 { // the maps are halved beside it
					t.Errorf("with the lesson open, names or values are cut short: %v", s)
				}
			})
		}
	}
}

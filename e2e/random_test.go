package e2e

import (
	"fmt"
	"testing"

	"procscope/lessons"
	"procscope/server"
)

// TestRandomInterruptsAfterAnOSTEPLesson finishes peterson in the 960×600
// minimal embed, then uses its "try random interrupts" control: the button
// restarts the lab with seed 1, then 2, the seed on screen each time, and
// "random 7" on the command line does the same with the seed typed.
func TestRandomInterruptsAfterAnOSTEPLesson(t *testing.T) {
	root, _, stop, err := startServerWith(server.Config{Dev: true, LessonKey: []byte("the e2e lesson key, 16+ bytes")})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	l, _ := lessons.Get("peterson")
	for _, lang := range []string{"en", "ko"} {
		t.Run(lang, func(t *testing.T) {
			ctx := tab(t, 960, 600)
			open(t, ctx, root+"/embed/v1/peterson?lang="+lang)
			walkLesson(t, ctx, l, planAnswers(t, l))
			if n := eval[int](t, ctx, `document.querySelectorAll("[data-testid=random-seed]").length`); n != 0 {
				t.Errorf("a seed is shown before random interrupts are on")
			}
			seed := func(n int) {
				t.Helper()
				waitFor(t, ctx, fmt.Sprintf("seed %d on screen", n), fmt.Sprintf(
					`(e => e && e.textContent.includes(" %d,") && document.querySelector("[data-testid=random-btn]").dataset.n === "%d")(document.querySelector("[data-testid=random-seed]"))`, n, n+1))
			}
			click(t, ctx, "[data-testid=random-btn]")
			seed(1)
			if tick := eval[string](t, ctx, `document.getElementById("scrub").value`); tick == "0" {
				t.Errorf("the restart is not in the history (tick %s)", tick)
			}
			click(t, ctx, "[data-testid=random-btn]")
			seed(2)
			typeLine(t, ctx, "random 7")
			seed(7)
			viewportShot(t, ctx, "random-"+lang, false)
		})
	}
}

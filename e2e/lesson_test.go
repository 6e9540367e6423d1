package e2e

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"procscope/lessons"
	"procscope/server"
	"procscope/sim"
)

// plannedAnswer is what the browser test answers at one step: the
// simulator's own answer (found by the lessons' step runner, as the
// server will) or a wrong one on purpose.
type plannedAnswer struct {
	answer string
	right  bool
	number bool
}

// planAnswers plays a lesson on the simulator and plans, for each step
// with a question, a wrong first answer, a right second one, then
// alternating.
func planAnswers(t *testing.T, l lessons.Lesson) []*plannedAnswer {
	t.Helper()
	lab, err := sim.NewLab(l.Config(1))
	if err != nil {
		t.Fatal(err)
	}
	var plan []*plannedAnswer
	asked := 0
	for i, s := range l.Steps {
		evs, err := s.Play(lab, 1_000_000)
		if err != nil {
			t.Fatalf("step %d: %v", i+1, err)
		}
		if s.Predict == nil {
			plan = append(plan, nil)
			continue
		}
		right, err := s.Predict.Answer(&lessons.Observation{State: lab.Machine().State(), Events: evs, Lesson: &l})
		if err != nil {
			t.Fatalf("step %d: %v", i+1, err)
		}
		p := &plannedAnswer{answer: right, right: asked%2 == 1, number: s.Predict.Number != nil}
		if !p.right {
			if p.number {
				n, _ := strconv.Atoi(right)
				p.answer = strconv.Itoa(n + 1)
			} else {
				for id := range s.Predict.Choices {
					if id != right {
						p.answer = id
						break
					}
				}
			}
		}
		asked++
		plan = append(plan, p)
	}
	return plan
}

// TestEveryLessonCanBeFinishedInsideAnLMSFrame walks every lesson in both
// languages inside a 960×600 iframe of another origin, with the embed's
// minimal controls, by clicking and typing only what the page offers:
// one prediction wrong (its feedback shows) and one right, "do it", the
// reveal, next; at the end the completion code verifies, and the host
// page received procscope:progress messages saying so.
func TestEveryLessonCanBeFinishedInsideAnLMSFrame(t *testing.T) {
	if browserCtx == nil {
		t.Skip("no chromium installed")
	}
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><title>LMS</title><script>window.msgs = []; addEventListener("message", e => { if (e.data && e.data.type === "procscope:progress") msgs.push(e.data); });</script>`+
			`<iframe src="%s" title="lab" width="960" height="600"></iframe>`, html.EscapeString(r.URL.Query().Get("src")))
	}))
	defer host.Close()
	hostURL := strings.Replace(host.URL, "127.0.0.1", "localhost", 1) // another origin than the lab's
	root, _, stop, err := startServerWith(server.Config{Dev: true, OriginPatterns: []string{strings.TrimPrefix(hostURL, "http://")},
		LessonKey: []byte("the e2e lesson key, 16+ bytes")})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	signer, _ := lessons.NewSigner([]byte("the e2e lesson key, 16+ bytes"))
	all, err := lessons.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range all {
		plan := planAnswers(t, l)
		for _, lang := range []string{"ko", "en"} {
			t.Run(l.Name+"/"+lang, func(t *testing.T) {
				lms := tab(t, 1280, 800)
				src := root + "/embed/v1/" + l.Name + "?lang=" + lang + "&walk=" + l.Name + lang
				if err := chromedp.Do(lms, chromedp.Navigate(hostURL+"/?src="+url.QueryEscape(src))); err != nil {
					t.Fatal(err)
				}
				ctx := attachTo(t, lms, func(i *target.Info) bool { return i.Type == "iframe" && strings.Contains(i.URL, "walk="+l.Name+lang) })
				if err := waitLive(ctx); err != nil {
					t.Fatal(err)
				}
				if got := eval[string](t, ctx, `document.body.dataset.controls + " " + innerWidth + "x" + innerHeight`); got != "minimal 960x600" {
					t.Errorf("the frame is %q, want minimal 960x600", got)
				}
				walkLesson(t, ctx, l, plan)
				code := eval[string](t, ctx, `document.getElementById("completion-code").value`)
				c, err := signer.Verify(code)
				right, asked := 0, 0
				for _, p := range plan {
					if p != nil {
						asked++
						if p.right {
							right++
						}
					}
				}
				if want := (lessons.Completion{Lesson: l.Name, Steps: len(l.Steps), Predicted: asked, Correct: right}); err != nil || c != want {
					t.Errorf("completion code %q: %+v, %v; want %+v", code, c, err, want)
				}
				waitFor(t, lms, "the host's last progress message", fmt.Sprintf(
					`msgs.length > 0 && (m => m.finished && m.lesson === %q && m.total === %d && m.correct === %d && m.predicted === %d && m.code === %q)(msgs[msgs.length-1])`,
					l.Name, len(l.Steps), right, asked, code))
				if n := eval[int](t, lms, `new Set(msgs.map(m => m.step + (m.done ? "d" : ""))).size`); n < len(l.Steps) {
					t.Errorf("the host saw %d distinct progress states, want one per step at least", n)
				}
			})
		}
	}
}

// walkLesson answers, does and moves on through every step in the frame.
func walkLesson(t *testing.T, ctx context.Context, l lessons.Lesson, plan []*plannedAnswer) {
	t.Helper()
	for i := range l.Steps {
		n := i + 1
		waitFor(t, ctx, fmt.Sprintf("step %d", n), fmt.Sprintf(`document.getElementById("lesson-step").dataset.step === "%d"`, n))
		if p := plan[i]; p != nil {
			if p.number {
				eval[bool](t, ctx, fmt.Sprintf(`(document.getElementById("lesson-answer").value = %q, true)`, p.answer))
			} else {
				click(t, ctx, fmt.Sprintf(`[data-testid="choice-%s"]`, p.answer))
			}
			click(t, ctx, `[data-testid=lesson-predict-btn]`)
			waitFor(t, ctx, fmt.Sprintf("step %d's prediction locked in", n), `document.querySelector("#lesson-predict fieldset").disabled`)
		}
		click(t, ctx, "#lesson-do")
		waitFor(t, ctx, fmt.Sprintf("step %d done", n), `document.getElementById("lesson-step").dataset.done === "true"`)
		if p := plan[i]; p != nil {
			ok := eval[string](t, ctx, `(document.querySelector("[data-testid=lesson-feedback]")||{dataset:{}}).dataset.ok || ""`)
			if want := strconv.FormatBool(p.right); ok != want {
				t.Errorf("step %d: answered %s, feedback ok=%q, want %s", n, p.answer, ok, want)
			}
			if !p.right {
				if fb := eval[string](t, ctx, `document.querySelector(".lesson-feedback.wrong .md").innerText.trim()`); len(fb) < 20 {
					t.Errorf("step %d: the feedback on a wrong answer is %q", n, fb)
				}
			}
		}
		if r := eval[string](t, ctx, `document.querySelector("[data-testid=lesson-reveal]").innerText.trim()`); r == "" {
			t.Errorf("step %d: no reveal", n)
		}
		for _, tok := range unhighlighted(t, ctx) {
			t.Errorf("step %d: the reveal points at %s, but nothing on the page is highlighted for it", n, tok)
		}
		click(t, ctx, "#lesson-next")
	}
	waitFor(t, ctx, "the lesson finished", `document.getElementById("lesson-step").dataset.finished === "true" && !!document.getElementById("completion-code")`)
}

// highlightTargets is docs/lessons.md's table of what a reveal's token
// outlines, written out again here as the test's own oracle.
const highlightTargets = `{
	process: a => '#address-spaces th[data-pid="' + a[0] + '"], #proc-tree [data-pid="' + a[0] + '"]',
	thread: a => "#thread-" + a[0],
	region: a => '#address-spaces td.region[data-pid="' + a[0] + '"][data-kind="' + a[1] + '"]',
	global: a => '#address-spaces td.region[data-pid="' + a[0] + '"] tr[data-global="' + a[1] + '"]',
	frame: a => "#frame-" + a[0],
	line: a => '#program-view li[data-line="' + a[0] + '"]',
	cost: a => 'tr[data-cost="' + a[0] + '"]'
}`

// unhighlighted lists the step panel's show tokens for which no element
// of the page carries the highlight: a reveal that says "look at the
// highlighted frame" must have one to look at.
func unhighlighted(t *testing.T, ctx context.Context) []string {
	t.Helper()
	var missing []string
	deadline := time.Now().Add(2 * time.Second)
	for {
		missing = eval[[]string](t, ctx, `(() => { const sel = `+highlightTargets+`;
			return (document.getElementById("lesson-step").dataset.show || "").split(" ").filter(Boolean).filter(tok => {
				const p = tok.split(":"); const f = sel[p[0]];
				return !f || ![...document.querySelectorAll(f(p.slice(1)))].some(e => e.classList.contains("lesson-hl"));
			}); })()`)
		if len(missing) == 0 || time.Now().After(deadline) {
			return missing
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestALessonCanBeWalkedByTypingItsCommands does each step as its panel
// offers ("do it yourself on the command line …: until process 3 ==
// running"): it types every command the panel shows into the command
// line, with Enter, instead of pressing "do it", and the step must be
// done. zombie-orphan has a step of two commands.
func TestALessonCanBeWalkedByTypingItsCommands(t *testing.T) {
	for _, c := range []struct {
		lesson, lang string
		w, h         int64
		path         string
	}{
		{"fork-cow", "ko", 960, 600, "/embed/v1/fork-cow?lang=ko"},
		{"zombie-orphan", "en", 1280, 800, "/?lesson=zombie-orphan&lang=en"},
	} {
		t.Run(c.lesson, func(t *testing.T) {
			l, ok := lessons.Get(c.lesson)
			if !ok {
				t.Fatalf("no lesson %s", c.lesson)
			}
			ctx := tab(t, c.w, c.h)
			open(t, ctx, baseURL+c.path)
			for n := 1; n <= len(l.Steps); n++ {
				waitFor(t, ctx, fmt.Sprintf("step %d", n), fmt.Sprintf(`document.getElementById("lesson-step").dataset.step === "%d"`, n))
				cmds := eval[[]string](t, ctx, `[...document.querySelectorAll("#lesson-step .lesson-run code")].map(e => e.textContent)`)
				if len(cmds) == 0 {
					t.Fatalf("step %d offers no command to type", n)
				}
				for _, cmd := range cmds {
					tick := tickOf(t, ctx)
					click(t, ctx, "#cmd")
					if err := chromedp.Do(ctx, chromedp.SendKeys("#cmd", cmd+"\r")); err != nil {
						t.Fatal(err)
					}
					waitFor(t, ctx, fmt.Sprintf("step %d: %q ran", n, cmd), fmt.Sprintf(`document.querySelector('[data-testid=tick]').textContent !== %q || document.getElementById("lesson-step").dataset.done === "true" || document.getElementById("cmd-hint").classList.contains("err")`, tick))
					if eval[bool](t, ctx, `document.getElementById("cmd-hint").classList.contains("err")`) {
						t.Fatalf("step %d: %q refused: %s", n, cmd, eval[string](t, ctx, `document.getElementById("cmd-hint").textContent`))
					}
				}
				waitFor(t, ctx, fmt.Sprintf("step %d done by its typed commands", n), `document.getElementById("lesson-step").dataset.done === "true"`)
				click(t, ctx, "#lesson-next")
			}
			waitFor(t, ctx, "the lesson finished", `document.getElementById("lesson-step").dataset.finished === "true"`)
		})
	}
}

package e2e

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

//go:embed testdata/axe.min.js
var axeSource string

// labTab opens a tab that records Content-Security-Policy violations (an
// inline style the CSP blocks would otherwise pass silently).
func labTab(t *testing.T, width, height int64) context.Context {
	t.Helper()
	ctx := tab(t, width, height)
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.__csp = []; document.addEventListener("securitypolicyviolation", e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));`,
	})
	if err != nil {
		t.Fatal(err)
	}
	return ctx
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// waitFor polls a JavaScript condition until it holds.
// A navigation in between only delays it.
func waitFor(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+js+")"))
		if err == nil && ok {
			return
		}
		last = err
		if err := chromedp.Do(ctx, chromedp.Sleep(50*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}
	t.Fatalf("waiting for %s (%s): gave up (last error: %v)", what, js, last)
}

func click(t *testing.T, ctx context.Context, css string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(css))); err != nil {
		t.Fatalf("click %s: %v", css, err)
	}
}

func open(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	if err := waitLive(ctx); err != nil {
		t.Fatal(err)
	}
}

func noCSPViolations(t *testing.T, ctx context.Context) {
	t.Helper()
	if v := eval[[]string](t, ctx, `window.__csp || []`); len(v) > 0 {
		t.Errorf("CSP violations: %v", v)
	}
}

func TestClickThroughSpawnForkWriteAndBack(t *testing.T) {
	base := startFixture(t)
	ctx := labTab(t, 1280, 800)
	open(t, ctx, base+"/lab?state=fresh&lang=en")

	// spawn: a new stack with a guard page right below it, in the same map.
	click(t, ctx, "#p2-spawn")
	waitFor(t, ctx, "thread 3's stack in pid 2", `!!document.querySelector('[data-pid="2"] li[data-kind=stack][data-owner="3"]')`)
	if got := eval[string](t, ctx, `document.querySelector('[data-pid="2"] li[data-kind=guard][data-owner="3"]').dataset.end === document.querySelector('[data-pid="2"] li[data-kind=stack][data-owner="3"]').dataset.start ? "below" : "elsewhere"`); got != "below" {
		t.Errorf("guard page of thread 3 is %s, want right below its stack", got)
	}
	if got := eval[string](t, ctx, `document.querySelector('[data-pid="2"]').dataset.threads`); got != "2" {
		t.Errorf("pid 2 has %s threads after spawn, want 2", got)
	}
	if got := eval[string](t, ctx, `document.querySelector('[data-testid=thread-count]').textContent`); got != "threads: 3" {
		t.Errorf("thread count reads %q, want threads: 3", got)
	}
	// The button that was pressed keeps focus: the fragment was merged, not swapped.
	if got := eval[string](t, ctx, `document.activeElement.id`); got != "p2-spawn" {
		t.Errorf("focus after spawn is on %q, want it to stay on p2-spawn", got)
	}
	waitFor(t, ctx, "the live region to say what happened", `document.getElementById("announcer").textContent.includes("Thread 3 created")`)

	// fork: a second map with the same addresses, frames shared copy-on-write.
	click(t, ctx, "#p2-fork")
	waitFor(t, ctx, "child map", `!!document.querySelector('article[data-pid="4"]')`)
	for _, kind := range []string{"text", "data", "heap"} {
		same := eval[bool](t, ctx, fmt.Sprintf(`document.querySelector('[data-pid="2"] li[data-kind=%[1]s]').dataset.start === document.querySelector('[data-pid="4"] li[data-kind=%[1]s]').dataset.start`, kind))
		if !same {
			t.Errorf("%s starts at different addresses in parent and child", kind)
		}
	}
	shared := eval[int](t, ctx, `[...document.querySelectorAll('#frames .frame[data-cow]')].filter(f => f.textContent.includes("P2") && f.textContent.includes("P4")).length`)
	if shared < 4 {
		t.Errorf("frames shared COW by P2 and P4 = %d, want text, rodata, data, bss, heap", shared)
	}

	// write a global in the child: one frame copied, the parent's value unchanged.
	click(t, ctx, "#p4-more > summary")
	click(t, ctx, "#p4-write")
	waitFor(t, ctx, "a freshly copied frame", `document.querySelectorAll('#frames .frame.fresh').length === 1`)
	if v := eval[string](t, ctx, `document.querySelector('[data-pid="2"] tr[data-global=counter] .val').textContent`); v != "0" {
		t.Errorf("parent's counter = %q after the child wrote, want 0", v)
	}
	if v := eval[string](t, ctx, `document.querySelector('[data-pid="4"] tr[data-global=counter] .val').textContent`); v != "7" {
		t.Errorf("child's counter = %q, want 7", v)
	}
	if !eval[bool](t, ctx, `document.getElementById("p4-more").open`) {
		t.Error("the child's open command panel closed when the frame arrived")
	}

	// step back: the previous state returns.
	click(t, ctx, "#btn-back")
	waitFor(t, ctx, "the copied frame to go away", `document.querySelectorAll('#frames .frame.fresh').length === 0`)
	if v := eval[string](t, ctx, `document.querySelector('[data-pid="4"] tr[data-global=counter] .val').textContent`); v != "0" {
		t.Errorf("child's counter after step back = %q, want 0", v)
	}
	noCSPViolations(t, ctx)
}

func TestSelectedTextIsNotReplaced(t *testing.T) {
	base := startFixture(t)
	ctx := labTab(t, 1280, 800)
	open(t, ctx, base+"/lab?state=fresh&lang=en")
	eval[bool](t, ctx, `(() => { const r = document.createRange(); r.selectNodeContents(document.querySelector('#address-spaces .note-text')); getSelection().removeAllRanges(); getSelection().addRange(r); return true })()`)
	click(t, ctx, "#p2-spawn")
	waitFor(t, ctx, "the frame to arrive", `document.getElementById("announcer").textContent !== "" || document.querySelector('#event-log [data-new]') !== null`)
	if n := eval[int](t, ctx, `document.querySelectorAll('[data-pid="2"] li[data-kind=stack]').length`); n != 1 {
		t.Errorf("maps changed under a reader's selection: %d stacks, want the old 1", n)
	}
	eval[bool](t, ctx, `(getSelection().removeAllRanges(), true)`)
	waitFor(t, ctx, "the held fragment after the selection ends", `document.querySelectorAll('[data-pid="2"] li[data-kind=stack]').length === 2`)
}

// visibleTextJS lists the page's text outside code, keys and form values.
const visibleTextJS = `(() => {
  const out = [];
  const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, { acceptNode(n) {
    return n.parentElement.closest("code, kbd, script, textarea, option, .visually-hidden") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
  }});
  while (w.nextNode()) { const s = w.currentNode.data.replace(/\s+/g, " ").trim(); if (s) out.push(s); }
  out.push(document.title);
  return out;
})()`

func TestLanguageSwitchChangesEveryString(t *testing.T) {
	base := startFixture(t)
	ctx := labTab(t, 1280, 800)
	open(t, ctx, base+"/lab?state=forked&lang=en")
	en := eval[[]string](t, ctx, visibleTextJS)
	click(t, ctx, "#lang-ko")
	waitFor(t, ctx, "the Korean page", `document.documentElement.lang === "ko"`)
	if err := waitLive(ctx); err != nil {
		t.Fatal(err)
	}
	ko := eval[[]string](t, ctx, visibleTextJS)
	koAll := strings.Join(ko, "\n")
	if !strings.Contains(koAll, "주소 공간") || !strings.Contains(koAll, "물리 페이지 프레임") {
		t.Fatalf("Korean page lacks its headings")
	}
	for _, s := range en {
		if isPhrase(s) && strings.Contains(koAll, s) {
			t.Errorf("still English after switching to Korean: %q", s)
		}
	}
	// and back
	click(t, ctx, "#lang-en")
	waitFor(t, ctx, "the English page", `document.documentElement.lang === "en"`)
}

// isPhrase reports whether s is words of a language rather than a name,
// an address or a number that reads the same in both.
func isPhrase(s string) bool {
	if strings.HasPrefix(s, "0x") || s == "English" || s == "procscope" {
		return false
	}
	letters := 0
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			letters++
		}
	}
	return letters >= 4 && len(strings.Fields(s)) >= 2
}

func TestKeyboardAloneReachesEveryControl(t *testing.T) {
	base := startFixture(t)
	ctx := labTab(t, 1280, 800)
	open(t, ctx, base+"/lab?state=forked&lang=en")
	// Every control that is visible now (those inside closed <details> are
	// reached through their summary) gets a number.
	n := eval[int](t, ctx, `(() => { let i = 0; document.querySelectorAll('button, a[href], select, input, summary, textarea, [tabindex="0"]')
		.forEach(e => { if (e.checkVisibility() && !e.disabled && !e.closest('dialog')) e.dataset.kb = String(i++); }); return i; })()`)
	reached := map[string]bool{}
	first := ""
	for i := 0; i < 3*n; i++ {
		if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
		kb := eval[string](t, ctx, `document.activeElement.dataset.kb || ""`)
		if kb == "" {
			continue
		}
		if kb == first {
			break // round the page once
		}
		if first == "" {
			first = kb
		}
		reached[kb] = true
		visible := eval[bool](t, ctx, `(() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle !== "none" && s.outlineWidth !== "0px"; })()`)
		if !visible {
			t.Errorf("focus on control %s (%s) has no visible outline", kb, eval[string](t, ctx, `document.activeElement.outerHTML.slice(0, 80)`))
		}
	}
	for i := range n {
		if !reached[fmt.Sprint(i)] {
			t.Errorf("Tab never reached %s", eval[string](t, ctx, fmt.Sprintf(`document.querySelector('[data-kb="%d"]').outerHTML.slice(0, 100)`, i)))
		}
	}
	// Shortcuts work from the keyboard and the help dialog lists them.
	if err := chromedp.Do(ctx, chromedp.KeyEvent("?")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the help dialog", `document.getElementById("help-dialog").open`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\x1b")); err != nil { // Escape
		t.Fatal(err)
	}
	waitFor(t, ctx, "the help dialog to close", `!document.getElementById("help-dialog").open`)
}

func TestScreenshotsAtThreeSizesBothLanguagesAndDark(t *testing.T) {
	base := startFixture(t)
	sizes := []struct {
		name          string
		width, height int64
	}{{"laptop", 1280, 800}, {"iframe", 960, 600}, {"phone", 390, 844}}
	for _, theme := range []string{"", "dark"} {
		for _, lang := range []string{"en", "ko"} {
			for _, size := range sizes {
				name := fmt.Sprintf("forked-%s-%s", size.name, lang)
				if theme != "" {
					name += "-" + theme
				}
				t.Run(name, func(t *testing.T) {
					ctx := labTab(t, size.width, size.height)
					open(t, ctx, base+"/lab?state=forked&lang="+lang+"&theme="+theme)
					if eval[bool](t, ctx, `document.documentElement.scrollWidth > document.documentElement.clientWidth`) {
						t.Errorf("page overflows sideways at %dx%d", size.width, size.height)
					}
					screenshot(t, ctx, name)
					noCSPViolations(t, ctx)
				})
			}
		}
	}
	t.Run("crowded-laptop-en", func(t *testing.T) {
		ctx := labTab(t, 1280, 800)
		open(t, ctx, base+"/lab?state=crowded&lang=en")
		if eval[bool](t, ctx, `document.documentElement.scrollWidth > document.documentElement.clientWidth`) {
			t.Error("six processes overflow the page sideways")
		}
		screenshot(t, ctx, "crowded-laptop-en")
	})
}

type axeResult struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

func TestAccessibilityHasNoSeriousViolations(t *testing.T) {
	base := startFixture(t)
	for _, c := range []struct{ lang, theme, state string }{
		{"en", "", "forked"}, {"ko", "", "forked"}, {"en", "dark", "crowded"}, {"ko", "projector", "forked"},
	} {
		t.Run(c.lang+"-"+c.theme+"-"+c.state, func(t *testing.T) {
			ctx := labTab(t, 1280, 800)
			open(t, ctx, base+"/lab?state="+c.state+"&lang="+c.lang+"&theme="+c.theme)
			// open every <details> so what they hold is checked too
			eval[bool](t, ctx, `(document.querySelectorAll("details").forEach(d => d.open = true), true)`)
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeSource+";true")); err != nil {
				t.Fatal(err)
			}
			res, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeResult](
				`axe.run(document, { resultTypes: ["violations"] }).then(r => r.violations)`,
				chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range res {
				where := ""
				for i, n := range v.Nodes {
					if i == 3 {
						break
					}
					where += fmt.Sprint(n.Target) + " "
				}
				if v.Impact == "serious" || v.Impact == "critical" {
					t.Errorf("axe %s (%s): %s at %s", v.ID, v.Impact, v.Help, where)
				} else {
					t.Logf("axe %s (%s): %s at %s", v.ID, v.Impact, v.Help, where)
				}
			}
		})
	}
}

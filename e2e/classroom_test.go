package e2e

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// enabledCommands lists the command buttons and pickers a reader could use
// (export, which only reads the history, aside).
const enabledCommands = `[...document.querySelectorAll("[data-op]:not([data-op=export])")].filter(b => !b.disabled && b.getClientRects().length > 0).map(b => b.id || b.dataset.op)`

// axeOn runs axe-core on part of the page and fails on serious violations.
func axeOn(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeSource+";true")); err != nil {
		t.Fatal(err)
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeResult](
		fmt.Sprintf(`axe.run(document.querySelector(%q), { resultTypes: ["violations"] }).then(r => r.violations)`, selector),
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range res {
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Errorf("axe on %s: %s (%s): %s at %v", selector, v.ID, v.Impact, v.Help, v.Nodes)
		}
	}
}

func TestClassroomFollowHandOverTakeBackAndEnd(t *testing.T) {
	teacher := labTab(t, 1280, 800)
	open(t, teacher, baseURL+"/?lang=ko")
	click(t, teacher, "#btn-teach")
	waitFor(t, teacher, "the room's code", `document.getElementById("room-code").textContent.length >= 4`)
	code := eval[string](t, teacher, `document.getElementById("room-code").textContent`)
	hash := eval[string](t, teacher, `location.hash`)
	if !strings.Contains(hash, "room="+code) || !regexp.MustCompile(`token=[\w-]{8,}`).MatchString(hash) {
		t.Errorf("the teacher's URL fragment %q lacks the room and its token", hash)
	}
	link := eval[string](t, teacher, `document.getElementById("room-link").value`)
	if !strings.HasSuffix(link, "/r/"+code+"?lang=ko") || strings.Contains(link, "token") {
		t.Errorf("join link %q: want …/r/%s?lang=ko (the teacher's language) and no token", link, code)
	}
	if got := eval[bool](t, teacher, `document.getElementById("class-teacher").hidden`); got {
		t.Error("the teacher's room panel is hidden")
	}

	// Student one types the code (lower case, with a dash: both ignored).
	s1 := labTab(t, 390, 844)
	open(t, s1, baseURL+"/?lang=ko")
	typed := strings.ToLower(code[:3] + "-" + code[3:])
	eval[bool](t, s1, fmt.Sprintf(`(document.getElementById("join-code").value = %q, true)`, typed))
	click(t, s1, "#btn-join")
	waitFor(t, s1, "student one following", `document.body.dataset.role === "follower" && !document.getElementById("class-follower").hidden`)
	if got := eval[string](t, s1, `document.getElementById("follow-state").textContent`); got != "선생님의 실습을 따라가는 중 — 읽기 전용" {
		t.Errorf("student banner reads %q", got)
	}
	if got := eval[string](t, s1, `new URL(location.href).searchParams.get("room")`); got != code {
		t.Errorf("student one's URL room = %q, want %q", got, code)
	}

	// Student two opens the short link.
	s2 := labTab(t, 390, 844)
	open(t, s2, baseURL+"/r/"+code+"?lang=en")
	waitFor(t, s2, "student two following", `document.body.dataset.role === "follower"`)
	if got := eval[string](t, s2, `document.getElementById("follow-state").textContent`); got != "Following the teacher's lab — read-only" {
		t.Errorf("student two's banner reads %q", got)
	}

	waitFor(t, teacher, "two students in the roster", `document.querySelectorAll("#room-roster li[data-id]").length === 2`)
	if got := eval[string](t, teacher, `document.getElementById("room-count").textContent`); !strings.Contains(got, "2") {
		t.Errorf("follower count reads %q", got)
	}
	if got := eval[string](t, teacher, `[...document.querySelectorAll("#room-roster li[data-id] .r-lang")].map(e => e.textContent).join(",")`); got != "한국어,English" {
		t.Errorf("roster languages %q, want 한국어,English", got)
	}

	// The teacher forks: both students see child 3, and can do nothing.
	act(t, teacher, 2, "fork")
	for i, s := range []context.Context{s1, s2} {
		waitFor(t, s, fmt.Sprintf("student %d sees child 3", i+1), `!!document.querySelector('td[data-pid="3"][data-kind=text]')`)
		if got := eval[[]string](t, s, enabledCommands); len(got) != 0 {
			t.Errorf("student %d has enabled commands: %v", i+1, got)
		}
	}
	axeOn(t, s1, "#classroom")
	eval[bool](t, s1, `(window.scrollTo(0, 0), true)`)
	viewportShot(t, s1, "classroom-student-ko", true)

	// Hand-over: student one's fork runs on the class lab.
	id := eval[string](t, teacher, `document.querySelector("#room-roster li[data-id]").dataset.id`)
	click(t, teacher, fmt.Sprintf(`#room-roster li[data-id=%q] button`, id))
	waitFor(t, s1, "student one in control", `document.body.dataset.role === "controller" && !!document.getElementById("act-fork") && !document.getElementById("act-fork").disabled`)
	if got := eval[string](t, s1, `document.getElementById("follow-state").textContent`); !strings.Contains(got, "조작") {
		t.Errorf("the controller's banner reads %q", got)
	}
	waitFor(t, teacher, "the roster marks the controller", fmt.Sprintf(`!document.querySelector('#room-roster li[data-id=%q] .r-ctl').hidden && !document.getElementById("btn-takeback").disabled`, id))
	act(t, s1, 2, "fork")
	waitFor(t, teacher, "the teacher sees the student's child 4", `!!document.querySelector('td[data-pid="4"][data-kind=text]')`)
	waitFor(t, s2, "student two sees child 4", `!!document.querySelector('th[data-pid=\"4\"]')`)
	if got := eval[[]string](t, s2, enabledCommands); len(got) != 0 {
		t.Errorf("student two (not in control) has enabled commands: %v", got)
	}
	axeOn(t, teacher, "#classroom")
	eval[bool](t, teacher, `(document.activeElement && document.activeElement.blur(), window.scrollTo(0, 0), true)`)
	viewportShot(t, teacher, "classroom-teacher-ko", true)

	// Take-back: read-only again.
	click(t, teacher, "#btn-takeback")
	waitFor(t, s1, "student one read-only again", `document.body.dataset.role === "follower" && !document.getElementById("act-fork")`)
	if got := eval[[]string](t, s1, enabledCommands); len(got) != 0 {
		t.Errorf("student one after take-back has enabled commands: %v", got)
	}

	// Student two came by the short link, a page drawn read-only: handed
	// control, it gets every control and the program editor; taken back,
	// the editor goes again.
	id2 := eval[string](t, teacher, `[...document.querySelectorAll("#room-roster li[data-id]")][1].dataset.id`)
	click(t, teacher, fmt.Sprintf(`#room-roster li[data-id=%q] button`, id2))
	waitFor(t, s2, "student two in control with the editor", `document.body.dataset.role === "controller" && !!document.getElementById("act-fork") && !document.getElementById("act-fork").disabled && !!document.getElementById("btn-step") && document.getElementById("editor").checkVisibility()`)
	before := eval[string](t, teacher, `document.querySelector('[data-testid=tick]').textContent`)
	click(t, s2, "#btn-step")
	waitFor(t, teacher, "the teacher sees student two's step", fmt.Sprintf(`document.querySelector('[data-testid=tick]').textContent !== %q`, before))
	click(t, teacher, "#btn-takeback")
	waitFor(t, s2, "student two read-only again, no editor", `document.body.dataset.role === "follower" && !document.getElementById("act-fork") && !document.getElementById("editor").checkVisibility()`)

	// The teacher reloads: the fragment keeps control of the same room.
	if err := chromedp.Do(teacher, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, teacher, "the teacher back in the room", fmt.Sprintf(`document.body.dataset.role === "teacher" && document.getElementById("room-code").textContent === %q && document.querySelectorAll("#room-roster li[data-id]").length === 2`, code))

	// End class: students carry on solo with the class's lab.
	click(t, teacher, "#btn-close-room")
	for i, s := range []context.Context{s1, s2} {
		waitFor(t, s, fmt.Sprintf("student %d solo", i+1), `document.body.dataset.role === "solo" && !document.getElementById("class-note").hidden && !new URL(location.href).searchParams.get("room")`)
	}
	waitFor(t, teacher, "the teacher solo without room in the URL", `document.body.dataset.role === "solo" && !/room=|token=/.test(location.hash)`)
	waitFor(t, s1, "student one's own fork button", `!!document.getElementById("act-fork") && !document.getElementById("act-fork").disabled`)
	act(t, s1, 2, "fork")
	waitFor(t, s1, "student one's own child 5", `!!document.querySelector('th[data-pid=\"5\"]')`)
	if eval[bool](t, teacher, `!!document.querySelector('th[data-pid=\"5\"]')`) {
		t.Error("the teacher sees the student's solo fork after the class ended")
	}
	for _, s := range []context.Context{teacher, s1, s2} {
		noCSPViolations(t, s)
	}
}

func TestJoinUnknownClassSaysSoAndStaysSolo(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lang=ko")
	eval[bool](t, ctx, `(document.getElementById("join-code").value = "ZZZZZZ", true)`)
	click(t, ctx, "#btn-join")
	waitFor(t, ctx, "the error in Korean", `!document.getElementById("error-line").hidden && /[가-힣]/.test(document.getElementById("error-line").textContent)`)
	waitFor(t, ctx, "solo with working controls", `document.body.dataset.role === "solo" && !document.getElementById("act-fork").disabled`)
	act(t, ctx, 2, "fork")
	waitFor(t, ctx, "child 3", `!!document.querySelector('th[data-pid=\"3\"]')`)
}

// downloadHook records what the page downloads instead of downloading it.
const downloadHook = `(window.__downloads = [], HTMLAnchorElement.prototype.click = function () { if (this.download) window.__downloads.push({name: this.download, blob: this.href.startsWith("blob:")}); }, true)`

func TestExportDownloadsTheServersFile(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lang=en")
	act(t, ctx, 2, "fork")
	waitFor(t, ctx, "child 3", `!!document.querySelector('th[data-pid=\"3\"]')`)
	eval[bool](t, ctx, downloadHook)
	for _, c := range []struct{ btn, want string }{
		{"#btn-export-text", `^procscope-lab-tick1\.txt$`},
		{"#btn-export-json", `^procscope-lab-tick1\.json$`},
	} {
		n := eval[int](t, ctx, `window.__downloads.length`)
		click(t, ctx, c.btn)
		waitFor(t, ctx, "the download of "+c.btn, fmt.Sprintf(`window.__downloads.length === %d`, n+1))
		type dl struct {
			Name string `json:"name"`
			Blob bool   `json:"blob"`
		}
		got := eval[dl](t, ctx, `window.__downloads[window.__downloads.length - 1]`)
		if !regexp.MustCompile(c.want).MatchString(got.Name) || !got.Blob {
			t.Errorf("%s downloaded %+v, want a blob named like %s", c.btn, got, c.want)
		}
	}
	waitFor(t, ctx, "the download announced", `/Downloaded procscope-lab-tick1/.test(document.getElementById("announcer").textContent)`)
}

func TestKillWithAChosenSignal(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lang=en")
	act(t, ctx, 2, "fork")
	waitFor(t, ctx, "child 3", `!!document.getElementById("thread-3")`)
	chooseProc(t, ctx, 3)
	if got := eval[string](t, ctx, `[...document.querySelectorAll("#act-sig option")].map(o => o.value).join(",")`); got != "9,15,11,2,6,13" {
		t.Errorf("signals offered %q, want KILL, TERM, SEGV, INT, ABRT, PIPE (9,15,11,2,6,13)", got)
	}
	eval[bool](t, ctx, `(document.getElementById("act-sig").value = "11", true)`)
	click(t, ctx, "#act-kill")
	waitFor(t, ctx, "SIGSEGV in the log", `[...document.querySelectorAll("#event-log li[data-kind] .say")].some(s => s.textContent.includes("SIGSEGV"))`)
	waitFor(t, ctx, "child 3 a zombie", `!!document.querySelector('th[data-pid="3"] .st-zombie')`)
}

package e2e

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// rosterRows reads the rows of the teacher's self-paced roster as the
// teacher sees it.
const rosterRows = `[...document.querySelectorAll("#paced-rows tr[data-id]")].map(r => [r.querySelector(".who").textContent, r.querySelector(".at").textContent, r.querySelector(".right").textContent, r.dataset.state].join("|"))`

// TestASelfPacedClassShowsTheTeacherWhoIsOnWhichStep: a teacher opens a
// self-paced class on fork-cow; one student joins by the link in an LMS
// embed (960×600, controls=minimal) and types a nickname, another types
// the code on a phone; each works in a lab of their own, and the
// teacher's roster shows their steps, predictions and who left.
func TestASelfPacedClassShowsTheTeacherWhoIsOnWhichStep(t *testing.T) {
	teacher, code := openPacedClass(t, "ko")
	link := eval[string](t, teacher, `document.getElementById("room-link").value`)
	if !strings.HasSuffix(link, "/r/"+code+"?lang=ko&lesson=fork-cow") {
		t.Errorf("join link %q: want …/r/%s?lang=ko&lesson=fork-cow", link, code)
	}
	if eval[bool](t, teacher, `document.querySelector("#class-teacher .class-roster").checkVisibility()`) {
		t.Error("a self-paced class shows the presenting roster (hand-over)")
	}
	waitFor(t, teacher, "an empty roster", `!!document.querySelector("#paced-rows td.empty")`)

	// Student A: the LMS embed of the join link, in English, with a nickname.
	a := labTab(t, 960, 600)
	open(t, a, baseURL+"/embed/v1/fork-cow?controls=minimal&lang=en&room="+code)
	waitFor(t, a, "student A in a lab of its own", `document.body.dataset.role === "student" && !document.getElementById("class-student").hidden && !!document.getElementById("lesson-do") && !document.getElementById("lesson-do").disabled`)
	eval[bool](t, a, `(document.getElementById("nick").value = "Ana", true)`)
	click(t, a, "#btn-nick")
	waitFor(t, a, "the nickname confirmed", `document.getElementById("nick-shown").textContent === "Your teacher sees you as: Ana" && document.getElementById("nick-error").hidden`)

	// Student B: types the code on a phone, no nickname.
	b := labTab(t, 390, 844)
	open(t, b, baseURL+"/?lang=ko")
	eval[bool](t, b, fmt.Sprintf(`(document.getElementById("join-code").value = %q, true)`, strings.ToLower(code)))
	click(t, b, "#btn-join")
	waitFor(t, b, "student B in a lab of its own", `document.body.dataset.role === "student" && document.getElementById("nick-shown").textContent === "선생님 화면에 보이는 이름: 학생 2"`)
	waitFor(t, b, "B's lab runs the lesson", `document.getElementById("lesson-step").dataset.lesson === "fork-cow"`)

	// A predicts, does the step and moves on; B's lab stays where it was.
	click(t, a, "#lesson-step input[name=answer]") // the first choice
	click(t, a, "#lesson-step [data-op=lesson-predict]")
	waitFor(t, a, "A's prediction taken", `document.querySelector("#lesson-predict fieldset").disabled`)
	click(t, a, "#lesson-do")
	waitFor(t, a, "A's step done", `document.getElementById("lesson-step").dataset.done === "true"`)
	click(t, a, "#lesson-next")
	waitFor(t, a, "A on step 2", `document.getElementById("lesson-step").dataset.step === "2"`)
	if got := eval[string](t, b, `document.getElementById("lesson-step").dataset.step + document.getElementById("lesson-step").dataset.done`); got != "1false" {
		t.Errorf("A's steps moved B's lab: step and done %q", got)
	}

	total := eval[string](t, a, `document.getElementById("lesson-step").dataset.total`)
	waitFor(t, teacher, "the roster shows who is on which step", `document.querySelectorAll("#paced-rows tr[data-id]").length === 2 && document.querySelector("#paced-rows tr[data-id=s1] .at").textContent.startsWith("2 /")`)
	rows := eval[[]string](t, teacher, rosterRows)
	wantA := regexp.MustCompile(`^Ana\|2 / ` + total + `단계\|[01] / 1\|on$`)
	if len(rows) != 2 || !wantA.MatchString(rows[0]) || rows[1] != "학생 2|1 / "+total+"단계|0 / 0|on" {
		t.Errorf("roster rows %q, want A (Ana) on step 2 with a prediction and B (학생 2) on step 1", rows)
	}
	if got := eval[string](t, teacher, `document.getElementById("paced-summary").textContent`); got != "학생 2명 · 접속 중 2명 · 완료 0명" {
		t.Errorf("roster summary %q", got)
	}
	axeOn(t, teacher, "#classroom")
	eval[bool](t, teacher, `(document.activeElement && document.activeElement.blur(), document.getElementById("classroom").scrollIntoView(), true)`)
	viewportShot(t, teacher, "selfpaced-teacher-ko", true)
	eval[bool](t, a, `(document.getElementById("classroom").scrollIntoView(), true)`)
	viewportShot(t, a, "selfpaced-student-embed-en", false)
	eval[bool](t, b, `(document.getElementById("classroom").scrollIntoView(), true)`)
	viewportShot(t, b, "selfpaced-student-phone-ko", false)

	// Students never get the roster; B leaves, and the roster says so.
	if eval[bool](t, b, `document.querySelectorAll("#paced-rows tr").length > 0`) {
		t.Error("a student's page holds roster rows")
	}
	if err := chromedp.Do(b, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, teacher, "B shown as gone", `document.querySelector("#paced-rows tr[data-id=s2]").dataset.state === "gone"`)

	// The teacher ends the class: A keeps its lab, at its step, solo.
	click(t, teacher, "#btn-close-room")
	waitFor(t, a, "A solo after the class", `document.body.dataset.role === "solo" && document.getElementById("class-student").hidden && document.getElementById("lesson-step").dataset.step === "2"`)
	click(t, a, "#lesson-do")
	waitFor(t, a, "A's own step 2 done", `document.getElementById("lesson-step").dataset.done === "true"`)
	for _, s := range []context.Context{teacher, a} {
		noCSPViolations(t, s)
	}
}

// openPacedClass opens a self-paced class on fork-cow from a teacher's
// page in lang and returns the page and the class's code.
func openPacedClass(t *testing.T, lang string) (context.Context, string) {
	t.Helper()
	teacher := labTab(t, 1280, 800)
	open(t, teacher, baseURL+"/?lang="+lang+"&lesson=threads-share")
	click(t, teacher, "#lesson-deadlock") // the lesson picker: the form offers the lab's lesson
	waitFor(t, teacher, "the class form offering the lab's lesson", `document.getElementById("paced-lesson").value === "deadlock"`)
	eval[bool](t, teacher, `(document.getElementById("paced-lesson").value = "fork-cow", true)`)
	click(t, teacher, "#btn-paced")
	waitFor(t, teacher, "the self-paced room", `document.body.dataset.role === "teacher" && !document.getElementById("paced-roster").hidden && document.getElementById("room-code").textContent.length === 8`)
	return teacher, eval[string](t, teacher, `document.getElementById("room-code").textContent`)
}

// TestANicknameIsRefusedBesideTheField: in the LMS embed, a nickname the
// server refuses is explained next to the field (in the page's language),
// a good one reaches the teacher's roster, and a reload keeps the
// student's lab, step and seat.
func TestANicknameIsRefusedBesideTheField(t *testing.T) {
	teacher, code := openPacedClass(t, "en")
	a := labTab(t, 960, 600)
	open(t, a, baseURL+"/embed/v1/fork-cow?controls=minimal&lang=ko&room="+code)
	waitFor(t, a, "a student", `document.body.dataset.role === "student" && !document.getElementById("class-student").hidden`)
	eval[bool](t, a, `(document.getElementById("nick").value = "민지 <b>", true)`)
	click(t, a, "#btn-nick")
	waitFor(t, a, "the refusal beside the field, in Korean", `document.getElementById("nick").getAttribute("aria-invalid") === "true" && /20자까지/.test(document.getElementById("nick-error").textContent) && document.getElementById("error-line").hidden`)
	eval[bool](t, a, `(document.getElementById("nick").value = "민지", true)`)
	click(t, a, "#btn-nick")
	waitFor(t, a, "the nickname confirmed", `document.getElementById("nick-shown").textContent === "선생님 화면에 보이는 이름: 민지" && document.getElementById("nick-error").hidden && document.getElementById("nick").getAttribute("aria-invalid") === null`)
	waitFor(t, teacher, "the nickname on the roster", `document.querySelector("#paced-rows tr[data-id=s1] .who").textContent === "민지"`)

	// A reload brings back the same lab, step and seat (session, #s=, #lp=).
	click(t, a, "#lesson-do")
	waitFor(t, a, "step 1 done", `document.getElementById("lesson-step").dataset.done === "true"`)
	click(t, a, "#lesson-next")
	waitFor(t, a, "step 2 in the URL", `document.getElementById("lesson-step").dataset.step === "2" && /[#&]lp=/.test(location.hash) && /[#&]s=/.test(location.hash)`)
	if err := chromedp.Do(a, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, a, "the same lab after a reload", `document.body.dataset.role === "student" && document.getElementById("lesson-step").dataset.step === "2" && document.getElementById("nick-shown").textContent === "선생님 화면에 보이는 이름: 민지"`)
	waitFor(t, teacher, "one student, on step 2, still here", `document.querySelectorAll("#paced-rows tr[data-id]").length === 1 && document.querySelector("#paced-rows tr[data-id=s1]").dataset.state === "on" && document.querySelector("#paced-rows tr[data-id=s1] .at").textContent.startsWith("2 ")`)
	axeOn(t, a, "#classroom")
	eval[bool](t, a, `(document.getElementById("classroom").scrollIntoView(), true)`)
	viewportShot(t, a, "selfpaced-student-embed-ko", false)
	eval[bool](t, teacher, `(document.getElementById("classroom").scrollIntoView(), true)`)
	viewportShot(t, teacher, "selfpaced-teacher-en", false)
}

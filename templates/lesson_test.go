package templates

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func renderStep(t *testing.T, lang string, o Options, s LessonStep) string {
	t.Helper()
	var b bytes.Buffer
	if err := LessonStepPanel(For(lang), o, s).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestLessonStepPanelShowsEachStage draws the step panel before a
// prediction, after a wrong one, and at the end, in both languages: every
// stage says what it must and offers only the controls it allows.
func TestLessonStepPanelShowsEachStage(t *testing.T) {
	full := Options{Controls: "minimal", Mode: "explore"}
	ask := LessonStep{Lesson: "fork-cow", Index: 2, Total: 5, Title: "The parent writes", Do: "Run on.",
		Run: []string{"until printed 2 == 20"}, Question: "What does the child read?",
		Choices: []LessonChoice{{ID: "ten", Label: "Still *10*"}, {ID: "twenty", Label: "20"}}}
	html := renderStep(t, "ko", full, ask)
	for _, want := range []string{"2 / 5단계 · The parent writes", `<progress class="lesson-progress" max="5" value="1"`, `value="ten"`,
		"Still <em>10</em>", `data-op="lesson-predict"`, `id="lesson-do"`, "대신 실행하기", "<code>until printed 2 == 20</code>"} {
		if !strings.Contains(html, want) {
			t.Errorf("asking (ko) lacks %q:\n%s", want, html)
		}
	}
	if strings.Contains(html, "lesson-next") || strings.Contains(html, "lesson-reveal") {
		t.Errorf("asking shows the reveal or next:\n%s", html)
	}

	wrong := ask
	wrong.Answer, wrong.Done, wrong.RightLabel = "twenty", true, "Still *10*"
	wrong.Feedback, wrong.Reveal, wrong.Show = "A common answer is 20 …", "The parent's store took a **fault**.", "frame:3 line:13"
	html = renderStep(t, "en", full, wrong)
	for _, want := range []string{`data-done="true"`, `data-show="frame:3 line:13"`, `data-ok="false"`, "Not quite. The machine&#39;s answer:",
		"<strong>Still <em>10</em></strong>", "A common answer is 20", "<strong>fault</strong>", `id="lesson-next"`, "<fieldset disabled"} {
		if !strings.Contains(html, want) {
			t.Errorf("a wrong answer (en) lacks %q:\n%s", want, html)
		}
	}
	if strings.Contains(html, `id="lesson-do"`) {
		t.Errorf("a done step still offers do-it:\n%s", html)
	}
	if ro := renderStep(t, "en", Options{Controls: "minimal", Mode: "readonly"}, wrong); strings.Contains(ro, "lesson-next") {
		t.Error("a read-only page offers next")
	}

	done := LessonStep{Lesson: "fork-cow", Index: 6, Total: 5, Finished: true, Predicted: 3, Correct: 2, Code: "fork-cow.5.2.3.ABCDEFGHIJ"}
	html = renderStep(t, "ko", full, done)
	for _, want := range []string{"단원 완료", "맞힌 예측: 2 / 3개", `value="fork-cow.5.2.3.ABCDEFGHIJ"`, `data-finished="true"`, "코드 복사"} {
		if !strings.Contains(html, want) {
			t.Errorf("finished (ko) lacks %q:\n%s", want, html)
		}
	}
	if html := renderStep(t, "en", full, LessonStep{}); !strings.Contains(html, `id="lesson-step"`) || !strings.Contains(html, " hidden") {
		t.Errorf("no lesson: want a hidden, empty panel:\n%s", html)
	}
}

// TestLessonPeekSaysTheStepInOneLine: the bar's one line is the question
// while it waits for a prediction, what to do once predicted (or with no
// question), the reveal once done, as plain words (a word with a code
// span in it stays one word), and nothing without a lesson.
func TestLessonPeekSaysTheStepInOneLine(t *testing.T) {
	ask := LessonStep{Lesson: "fork-cow", Index: 1, Total: 5, Title: "fork", Do: "Run to the `fork`.\n\nThen compare.",
		Question: "fork 직후 자식의 `value`는\n어디에 있을까요?", Reveal: "Look at the **highlighted** frame &amp; its two lines.\n\nMore."}
	predicted := ask
	predicted.Answer = "shared"
	done := predicted
	done.Done = true
	for _, c := range []struct {
		name, lang string
		s          LessonStep
		want       []string
		not        string
	}{
		{"asking", "ko", ask, []string{`id="lesson-peek"`, `data-action="lesson-open"`, "1 / 5단계", "fork 직후 자식의 value는 어디에 있을까요?", "열기"}, "Run to"},
		{"predicted", "en", predicted, []string{"Step 1 of 5", "Run to the fork.", "Open"}, "Then compare"},
		{"done", "en", done, []string{"Look at the highlighted frame &amp; its two lines."}, "More."},
		{"finished", "ko", LessonStep{Lesson: "fork-cow", Index: 6, Total: 5, Finished: true}, []string{"단원 완료"}, "6 / 5"},
		{"no lesson", "en", LessonStep{}, []string{`id="lesson-peek"`, " hidden"}, "Step"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := LessonPeek(For(c.lang), c.s).Render(context.Background(), &b); err != nil {
				t.Fatal(err)
			}
			html := b.String()
			for _, w := range c.want {
				if !strings.Contains(html, w) {
					t.Errorf("the peek lacks %q:\n%s", w, html)
				}
			}
			if strings.Contains(html, c.not) || strings.Contains(html, "<code>") || strings.Contains(html, "<p>") {
				t.Errorf("the peek says %q or carries markup:\n%s", c.not, html)
			}
		})
	}
}

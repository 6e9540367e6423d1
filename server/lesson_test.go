package server

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"procscope/lessons"
)

// lessonOf reads a frame's lesson progress.
func lessonOf(t *testing.T, f map[string]any) map[string]any {
	t.Helper()
	l, ok := f["lesson"].(map[string]any)
	if !ok {
		t.Fatalf("frame without lesson progress: %v", f)
	}
	return l
}

// TestALessonIsWalkedThroughTheProtocol plays fork-cow over the socket: a
// wrong prediction gets its feedback, a right one is counted, a step done
// by the student's own command counts, refusals have their codes, and
// the end brings a completion code that verifies, beside the lesson's
// answer in one sentence.
func TestALessonIsWalkedThroughTheProtocol(t *testing.T) {
	h := newHarness(t, Config{LessonKey: []byte("a test key of 16+ bytes")})
	c := h.dial("/ws?lang=en")
	_, f := c.hello(map[string]any{"lesson": "fork-cow", "lang": "en"})
	if l := lessonOf(t, f); num(l, "step") != 1 || num(l, "total") != 5 || l["done"] != false {
		t.Fatalf("start %v", l)
	}
	if !strings.Contains(f["fragments"].(map[string]any)["lesson-step"].(string), "Step 1 of 5") {
		t.Errorf("the first frame's step panel: %v", f["fragments"].(map[string]any)["lesson-step"])
	}
	c.send(map[string]any{"op": "lesson-next"})
	c.wantError(CodeLessonStep)
	c.send(map[string]any{"op": "lesson-predict", "answer": "perhaps"})
	c.wantError(CodeBadCommand)

	// Step 1: a wrong prediction, then "do it".
	c.send(map[string]any{"op": "lesson-predict", "answer": "copied"})
	c.read("frame")
	c.send(map[string]any{"op": "lesson-do"})
	f = c.read("frame")
	panel := f["fragments"].(map[string]any)["lesson-step"].(string)
	if l := lessonOf(t, f); l["done"] != true {
		t.Fatalf("after lesson-do: %v", l)
	}
	for _, want := range []string{`data-ok="false"`, "A common answer is that fork copies", "The machine&#39;s answer:", `data-show="frame:`, `id="lesson-next"`} {
		if !strings.Contains(panel, want) {
			t.Errorf("step 1's reveal lacks %s:\n%s", want, panel)
		}
	}
	c.send(map[string]any{"op": "lesson-do"})
	c.wantError(CodeLessonStep)
	c.send(map[string]any{"op": "lesson-next"})
	c.read("frame")
	// Step 2: right.
	c.send(map[string]any{"op": "lesson-predict", "answer": "ten"})
	c.read("frame")
	c.send(map[string]any{"op": "lesson-predict", "answer": "twenty"})
	c.wantError(CodeLessonStep)
	c.send(map[string]any{"op": "lesson-do"})
	if panel := c.read("frame")["fragments"].(map[string]any)["lesson-step"].(string); !strings.Contains(panel, `data-ok="true"`) {
		t.Errorf("step 2 right: %s", panel)
	}
	c.send(map[string]any{"op": "lesson-next"})
	c.read("frame")
	// Step 3 by the student's own command, without predicting.
	c.send(map[string]any{"op": "write", "tid": 3, "name": "value", "n": 7})
	if l := lessonOf(t, c.read("frame")); l["done"] != true || num(l, "predicted") != 2 || num(l, "correct") != 1 {
		t.Fatalf("step 3 by hand: %v", l)
	}
	for range 2 {
		c.send(map[string]any{"op": "lesson-next"})
		c.read("frame")
		c.send(map[string]any{"op": "lesson-do"})
		c.read("frame")
	}
	c.send(map[string]any{"op": "lesson-next"})
	f = c.read("frame")
	l := lessonOf(t, f)
	code, _ := l["code"].(string)
	if num(l, "step") != 6 || code == "" {
		t.Fatalf("finished: %v", l)
	}
	got, err := h.s.signer.Verify(code)
	if want := (lessons.Completion{Lesson: "fork-cow", Steps: 5, Predicted: 2, Correct: 1}); err != nil || got != want {
		t.Errorf("code %q verifies as %+v, %v; want %+v", code, got, err, want)
	}
	if panel := f["fragments"].(map[string]any)["lesson-step"].(string); !strings.Contains(panel, code) || !strings.Contains(panel, "Predictions right: 1 of 2.") ||
		!strings.Contains(panel, "In one sentence:") {
		t.Errorf("the finished panel: %s", panel)
	}
}

// TestLessonProgressResumesFromTheLinkAndRefusesForgeries: a page's
// saved lab and signed progress land on the same step on another server
// with the same key; a forged or foreign progress starts the lesson over
// with a bad-state error.
func TestLessonProgressResumesFromTheLinkAndRefusesForgeries(t *testing.T) {
	key := []byte("shared key for both replicas")
	h := newHarness(t, Config{LessonKey: key})
	c := h.dial("/ws")
	c.hello(map[string]any{"lesson": "deadlock"})
	c.send(map[string]any{"op": "lesson-do"})
	c.read("frame")
	c.send(map[string]any{"op": "lesson-next"})
	c.read("frame")
	c.send(map[string]any{"op": "lesson-predict", "answer": "both-wait"})
	f := c.read("frame")
	save, progress := f["save"].(string), lessonOf(t, f)["progress"].(string)

	other := newHarness(t, Config{LessonKey: key})
	c2 := other.dial("/ws")
	_, f2 := c2.hello(map[string]any{"save": save, "progress": progress})
	if l := lessonOf(t, f2); num(l, "step") != 2 || l["progress"] != progress {
		t.Errorf("resumed at %v, want step 2 with the same progress", l)
	}
	c2.send(map[string]any{"op": "lesson-do"})
	if l := lessonOf(t, c2.read("frame")); l["done"] != true {
		t.Errorf("the resumed step does not finish: %v", l)
	}

	stranger := newHarness(t, Config{LessonKey: []byte("some other server's key")})
	c3 := stranger.dial("/ws")
	c3.send(map[string]any{"op": "hello", "protocol": ProtocolVersion, "save": save, "progress": progress})
	c3.wantError(CodeBadState)
	c3.read("hello")
	if l := lessonOf(t, c3.read("frame")); num(l, "step") != 1 {
		t.Errorf("a foreign progress was taken: %v", l)
	}
}

func TestLessonOpsInAFreeLabAreRefused(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws")
	_, f := c.hello(nil)
	if _, ok := f["lesson"]; ok {
		t.Errorf("a free lab's frame carries lesson progress: %v", f["lesson"])
	}
	for _, op := range lessonOps {
		c.send(map[string]any{"op": op})
		c.wantError(CodeNoLesson)
	}
}

func TestTheVerifyPageChecksACode(t *testing.T) {
	h := newHarness(t, Config{LessonKey: []byte("the verify page's key")})
	code := h.s.signer.Code(lessons.Completion{Lesson: "deadlock", Steps: 2, Predicted: 1, Correct: 1})
	get := func(q string, lang string) (int, string) {
		req, _ := http.NewRequest("GET", h.ts.URL+"/verify"+q, nil)
		req.Header.Set("Accept-Language", lang)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, tc := range []struct{ q, lang, want string }{
		{"", "en", `name="code"`},
		{"?code=" + url.QueryEscape(code), "en", "Valid: lesson deadlock finished, 2 steps, 1 of 1 predictions right."},
		{"?code=" + url.QueryEscape(code), "ko-KR", "유효한 코드입니다: 단원 deadlock 완료, 2단계, 예측 1 / 1개 맞힘."},
		{"?code=" + url.QueryEscape(strings.Replace(code, ".2.1.1.", ".2.1.0.", 1)), "en", "Not a valid completion code for this server."},
		{"?code=%3Cscript%3E", "en", "&lt;script&gt;"},
	} {
		status, body := get(tc.q, tc.lang)
		if status != http.StatusOK || !strings.Contains(body, tc.want) {
			t.Errorf("GET /verify%s (%s): %d, want %q in\n%.2000s", tc.q, tc.lang, status, tc.want, body)
		}
		if strings.Contains(body, "<script>") {
			t.Errorf("GET /verify%s echoes markup", tc.q)
		}
	}
}

// A step whose run makes no event at all (instructions inside one
// function) is still checked: the state moved.
func TestAStepWithoutEventsIsStillChecked(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws")
	c.hello(map[string]any{"lesson": "memory-map"})
	c.send(map[string]any{"op": "lesson-do"})
	c.read("frame")
	c.send(map[string]any{"op": "lesson-next"})
	c.read("frame")
	c.send(map[string]any{"op": "lesson-do"})
	f := c.read("frame")
	if evs, _ := f["events"].([]any); len(evs) > 1 {
		t.Logf("step 2 made %d events", len(evs))
	}
	if l := lessonOf(t, f); l["done"] != true || num(l, "step") != 2 {
		t.Errorf("memory-map step 2 after lesson-do: %v", l)
	}
}

// TestAStepsUntilCheckCanBeTyped types what the step panel offers
// ("Do it yourself on the command line: until process 3 == running"):
// the command line runs it as "do it" would, and refuses a malformed
// check, one that holds already and one that never comes, saying which.
func TestAStepsUntilCheckCanBeTyped(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws?lang=en")
	c.hello(map[string]any{"lesson": "fork-cow", "lang": "en"})
	c.send(map[string]any{"op": "line", "text": "until process 3 == running"})
	if l := lessonOf(t, c.read("frame")); l["done"] != true {
		t.Fatalf("the typed until did not finish step 1: %v", l)
	}
	for _, tc := range []struct{ text, detail string }{
		{"until process 3 == running", "holds already"},
		{"until frobnicate 3 == 1", "frobnicate"},
		{"Until process 9 == running", "does not happen within"},
	} {
		c.send(map[string]any{"op": "line", "text": tc.text})
		m := c.wantError(CodeBadCommand)
		if d, _ := m["detail"].(string); !strings.Contains(d, tc.detail) {
			t.Errorf("%q: detail %q, want it to say %q", tc.text, d, tc.detail)
		}
	}
	c.send(map[string]any{"op": "line", "text": "until switch 5"})
	c.read("frame") // the lab's own until still works
}

// TestDoItAfterRunningPastTheStepGoesBackToIt: a student who pressed
// "run until all stop" on fork-cow's first step has left the fork far
// behind (both processes are gone); "do it" goes back to where the step
// began and does it from there, instead of refusing for ever.
func TestDoItAfterRunningPastTheStepGoesBackToIt(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws?lang=en")
	c.hello(map[string]any{"lesson": "fork-cow", "lang": "en"})
	c.send(map[string]any{"op": "line", "text": "until halt"})
	f := c.read("frame")
	past := num(f, "tick")
	if l := lessonOf(t, f); l["done"] != false {
		t.Fatalf("running to the end finished step 1: %v", l)
	}
	c.send(map[string]any{"op": "lesson-do"})
	f = c.read("frame")
	if l := lessonOf(t, f); l["done"] != true {
		t.Fatalf("do it after running past the step: %v", l)
	}
	if tick := num(f, "tick"); tick >= past {
		t.Errorf("the lab is at tick %d, not back before %d where the step began", tick, past)
	}
}

// TestPlayPausesWhenTheStepIsDone: Play on fork-cow's first step stops at
// the frame in which the step's checks first hold, so the picture stays
// at the moment its reveal describes.
func TestPlayPausesWhenTheStepIsDone(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws?lang=en")
	hello, _ := c.hello(map[string]any{"lesson": "fork-cow", "lang": "en"})
	c.send(map[string]any{"op": "play", "speed": 10})
	c.read("frame")
	for range 200 {
		h.tick()
		f := c.read("frame")
		if lessonOf(t, f)["done"] == true {
			if f["playing"] != false {
				t.Errorf("the frame that finished the step still plays: %v", f["playing"])
			}
			s := h.s.session(hello["session"].(string))
			waitUntil(t, func() bool { s.mu.Lock(); defer s.mu.Unlock(); return !s.playing })
			return
		}
	}
	t.Fatal("200 ticks of Play never finished fork-cow's first step")
}

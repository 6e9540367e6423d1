package server

import (
	"crypto/rand"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"procscope/lessons"
	"procscope/sim"
	"procscope/templates"
	"procscope/viewmodel"
)

// A session that runs a lesson keeps the student's progress through its
// steps (docs/lessons.md): the lesson ops move it (lesson-predict,
// lesson-do, lesson-next), every frame re-checks the current step against
// the machine, and the page keeps the progress, signed, in its URL
// fragment next to the saved lab (docs/protocol.md).

// lessonOps are the protocol ops of a lesson.
var lessonOps = []string{"lesson-predict", "lesson-do", "lesson-next"}

// maxStepEvents bounds the events a step keeps for its checks (counts and
// prints since it began): far more than any lesson step makes.
const maxStepEvents = 4096

// lessonRun is a session's lesson: the lesson, where the student is, and
// the events since the current step began.
type lessonRun struct {
	l      lessons.Lesson
	p      lessons.Progress
	events []sim.Event
	from   uint64 // the lab's tick when the current step began
}

// newSigner is the server's signer for completion codes and progress: the
// configured key, or a random one (codes then stay valid until restart).
func newSigner(key []byte) (*lessons.Signer, error) {
	if len(key) == 0 {
		key = make([]byte, 32)
		rand.Read(key)
	}
	return lessons.NewSigner(key)
}

// lessonResetLocked starts the lesson the lab runs from its first step
// (or drops it: a lab without a lesson, or a user's own program).
func (s *session) lessonResetLocked() {
	s.lesson = nil
	if s.cfg.Lesson == "" || s.cfg.Program != "" {
		return
	}
	if l, ok := lessons.Get(s.cfg.Lesson); ok {
		s.lesson = &lessonRun{l: l, p: lessons.Start(l), from: s.lab.Machine().Tick()}
	}
}

// lessonRestoreLocked takes the progress a page saved, if this server
// signed it and it fits the lesson; otherwise the lesson starts over.
func (s *session) lessonRestoreLocked(sealed string) error {
	if s.lesson == nil || sealed == "" {
		return nil
	}
	p, err := s.srv.signer.OpenProgress(sealed)
	if err == nil {
		err = p.Valid(s.lesson.l)
	}
	if err != nil {
		return errorf(CodeBadState, "lesson progress: %v", err)
	}
	s.lesson.p = p
	s.lesson.from = s.lab.Machine().Tick()
	return nil
}

// lessonObserveLocked adds what just happened to the step's events and
// re-checks the step (a lesson session's frames only, until it is done);
// the step's becoming done pauses Play.
func (s *session) lessonObserveLocked(evs []sim.Event) {
	lr := s.lesson
	if lr == nil || lr.p.Done || lr.p.Finished(lr.l) {
		return
	}
	// Even a run without events (a step N inside one function) moves the
	// state the checks read, so every frame re-checks.
	lr.events = append(lr.events, evs...)
	if over := len(lr.events) - maxStepEvents; over > 0 {
		lr.events = append(lr.events[:0], lr.events[over:]...)
	}
	// Play stops when the step is done: the reveal describes this moment,
	// and a picture that runs on would soon contradict it.
	if lr.p.Observe(lr.l, &lessons.Observation{State: s.lab.Machine().State(), Events: lr.events}) && s.playing {
		s.stopPlayLocked()
	}
}

// lessonOpLocked runs one lesson op.
func (s *session) lessonOpLocked(req request) error {
	lr := s.lesson
	if lr == nil {
		return errorf(CodeNoLesson, "%s: this lab runs no lesson", req.Op)
	}
	switch req.Op {
	case "lesson-predict":
		if err := lr.p.Predict(lr.l, req.Answer); err != nil {
			return lessonError(err)
		}
	case "lesson-do":
		return s.lessonDoLocked(lr)
	case "lesson-next":
		if err := lr.p.Next(lr.l); err != nil {
			return lessonError(err)
		}
		lr.events, lr.from = nil, s.lab.Machine().Tick()
		// The next step may already hold (a step that only reveals).
		lr.p.Observe(lr.l, &lessons.Observation{State: s.lab.Machine().State()})
	}
	return nil
}

// lessonDoLocked applies the current step's actions as the student's own
// commands would be (same limits, same history): "until CHECK" becomes
// the one `step N` after which it holds. A student who ran on past the
// step (Play, "run until all stop") can no longer reach it from there:
// then the lab goes back to where the step began, as "back" would, and
// does the step from there.
func (s *session) lessonDoLocked(lr *lessonRun) error {
	st, ok := lr.p.Current(lr.l)
	if !ok {
		return lessonError(lessons.ErrFinished)
	}
	if lr.p.Done {
		return errorf(CodeLessonStep, "step %d is done already: go on with lesson-next", lr.p.Step+1)
	}
	err := s.lessonApplyLocked(st)
	if (err != nil || !s.stepHoldsLocked(lr, st)) && s.lab.Machine().Tick() > lr.from {
		if gerr := s.gotoLocked(lr.from); gerr != nil {
			return gerr
		}
		lr.events = nil
		err = s.lessonApplyLocked(st)
	}
	return err
}

// stepHoldsLocked reports whether the step's checks hold now, with the
// events the next frame will add to the step's (as it will see them).
func (s *session) stepHoldsLocked(lr *lessonRun, st lessons.Step) bool {
	evs := append(slices.Clone(lr.events), s.pending...)
	return st.Done(&lessons.Observation{State: s.lab.Machine().State(), Events: evs, Lesson: &lr.l})
}

// lessonApplyLocked applies a step's actions to the lab.
func (s *session) lessonApplyLocked(st lessons.Step) error {
	for _, a := range st.Run {
		c, ok, err := a.Resolve(s.lab.Machine(), s.srv.cfg.Limits.MaxStepsPerCommand)
		if err != nil {
			return errorf(CodeLessonStep, "%v", err)
		}
		if !ok {
			continue
		}
		if err := s.applyLocked(c); err != nil {
			return err
		}
	}
	return nil
}

// lessonError maps a progress refusal onto the protocol's codes.
func lessonError(err error) error {
	if errors.Is(err, lessons.ErrBadAnswer) {
		return fieldError(CodeBadCommand, "answer", "%v", err)
	}
	return errorf(CodeLessonStep, "%v", err)
}

// lessonFrame is the lesson's progress as JSON clients see it in a frame.
type lessonFrame struct {
	Lesson    string `json:"lesson"`
	Step      int    `json:"step"` // from 1; total+1 once finished
	Total     int    `json:"total"`
	Done      bool   `json:"done"`
	Predicted int    `json:"predicted"`
	Correct   int    `json:"correct"`
	Progress  string `json:"progress"` // signed, for the URL fragment
	Code      string `json:"code,omitempty"`
}

// lessonFrameLocked is the progress for a frame (nil: no lesson).
func (s *session) lessonFrameLocked() *lessonFrame {
	lr := s.lesson
	if lr == nil {
		return nil
	}
	f := &lessonFrame{Lesson: lr.l.Name, Step: lr.p.Step + 1, Total: len(lr.l.Steps), Done: lr.p.Done,
		Predicted: lr.p.Predicted, Correct: lr.p.Correct, Progress: s.srv.signer.SealProgress(lr.p)}
	if lr.p.Finished(lr.l) {
		f.Code = completionCode(s.srv.signer, lr)
	}
	return f
}

func completionCode(signer *lessons.Signer, lr *lessonRun) string {
	return signer.Code(lessons.Completion{Lesson: lr.l.Name, Steps: len(lr.l.Steps), Predicted: lr.p.Predicted, Correct: lr.p.Correct})
}

// lessonStepLocked adds the step panel and its one line in the bar in a
// view's language to frags when the view's pages do not show it as it
// is (tr).
func (s *session) lessonStepLocked(v viewKey, st sim.State, tr *viewmodel.Tracker, full bool, frags map[string]string) error {
	lang := templates.Lang(v.lang)
	step := lessonStepView(s.srv.signer, lang, s.lesson, st)
	if whole, _ := tr.Plan("lesson-step", viewmodel.Hash(step), nil, full); !whole {
		return nil // the view's pages show this step as it is
	}
	var b strings.Builder
	o := templates.Options{Controls: v.controls, Mode: v.mode}
	if err := templates.LessonStepPanel(templates.For(lang), o, step).Render(s.srv.life, &b); err != nil {
		return err
	}
	frags["lesson-step"] = b.String()
	b.Reset()
	if err := templates.LessonPeek(templates.For(lang), step).Render(s.srv.life, &b); err != nil {
		return err
	}
	frags["lesson-peek"] = b.String()
	return nil
}

// lessonStepView is the step panel's view of a lesson run in one
// language; a nil run is a hidden panel. Without a signer (a page drawn
// before its socket connects) it carries no progress or code.
func lessonStepView(signer *lessons.Signer, lang string, lr *lessonRun, st sim.State) templates.LessonStep {
	if lr == nil {
		return templates.LessonStep{}
	}
	p := lr.p
	v := templates.LessonStep{Lesson: lr.l.Name, Index: p.Step + 1, Total: len(lr.l.Steps), Answer: p.Answer, Done: p.Done,
		OK: p.OK, Predicted: p.Predicted, Correct: p.Correct}
	if signer != nil {
		v.Sealed = signer.SealProgress(p)
	}
	step, ok := p.Current(lr.l)
	if !ok {
		v.Finished = true
		// The last reveal ends with the lesson's answer in one sentence:
		// it stays on the panel beside the score and the code.
		if n := len(lr.l.Steps); n > 0 {
			v.Reveal = lr.l.Steps[n-1].Text[lang].Reveal
		}
		if signer != nil {
			v.Code = completionCode(signer, lr)
		}
		v.Random = randomTry(st)
		return v
	}
	tx := step.Text[lang]
	v.Title, v.Do, v.Question, v.Reveal = tx.Title, tx.Do, tx.Question, tx.Reveal
	for _, a := range step.Run {
		v.Run = append(v.Run, a.Src)
	}
	if step.Predict != nil {
		v.Number = step.Predict.Number != nil
		for _, c := range tx.Choices {
			v.Choices = append(v.Choices, templates.LessonChoice{ID: c.ID, Label: c.Label})
		}
		v.RightLabel = p.Right
		if i := slices.IndexFunc(tx.Choices, func(c lessons.Choice) bool { return c.ID == p.Right }); i >= 0 {
			v.RightLabel = tx.Choices[i].Label
		}
		if p.Done && !p.OK && p.Answer != "" {
			v.Feedback = tx.Feedback(p.Answer)
		}
	}
	if p.Done {
		v.Show = showTokens(step.Show, st)
	}
	return v
}

// showTokens turns a step's highlight targets into the tokens the page
// script matches against the drawing; "frame PID NAME" is resolved to the
// frame that holds the global now.
func showTokens(targets []lessons.Target, st sim.State) string {
	var out []string
	for _, t := range targets {
		if t.Kind == "frame" {
			o := lessons.Observation{State: st}
			p, _ := lessons.ParseProbe(append([]string{"frame"}, t.Args...))
			if v := p.Read(&o); v.Missing == "" {
				out = append(out, "frame:"+strconv.FormatInt(v.Num, 10))
			}
			continue
		}
		out = append(out, t.Kind+":"+strings.Join(t.Args, ":"))
	}
	return strings.Join(out, " ")
}

// lessonStartView is the step panel of a page drawn before its socket
// connects: the lesson's first step.
func lessonStartView(lang, name string) templates.LessonStep {
	l, ok := lessons.Get(name)
	if !ok {
		return templates.LessonStep{}
	}
	return lessonStepView(nil, lang, &lessonRun{l: l, p: lessons.Start(l)}, sim.State{})
}

// handleVerify is the /verify page: a teacher pastes a completion code
// and learns what it vouches for (procscope verify does the same on the
// command line). Only this server's key can check a code.
func (s *Server) handleVerify(w http.ResponseWriter, r *http.Request) {
	lang := r.URL.Query().Get("lang")
	if lang != "ko" && lang != "en" {
		lang = acceptLanguage(r.Header.Get("Accept-Language"))
	}
	t := templates.For(lang)
	v := templates.VerifyView{Lang: lang, T: t, Action: s.cfg.BasePath + "/verify",
		Assets: templates.Assets{CSS: s.assets.url("app.css"), Icon: s.assets.url("favicon.svg")}}
	if code := r.URL.Query().Get("code"); code != "" {
		v.Code = code
		v.Result = t.VerifyBad
		if len(code) <= 200 {
			if c, err := s.signer.Verify(code); err == nil {
				v.OK, v.Result = true, templates.F(t.VerifyOK, c.Lesson, c.Steps, c.Correct, c.Predicted)
			}
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Vary", "Accept-Language")
	w.Header().Set("Cache-Control", "no-store")
	if err := templates.VerifyPage(v).Render(r.Context(), w); err != nil {
		s.log.Error("render verify page", "err", err)
	}
}

// randomTry is the "try random interrupts" control for a finished lesson
// on the ostep machine: the seed the lab runs with, if random, and the
// next one to try (nil on other machines).
func randomTry(st sim.State) *templates.RandomTry {
	if st.Profile != sim.OSTEP.Name {
		return nil
	}
	tm := st.Timer
	r := &templates.RandomTry{Random: tm.Random, Seed: tm.Seed, Interval: tm.Interval, Next: 1}
	if tm.Random {
		r.Next = tm.Seed + 1
	}
	return r
}

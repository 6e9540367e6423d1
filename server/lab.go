package server

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"procscope/lessons"
	"procscope/sim"
	"procscope/sim/asm"
	"procscope/sim/cc"
	"procscope/templates"
	"procscope/viewmodel"
)

// labConfig is what builds a session's lab: the seed, the lesson (its
// machine and program) and, when the user loaded one, their own program
// source, which replaces the lesson's program on the lesson's machine.
// With neither lesson nor program the lab is the free lab: sim's default
// machine running freeLabSource.
type labConfig struct {
	Seed    int64
	Lesson  string
	Program string
	// Language is load's language ("c", "asm"; "" detects it).
	Language string
}

// renderFunc renders the page fragments and parts (element id → HTML) for
// a state and the event log that led to it that a view's pages lack, as
// the tracker records what they were sent (all of them when full).
type renderFunc func(ctx context.Context, v viewKey, st sim.State, log eventWindow, tr *viewmodel.Tracker, full bool) (pageEdits, error)

// simConfig turns a lab config into the machine's configuration. The
// server's step cap is also the machine's, so the two can never disagree.
func (srv *Server) simConfig(cfg labConfig) (sim.Config, error) {
	var sc sim.Config
	if cfg.Lesson != "" {
		l, ok := lessons.Get(cfg.Lesson)
		if !ok {
			return sc, errorf(CodeUnknownLesson, "lesson %q", cfg.Lesson)
		}
		sc = l.Config(cfg.Seed)
	}
	sc.Seed = cfg.Seed
	switch {
	case cfg.Program != "":
		sc.Program, sc.Language = cfg.Program, cfg.Language
	case cfg.isFreeLab():
		code, err := freeLabCode()
		if err != nil {
			return sc, err // a test fails first: the free lab compiles
		}
		sc.Code = code
	}
	sc.Limits.MaxStepsPerCommand = srv.cfg.Limits.MaxStepsPerCommand
	return sc, nil
}

// snapshotEvery is the snapshot spacing of a session's lab, in ticks (see
// BenchmarkBackOneAt5MTicks and docs/operations.md). sim keeps at most 32
// snapshots and doubles the spacing past them, so memory stays bounded
// whatever the history; this sets how fine the early ones are.
const snapshotEvery = sim.DefaultSnapshotEvery

// buildLab builds the lab a config names, with a pacer so that its long
// runs give way to other sessions. A program that does not assemble is a
// bad-program error carrying every problem with its line.
func (srv *Server) buildLab(cfg labConfig) (*sim.Lab, error) {
	sc, err := srv.simConfig(cfg)
	if err != nil {
		return nil, err
	}
	l, err := sim.NewLab(sc)
	if err != nil {
		return nil, programError(err)
	}
	l.SetSnapshotEvery(snapshotEvery)
	paceLab(l) // a long run gives way (pace.go)
	return l, nil
}

// problem is one thing wrong with a loaded program. Message is English;
// an assembler problem also keeps its Code and Args (sim/asm's), which
// say it in another language.
type problem struct {
	Line    int      `json:"line"`
	Col     int      `json:"col,omitempty"` // C problems
	Message string   `json:"message"`
	Code    string   `json:"-"`
	Args    []string `json:"-"`
	c       *cc.Error
}

// In is the problem with its Message in lang.
func (p problem) In(lang string) problem {
	if p.c != nil {
		p.Message = p.c.Message(templates.Lang(lang))
		return p
	}
	p.Message = templates.AsmMessage(lang, p.Code, p.Args, p.Message)
	return p
}

// String is the problem as one line of an error message, in lang.
func (p problem) String(lang string) string {
	msg := p.In(lang).Message
	if p.Line == 0 {
		return msg
	}
	if lang == "ko" {
		return fmt.Sprintf("%d행: %s", p.Line, msg)
	}
	return fmt.Sprintf("line %d: %s", p.Line, msg)
}

// programErr is a bad-program error with its problems.
type programErr struct {
	protoError
	problems []problem
}

func (e *programErr) Unwrap() error { return &e.protoError }

// problemsIn is every problem with its Message in lang, as the client
// lists them under the editor.
func (e *programErr) problemsIn(lang string) []problem {
	out := make([]problem, len(e.problems))
	for i, p := range e.problems {
		out[i] = p.In(lang)
	}
	return out
}

var lineRE = regexp.MustCompile(`^line (\d+): (.*)$`)

// programError turns the simulator's refusal of a program into a
// bad-program error listing every problem with its line. The assembler
// (sim/asm) reports an ErrorList; anything else is one problem, with the
// line taken from a "line N:" prefix when there is one.
func programError(err error) error {
	var list asm.ErrorList
	var cerr *cc.Error
	var probs []problem
	if errors.As(err, &cerr) {
		probs = append(probs, problem{Line: cerr.Line, Col: cerr.Col, Message: cerr.Message("en"), Code: cerr.Code, Args: cerr.Args, c: cerr})
	} else if errors.As(err, &list) {
		for _, e := range list {
			probs = append(probs, problem{Line: e.Line, Message: e.Msg, Code: e.Code, Args: e.Args})
		}
	} else {
		msg := err.Error()
		p := problem{Message: msg}
		if m := lineRE.FindStringSubmatch(msg); m != nil {
			p.Line, _ = strconv.Atoi(m[1])
			p.Message = m[2]
		}
		probs = append(probs, p)
	}
	return &programErr{protoError: protoError{Code: CodeBadProgram, Detail: fmt.Sprintf("%d problems: %v", len(probs), err)}, problems: probs}
}

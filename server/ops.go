package server

import (
	"errors"
	"slices"
)

// handle runs one client op on the session and publishes the result.
func (s *session) handle(c *conn, req request) {
	moved := false
	s.do(c, req.Op, func() error {
		if _, ok := s.subs[c]; !ok {
			moved = true // a closing room moved c into a lab of its own
			return nil
		}
		if err := s.opLocked(c, req); err != nil {
			return withRef(err, req.Ref)
		}
		return nil
	})
	if ns := c.session(); moved && ns != nil && ns != s {
		ns.handle(c, req)
	}
}

func (s *session) opLocked(c *conn, req request) error {
	switch req.Op {
	case "snapshot":
		b, err := s.snapshotLocked()
		if err != nil {
			return err
		}
		c.send(b)
		return nil
	case "room":
		if err := roomMode(req.Mode); err != nil {
			return err
		}
		if req.Mode == modeSelfPaced {
			return s.srv.openPacedLocked(s, c, req.Lesson)
		}
		return s.srv.openRoomLocked(s, c, nil)
	case "nickname":
		return s.nicknameLocked(c, req.Name)
	case "handover":
		return s.handoverLocked(c, req.To)
	case "takeback":
		return s.handoverLocked(c, "")
	case "close-room":
		return s.closeRoomLocked(c)
	}
	if !canControl(c.role) {
		return errorf(CodeReadOnly, "%s by a %s", req.Op, c.role)
	}
	s.staleLocked() // whatever the op changes, even if it then fails
	err := s.controlLocked(req)
	var se *simError
	if err != nil && !errors.As(err, &se) {
		return err
	}
	// A command the machine refused still moved the tick: everyone sees
	// the frame with its error event; the sender also gets the error.
	s.publishLocked(false)
	return err
}

// controlLocked runs the ops that change the machine or how it plays.
func (s *session) controlLocked(req request) error {
	switch req.Op {
	case "back":
		if now := s.lab.Machine().Tick(); req.N < 1 || uint64(req.N) > now {
			return errorf(CodeBadTick, "back %d from tick %d", req.N, now)
		}
		s.stopPlayLocked()
		s.keepFutureLocked()
		if err := s.lab.Back(int(req.N)); err != nil {
			return errorf(CodeBadTick, "back %d: %v", req.N, err)
		}
		s.rewoundLocked()
	case "forward":
		s.stopPlayLocked()
		return s.forwardLocked(max(req.N, 1))
	case "line":
		return s.lineLocked(req.Text)
	case "goto":
		if req.Tick == nil {
			return fieldError(CodeBadCommand, "tick", "required: the tick to go to")
		}
		s.stopPlayLocked()
		if err := s.gotoLocked(*req.Tick); err != nil {
			return err
		}
	case "play":
		if req.Speed != 0 {
			if err := s.setSpeedLocked(req.Speed); err != nil {
				return err
			}
		}
		s.startPlayLocked()
	case "pause":
		s.stopPlayLocked()
	case "speed":
		if err := s.setSpeedLocked(req.Speed); err != nil {
			return err
		}
		if s.playing {
			s.startPlayLocked()
		}
	case "load":
		if len(req.Program) > maxProgram {
			return &tooLargeError{what: "program", size: len(req.Program), limit: maxProgram}
		}
		if req.Lesson != "" && !lessonName.MatchString(req.Lesson) {
			return fieldError(CodeBadCommand, "lesson", "want a lesson name: a-z, 0-9 and -, at most 64")
		}
		if req.Language != "" && req.Language != "c" && req.Language != "asm" {
			return fieldError(CodeBadCommand, "language", "want c or asm")
		}
		cfg := labConfig{Seed: s.cfg.Seed, Lesson: req.Lesson, Program: req.Program, Language: req.Language}
		if req.Lesson == "" && req.Program != "" {
			cfg.Lesson = s.cfg.Lesson // a program runs on the current lesson's machine
		}
		return s.jumpLocked(cfg)
	case "lesson-predict", "lesson-do", "lesson-next":
		return s.lessonOpLocked(req)
	case "reset":
		cfg := s.cfg
		if req.Seed != nil {
			cfg.Seed = *req.Seed
		}
		return s.jumpLocked(cfg)
	default: // a simulator command
		return s.applyLocked(req.cmd)
	}
	return nil
}

// gotoLocked moves to a tick: back by replay, or forward into the
// future that an earlier back or goto left (see forwardLocked).
func (s *session) gotoLocked(tick uint64) error {
	now := s.lab.Machine().Tick()
	if tick > now {
		if s.future == nil || tick > s.future.Machine().Tick() {
			return errorf(CodeBadTick, "goto %d: the lab is at tick %d", tick, now)
		}
		return s.forwardLocked(int64(tick - now))
	}
	s.keepFutureLocked()
	if err := s.lab.Goto(tick); err != nil {
		return errorf(CodeBadTick, "goto %d: %v", tick, err)
	}
	s.rewoundLocked()
	return nil
}

func (s *session) setSpeedLocked(speed int) error {
	if !slices.Contains(Speeds, speed) {
		return errorf(CodeBadSpeed, "speed %d not in %v", speed, Speeds)
	}
	s.speed = speed
	return nil
}

// withRef attaches the client's ref to an error so it can match it.
func withRef(err error, ref int64) error {
	if ref == 0 {
		return err
	}
	return &refError{err: err, ref: ref}
}

type refError struct {
	err error
	ref int64
}

func (e *refError) Error() string { return e.err.Error() }
func (e *refError) Unwrap() error { return e.err }

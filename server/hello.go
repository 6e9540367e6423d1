package server

import (
	"fmt"

	"procscope/lessons"
	"procscope/sim"
)

// hello starts or resumes the connection's session. The client says which
// protocol and asset hash its script has (an older page is told to
// reload), its language and format, and where to land: a room, a live
// session to resume, or a saved lab (#s=…) to restore.
func (srv *Server) hello(c *conn, req request) {
	srv.unfollow(c) // a socket following a room held elsewhere moves too
	// A second hello moves the connection. The lab it leaves is freed at
	// once if nobody else watches it and it is no room (its state lives on
	// in the page's saved lab), so one socket cannot pile up idle sessions
	// by saying hello again and again. Resuming that same lab keeps it.
	if old := c.session(); old != nil {
		c.leave()
		if req.Session != old.id {
			srv.freeAbandoned(old)
		}
		defer func() {
			if c.session() != old {
				srv.freeAbandoned(old)
			}
		}()
	}
	c.view = viewKey{
		lang: pick(req.Lang, "en", "ko"), json: req.Format == "json",
		controls: pick(req.Controls, "full", "minimal", "none"),
		mode:     pick(req.Mode, "explore", "present", "readonly"),
	}
	c.held = heldLab{session: req.Session, save: req.Save, progress: req.Progress}
	if req.Protocol != ProtocolVersion || (req.Assets != "" && req.Assets != srv.assets.hash) {
		h := srv.helloFor("", "")
		h.Reload = true
		c.sendJSON(h)
		c.sendError(errorf(CodeOutdated, "client protocol %d assets %.16q", req.Protocol, req.Assets), "hello", req.Ref)
		return
	}
	if req.Room != "" {
		if err := srv.joinRoom(c, req.Room, req.Token); err != nil {
			c.sendError(err, "hello", req.Ref)
		}
		return
	}
	if s := srv.session(req.Session); s != nil {
		var code string
		s.do(c, "hello", func() error {
			if s.room != nil {
				// Teacher rights come only from the room's token (the
				// teacher's page sends room+token); a session id alone,
				// which may have been seen elsewhere, only follows.
				code = s.room.code
				return nil
			}
			if req.Save != "" && !s.grewFromLocked(req.Save) {
				return nil // the page now holds another lab (a new link in the same tab): restore that
			}
			s.attachLocked(c, roleSolo)
			return nil
		})
		if code != "" {
			if err := srv.joinRoom(c, code, ""); err != nil {
				c.sendError(err, "hello", req.Ref)
			}
			return
		}
		if c.session() == s {
			return
		}
	}
	s, err := srv.restore(c, req)
	if err != nil {
		c.sendError(err, "hello", req.Ref)
		return
	}
	s.do(c, "hello", func() error {
		s.attachLocked(c, roleSolo)
		if req.Autoplay {
			s.startPlayLocked()
		}
		return nil
	})
}

// restore builds a new session from a hello: the saved lab if it decodes
// and builds (else a fresh lab and a bad-state error, so the page still
// works), replayed through the simulator, then the step to open at.
func (srv *Server) restore(c *conn, req request) (*session, error) {
	cfg := labConfig{Seed: 1, Lesson: req.Lesson}
	if req.Seed != nil {
		cfg.Seed = *req.Seed
	}
	if cfg.Lesson != "" {
		if _, ok := lessons.Get(cfg.Lesson); !ok || !lessonName.MatchString(cfg.Lesson) {
			c.sendError(errorf(CodeUnknownLesson, "lesson %.40q", cfg.Lesson), "hello", req.Ref)
			cfg.Lesson = ""
		}
	}
	var log []sim.Command
	if req.Save != "" {
		sv, err := decodeSave(req.Save, srv.cfg.Limits)
		switch {
		case err != nil:
			c.sendError(err, "hello", req.Ref)
		case sv.model < sim.ModelVersion:
			// It still opens: the notice says the replay may differ.
			c.sendError(&protoError{Code: CodeOldModel,
				Detail: fmt.Sprintf("saved under model %d, replayed under model %d", sv.model, sim.ModelVersion),
				Public: fmt.Sprintf("saved under model %d, replayed under model %d", sv.model, sim.ModelVersion)}, "hello", req.Ref)
			fallthrough
		default:
			cfg, log = sv.cfg, sv.log
		}
	}
	if err := srv.meterReplay(c.ctx, c.addr, replayCost(log, srv.cfg.Limits.MaxStepsPerCommand)); err != nil {
		return nil, err
	}
	if err := srv.reserveSession(c.addr); err != nil {
		return nil, err
	}
	s, err := srv.newSession(cfg, log, c.addr)
	if err != nil && cfg != (labConfig{Seed: cfg.Seed}) {
		// The saved lab names a lesson or program this server cannot
		// build: start the default lab and say why.
		c.sendError(errorf(CodeBadState, "saved lab does not build: %v", err), "hello", req.Ref)
		cfg, log = labConfig{Seed: cfg.Seed}, nil
		s, err = srv.newSession(cfg, nil, c.addr)
	}
	if err != nil {
		srv.unreserveSession(c.addr)
		return nil, err
	}
	if req.Step > 0 && req.Step < s.lab.Machine().Tick() {
		if err := s.lab.Goto(req.Step); err != nil {
			s.log.Debug("open at step", "step", req.Step, "err", err)
		}
		s.commands = len(s.lab.History())
	}
	if err := s.lessonRestoreLocked(req.Progress); err != nil {
		c.sendError(err, "hello", req.Ref)
	}
	srv.addSession(s)
	s.log.Debug("session started", "saved", describeSave(cfg, len(log)))
	return s, nil
}

// helloFor is the server's hello.
func (srv *Server) helloFor(session, role string) helloMsg {
	h := helloMsg{Type: "hello", Protocol: ProtocolVersion, Assets: srv.assets.hash, Session: session, Role: role, Speeds: Speeds}
	h.Limits.StepsPerCommand = srv.cfg.Limits.MaxStepsPerCommand
	h.Limits.MaxTicks = srv.cfg.Limits.MaxTicks
	h.Limits.FrameRate = srv.cfg.Limits.FrameRate
	return h
}

// freeAbandoned ends a session a connection has just left if nobody else
// watches it and it is not a room (a room outlives its members for the
// idle time, so a teacher can come back to it).
func (srv *Server) freeAbandoned(s *session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended || len(s.subs) > 0 || s.room != nil {
		return
	}
	s.log.Debug("session left by a new hello freed")
	s.endLocked(CodeGoingAway)
}

package server

import "procscope/lessons"

// A self-paced room (docs/protocol.md, "Self-paced rooms") is a room in
// which every student runs the room's lesson in a lab of their own, and
// the teacher watches a roster: each student's step and predictions,
// under a nickname the student may type. The room itself is the
// teacher's session, as in presenting mode; each student's lab is an
// ordinary session that reports to the room's roster.
//
// Locks, always taken in this order: the teacher's session, a student's
// session, the roster. A student's lab reports under its own lock and
// touches only the roster; the roster reaches the teacher only from its
// own flush loop, which never holds a student's lock.

// Room modes, chosen when the room opens (op room, field mode).
const (
	modePresent   = "present"    // students follow the teacher's lab (the default)
	modeSelfPaced = "self-paced" // each student runs the lesson in a lab of their own
)

// roleStudent is a member of a self-paced room: in control of a lab of
// its own that reports to the room's roster.
const roleStudent = "student"

// heldLab is what a page's hello says it holds: its live session's id,
// its saved lab and its lesson progress.
type heldLab struct{ session, save, progress string }

// studentOf links a student's lab to its seat in a room's roster.
type studentOf struct {
	r    *roster
	seat *seat
}

// openPacedLocked makes the session of c a self-paced room for a lesson
// (the lab's own lesson when none is named).
func (srv *Server) openPacedLocked(s *session, c *conn, name string) error {
	if s.room != nil {
		return srv.openRoomLocked(s, c, nil) // a teacher asking again gets the room resent
	}
	if name == "" {
		name = s.cfg.Lesson
	}
	if name == "" {
		return fieldError(CodeBadCommand, "lesson", "a self-paced room needs a lesson")
	}
	l, ok := lessons.Get(name)
	if !ok || !lessonName.MatchString(name) {
		return errorf(CodeUnknownLesson, "lesson %.40q", name)
	}
	r := srv.newRoster(s, l)
	if err := srv.openRoomLocked(s, c, r); err != nil {
		return err
	}
	r.start()
	return nil
}

// resumePaced keeps a room taken over from a replica that stopped
// self-paced, on its lesson, with a new roster: the students' labs were
// on the stopped replica, and each student who comes back sits again.
func (srv *Server) resumePaced(s *session, lesson string) {
	l, ok := lessons.Get(lesson)
	if lesson == "" || !ok {
		return
	}
	s.room.paced = srv.newRoster(s, l)
	s.room.paced.code = s.room.code
	s.room.paced.start()
}

// pacedLesson is the lesson of a self-paced room, "" for presenting.
func (r *room) pacedLesson() string {
	if r.paced == nil {
		return ""
	}
	return r.paced.lesson.Name
}

// roomMode checks the mode a room op asks for.
func roomMode(mode string) error {
	if mode == "" || mode == modePresent || mode == modeSelfPaced {
		return nil
	}
	return fieldError(CodeBadCommand, "mode", "want %s or %s", modePresent, modeSelfPaced)
}

// joinPaced gives c its own lab in a self-paced room: the lab it had if
// its page brings that lab's session id (a reload), else a lab restored
// from the page's saved lab if that is the room's lesson, else the
// lesson from its first step.
func (srv *Server) joinPaced(c *conn, r *roster) error {
	if c.remote != nil {
		return errorf(CodePacedLocal, "self-paced room %s is held on another replica", r.code)
	}
	if st := r.seatOf(c.held.session); st != nil {
		if s := srv.session(c.held.session); s != nil && s.reattach(c, r, st) {
			return nil
		}
	}
	if !r.hasRoom(c.held.session) {
		return errorf(CodeFollowerLimit, "self-paced room %s has %d students", r.code, r.limit)
	}
	s, err := srv.restore(c, srv.pacedHello(c, r))
	if err != nil {
		return err
	}
	var full bool
	s.do(c, "hello", func() error {
		st, ok := r.sit(s.id, c.held.session)
		if !ok {
			full = true
			s.endLocked(CodeFollowerLimit) // nobody watches it yet
			return nil
		}
		s.student = &studentOf{r: r, seat: st}
		s.attachLocked(c, roleStudent)
		s.reportLocked()
		return nil
	})
	if full {
		return errorf(CodeFollowerLimit, "self-paced room %s has %d students", r.code, r.limit)
	}
	return nil
}

// pacedHello is the hello a student's new lab is restored from: the
// page's saved lab and progress only when they are the room's lesson's
// (a student who was already on it keeps their place), else a fresh lab.
func (srv *Server) pacedHello(c *conn, r *roster) request {
	req := request{Lesson: r.lesson.Name}
	if c.held.save == "" {
		return req
	}
	sv, err := decodeSave(c.held.save, srv.cfg.Limits)
	if err == nil && sv.cfg.Lesson == r.lesson.Name && sv.cfg.Program == "" {
		req.Save, req.Progress = c.held.save, c.held.progress
	}
	return req
}

// reattach puts c back on the lab it left (a reload within the session's
// idle time), if that lab still sits in r.
func (s *session) reattach(c *conn, r *roster, st *seat) bool {
	ok := false
	s.do(c, "hello", func() error {
		if s.student == nil || s.student.r != r || s.student.seat != st {
			return nil
		}
		ok = true
		s.attachLocked(c, roleStudent)
		s.reportLocked()
		return nil
	})
	return ok
}

// nicknameLocked sets the nickname of the student c (empty: none) and
// confirms it with a room message.
func (s *session) nicknameLocked(c *conn, name string) error {
	if s.student == nil || c.role != roleStudent {
		return errorf(CodeNotStudent, "nickname by a %s", c.role)
	}
	nick, err := checkNickname(name)
	if err != nil {
		return err
	}
	so := s.student
	so.r.mu.Lock()
	if so.seat.session != s.id {
		so.r.mu.Unlock()
		return errorf(CodeNotStudent, "nickname for a seat given to another student")
	}
	so.seat.nick = nick
	so.r.markLocked(so.seat, so.seat.entry)
	so.r.mu.Unlock()
	so.tell(c)
	return nil
}

// tell sends a student its view of the room: the code, its seat and
// nickname, the lesson. Never the roster.
func (so *studentOf) tell(c *conn) {
	r := so.r
	r.mu.Lock()
	msg := roomMsg{Type: "room", Code: r.code, Join: r.joinLink(c), Role: roleStudent,
		You: so.seat.entry.ID, Seat: so.seat.n, Name: so.seat.nick, Mode: modeSelfPaced, Lesson: r.lesson.Name}
	r.mu.Unlock()
	c.sendJSON(msg)
}

// joinLink is the link a member hands on: the room's lesson opens at once.
func (r *roster) joinLink(c *conn) string {
	return c.base + "/r/" + r.code + "?lang=" + c.view.lang + "&lesson=" + r.lesson.Name
}

// describe adds a self-paced room's mode, lesson and join link to a
// member's room message, and whether students must reach this replica.
func (r *roster) describe(msg *roomMsg, c *conn) {
	msg.Mode, msg.Lesson, msg.Join = modeSelfPaced, r.lesson.Name, r.joinLink(c)
	msg.Local = !c.srv.rel.local
}

// leaveRosterLocked makes a student's lab solo when its room ends.
func (s *session) leaveRosterLocked(r *roster) {
	if s.student == nil || s.student.r != r {
		return
	}
	s.student = nil
	for c := range s.subs {
		c.role = roleSolo
		c.sendJSON(roomMsg{Type: "room", Code: r.code, Join: r.joinLink(c), Role: roleSolo, Mode: modeSelfPaced, Ended: true})
	}
}

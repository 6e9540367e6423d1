package server

import (
	"encoding/json"
	"slices"
	"strconv"
	"sync"

	"procscope/lessons"
)

// The roster of a self-paced room (room_selfpaced.go): a seat per
// student, the state each student's lab last reported, and the loop that
// brings the teacher's page up to date with what changed, at most every
// rosterEvery (room.go, shared with the presenting roster): whatever 300
// students do, the teacher's socket carries four roster messages a
// second, each holding only the students that changed.

// roster is the list of a self-paced room's students, as the teacher sees
// it. It lives as long as the room; nothing in it is written anywhere.
type roster struct {
	srv     *Server
	teacher *session // the room's session: its teacher connections see the roster
	code    string
	lesson  lessons.Lesson
	limit   int // seats at most: -max-followers
	stop    chan struct{}

	mu        sync.Mutex
	seats     []*seat          // by number, from 1
	bySession map[string]*seat // a student's current lab, to resume it after a reload
	dirty     map[*seat]struct{}
	closed    bool
}

// seat is one student of a roster: a number, an optional nickname, and
// the last state the student's lab reported. Guarded by the roster's mu.
type seat struct {
	n       int
	session string // the id of the student's lab (a secret, never sent to the teacher)
	nick    string
	entry   rosterEntry
}

// rosterEntry is one student as the teacher's page shows it.
type rosterEntry struct {
	ID   string `json:"id"`             // "s3"
	N    int    `json:"n"`              // the seat number: "student 3" without a nickname
	Name string `json:"name,omitempty"` // the nickname the student typed
	// Step is the lesson's current step from 1 (total+1 once finished),
	// 0 before the lab has reported.
	Step      int    `json:"step"`
	Done      bool   `json:"done,omitempty"` // the current step's checks hold
	Predicted int    `json:"predicted"`
	Correct   int    `json:"correct"`
	Finished  bool   `json:"finished,omitempty"`
	Code      string `json:"code,omitempty"` // the completion code the student was shown
	// Off says the student's lab runs another lesson or program now;
	// the entry keeps the progress last seen on the room's lesson.
	Off       bool `json:"off,omitempty"`
	Connected bool `json:"connected"`
}

// rosterMsg brings the teacher's roster up to date: every student when
// full, else only those that changed since the last one.
type rosterMsg struct {
	Type     string        `json:"type"` // "roster"
	Code     string        `json:"code"`
	Lesson   string        `json:"lesson"`
	Total    int           `json:"total"` // the lesson's steps
	Full     bool          `json:"full,omitempty"`
	Count    int           `json:"count"` // students who ever joined (seats)
	Students []rosterEntry `json:"students"`
}

// newRoster is the empty roster of a self-paced room of s on lesson l.
func (srv *Server) newRoster(s *session, l lessons.Lesson) *roster {
	return &roster{srv: srv, teacher: s, lesson: l, limit: srv.cfg.Limits.MaxFollowers, stop: make(chan struct{}),
		bySession: map[string]*seat{}, dirty: map[*seat]struct{}{}}
}

// start runs the roster's flush loop for as long as the room is open.
func (r *roster) start() {
	r.srv.wg.Add(1)
	go r.loop(r.srv.newTicker(rosterEvery))
}

// seatOf is the seat whose lab has the session id, or nil.
func (r *roster) seatOf(session string) *seat {
	if session == "" {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.bySession[session]
}

// hasRoom says whether a new student may sit (a returning one always may).
func (r *roster) hasRoom(prev string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, back := r.bySession[prev]
	return !r.closed && (back || len(r.seats) < r.limit || r.blankSeatLocked() != nil)
}

// sit gives the lab with id a seat: the seat of the lab prev if there was
// one (a student back after their lab was freed keeps number and
// nickname), else a new one while the roster has room.
func (r *roster) sit(id, prev string) (*seat, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, false
	}
	st := r.bySession[prev]
	switch {
	case prev != "" && st != nil:
		delete(r.bySession, prev)
	case len(r.seats) < r.limit:
		st = &seat{n: len(r.seats) + 1}
		st.entry = rosterEntry{ID: "s" + strconv.Itoa(st.n), N: st.n}
		r.seats = append(r.seats, st)
	default:
		if st = r.blankSeatLocked(); st == nil {
			return nil, false
		}
		delete(r.bySession, st.session) // that lab, if it lives on, is solo now
		st.nick, st.entry = "", rosterEntry{ID: st.entry.ID, N: st.n}
	}
	st.session = id
	// Taken from now on: its page attaches under the same session lock,
	// but another newcomer's hello may look before the lab's first
	// report says so, and must not find this seat blank.
	st.entry.Connected = true
	r.bySession[id] = st
	r.dirty[st] = struct{}{}
	return st, true
}

// blankSeatLocked is a seat a full roster may give again: its page is
// gone and it says nothing (no nickname, no step done, no prediction),
// so seats a script took and left do not keep a class out. Called with
// r.mu held.
func (r *roster) blankSeatLocked() *seat {
	for _, st := range r.seats {
		e := st.entry
		if !e.Connected && st.nick == "" && e.Step <= 1 && !e.Done && e.Predicted == 0 {
			return st
		}
	}
	return nil
}

// reportLocked tells the roster where the student's lab is now. It runs
// after every frame of a student's lab and when its page comes or goes;
// it costs a comparison, and a change reaches the teacher with the next
// roster message, never on its own.
func (s *session) reportLocked() {
	so := s.student
	if so == nil {
		return
	}
	so.r.mu.Lock()
	defer so.r.mu.Unlock()
	if so.seat.session != s.id {
		s.student = nil // the seat was given to another student: this lab is solo
		return
	}
	e := so.seat.entry
	e.Connected = len(s.subs) > 0
	lr := s.lesson
	e.Off = lr == nil || lr.l.Name != so.r.lesson.Name
	if !e.Off {
		e.Step, e.Done, e.Predicted, e.Correct = lr.p.Step+1, lr.p.Done, lr.p.Predicted, lr.p.Correct
		e.Finished = lr.p.Finished(lr.l)
		e.Code = ""
		if e.Finished {
			e.Code = completionCode(s.srv.signer, lr)
		}
	}
	so.r.markLocked(so.seat, e)
}

// markLocked stores a seat's new entry and marks it for the next roster
// message if it changed. Called with r.mu held.
func (r *roster) markLocked(st *seat, e rosterEntry) {
	e.ID, e.N, e.Name = st.entry.ID, st.n, st.nick
	if e == st.entry || r.closed {
		return
	}
	st.entry = e
	r.dirty[st] = struct{}{}
}

// sendFull sends one teacher connection every student.
func (r *roster) sendFull(c *conn) {
	r.mu.Lock()
	msg := r.msgLocked(true, r.seats)
	r.mu.Unlock()
	c.sendJSON(msg)
}

func (r *roster) msgLocked(full bool, seats []*seat) rosterMsg {
	msg := rosterMsg{Type: "roster", Code: r.code, Lesson: r.lesson.Name, Total: len(r.lesson.Steps), Full: full,
		Count: len(r.seats), Students: make([]rosterEntry, 0, len(seats))}
	for _, st := range seats {
		msg.Students = append(msg.Students, st.entry)
	}
	return msg
}

// loop sends the teacher what changed, at most every rosterEvery, for as
// long as the room is open.
func (r *roster) loop(t ticker) {
	defer r.srv.wg.Done()
	defer t.Stop()
	for {
		select {
		case <-r.stop:
			return
		case <-r.srv.life.Done():
			return
		case <-t.C():
			if !r.flush() {
				r.close() // the room's session ended without closing it
				return
			}
		}
	}
}

// flush sends the students that changed since the last flush, in one
// message, to every teacher connection. It reports false once the room
// is gone.
func (r *roster) flush() bool {
	s := r.teacher
	open := true
	s.do(nil, "roster", func() error {
		if s.room == nil || s.room.paced != r {
			open = false
			return nil
		}
		b, ok := r.takeChanged()
		if !ok {
			return nil
		}
		for m := range s.subs {
			if m.role == roleTeacher {
				m.send(b)
			}
		}
		return nil
	})
	s.mu.Lock()
	open = open && !s.ended
	s.mu.Unlock()
	return open
}

// takeChanged encodes the students changed since the last call and
// forgets them (false: none changed).
func (r *roster) takeChanged() ([]byte, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.dirty) == 0 {
		return nil, false
	}
	changed := make([]*seat, 0, len(r.dirty))
	for st := range r.dirty {
		changed = append(changed, st)
	}
	clear(r.dirty)
	slices.SortFunc(changed, func(a, b *seat) int { return a.n - b.n })
	b, err := json.Marshal(r.msgLocked(false, changed))
	return b, err == nil
}

// close ends the roster with its room: each student keeps their lab,
// now solo, and hears that the class ended. Called with the teacher's
// session locked or not at all (never with a student's).
func (r *roster) close() {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return
	}
	r.closed = true
	close(r.stop)
	ids := make([]string, 0, len(r.bySession))
	for id := range r.bySession {
		ids = append(ids, id)
	}
	r.mu.Unlock()
	for _, id := range ids {
		if s := r.srv.session(id); s != nil {
			s.do(nil, "close-room", func() error { s.leaveRosterLocked(r); return nil })
		}
	}
}

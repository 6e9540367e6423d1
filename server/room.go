package server

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Room codes are short enough to read off a projector and type on a phone:
// eight characters from an alphabet without look-alikes (no 0/O, 1/I/L).
// 31^8 ≈ 8.5·10^11 codes, so with failed joins limited per address
// (joinFailRate) finding one of the open rooms by guessing takes decades.
const (
	codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
	codeLen      = 8
)

// A class mistypes its code, all behind one NAT: joinFailBurst failed
// joins from one address pass at once and joinFailRate more per second;
// past that a join is refused with join-limit until the bucket refills.
const (
	joinFailRate  = 10
	joinFailBurst = 600
)

// room makes a session a classroom: the teacher (whoever holds the token)
// drives it, followers watch read-only, and the teacher may hand control
// to one follower and take it back.
type room struct {
	code       string
	token      string
	addr       netip.Addr // the teacher's address, for -max-rooms-per-addr; memory only
	controller *conn      // a follower in control, or nil
	nextID     int
	followers  int
	// paced is the roster of a self-paced room, nil while presenting
	// (room_selfpaced.go).
	paced *roster
	// orphanedAt is when the room was left with neither a teacher
	// connection nor a student in control; zero while someone leads it.
	// The sweeper ends it RoomGrace later.
	orphanedAt time.Time
	// rosterAt is when the teachers were last sent the roster; rosterDue
	// says a send is scheduled for rosterEvery after it (tellTeachers).
	rosterAt  time.Time
	rosterDue bool
}

// rosterEvery is the least time between two rosters sent to the teacher
// for joins and leaves.
const rosterEvery = 250 * time.Millisecond

// logID names a session in logs without revealing its id: a session id
// resumes a lab, so it is a secret like a password and never logged.
func logID(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:4])
}

// randomID is an unguessable identifier of n random bytes.
func randomID(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand since Go 1.24)
	return base64.RawURLEncoding.EncodeToString(b)
}

func randomCode() string {
	b := make([]byte, codeLen)
	rand.Read(b)
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(b)
}

// normalizeCode lets a student type a code in lower case with spaces or
// dashes.
func normalizeCode(s string) string {
	s = strings.ToUpper(s)
	return strings.NewReplacer(" ", "", "-", "").Replace(s)
}

// openRoomLocked turns the session of c into a room with c as teacher:
// a presenting room, or a self-paced one with the roster paced.
func (srv *Server) openRoomLocked(s *session, c *conn, paced *roster) error {
	if s.room != nil {
		if c.role != roleTeacher {
			return errorf(CodeNotTeacher, "room already open")
		}
		s.room.changedLocked(s, c) // the teacher asks again: resend
		return nil
	}
	if c.role != roleSolo {
		return errorf(CodeNotTeacher, "a %s cannot open a room", c.role)
	}
	code, err := srv.registerRoom(s, c.addr)
	if err != nil {
		return err
	}
	s.room = &room{code: code, token: randomID(24), addr: c.addr, paced: paced}
	if paced != nil {
		paced.code = code
	}
	srv.leadRoomLocked(s)
	c.role = roleTeacher
	s.log.Info("room opened", "room", code)
	s.room.changedLocked(s, c)
	return nil
}

// joinRoom attaches c to the room with the given code: as teacher when it
// brings the room's token, else as a read-only follower.
func (srv *Server) joinRoom(c *conn, code, token string) error {
	if !srv.joinAllowed(c.addr) {
		return errorf(CodeJoinLimit, "too many failed joins")
	}
	s := srv.roomSession(normalizeCode(code))
	if s == nil && c.remote == nil {
		err := srv.joinElsewhere(c, normalizeCode(code), token)
		if codeOf(err) == CodeRoomNotFound {
			srv.joinFailed(c.addr)
		}
		return err
	}
	if s == nil {
		srv.joinFailed(c.addr)
		return errorf(CodeRoomNotFound, "room %.12q", code)
	}
	var err error
	var paced *roster
	s.do(c, "hello", func() error {
		if s.room == nil {
			err = errorf(CodeRoomNotFound, "room %.12q closed", code)
			return nil
		}
		if token != "" && subtle.ConstantTimeCompare([]byte(token), []byte(s.room.token)) == 1 {
			s.attachLocked(c, roleTeacher)
			return nil
		}
		if token != "" {
			err = errorf(CodeNotTeacher, "wrong teacher token for room %s", s.room.code)
			return nil
		}
		if paced = s.room.paced; paced != nil {
			return nil // a lab of its own, outside the room's lock
		}
		if s.room.followers >= srv.cfg.Limits.MaxFollowers {
			err = errorf(CodeFollowerLimit, "room %s has %d followers", s.room.code, s.room.followers)
			return nil
		}
		s.room.nextID++
		s.room.followers++
		srv.metrics.followers.Inc()
		c.memberID = "f" + strconv.Itoa(s.room.nextID)
		s.attachLocked(c, roleFollower)
		s.room.tellTeachers(s)
		return nil
	})
	if paced != nil {
		return srv.joinPaced(c, paced)
	}
	return err
}

// handoverLocked gives control to the follower with id to, or takes it
// back to the teacher when to is empty.
func (s *session) handoverLocked(c *conn, to string) error {
	if s.room == nil || c.role != roleTeacher {
		return errorf(CodeNotTeacher, "handover by a %s", c.role)
	}
	r := s.room
	var next *conn
	if to != "" {
		for m := range s.subs {
			if m.memberID == to && (m.role == roleFollower || m.role == roleController) {
				next = m
			}
		}
		if next == nil {
			return errorf(CodeNoSuchFollower, "follower %.12q", to)
		}
	}
	prev := r.controller
	if prev == next {
		r.changedLocked(s, c)
		return nil
	}
	if prev != nil {
		prev.role = roleFollower
	}
	if next != nil {
		next.role = roleController
	}
	r.controller = next
	for _, m := range []*conn{prev, next} {
		if m != nil {
			r.changedLocked(s, m)
			s.sendFullLocked(m) // its controls appear or go now, not at the next frame
		}
	}
	r.sendRosterLocked(s) // the teacher's own act: shown at once
	return nil
}

// leaveLocked updates the room when a member's connection goes; control
// returns to the teacher when the controller leaves.
func (r *room) leaveLocked(s *session, c *conn) {
	if c.role == roleFollower || c.role == roleController {
		r.followers--
		s.srv.metrics.followers.Dec()
	}
	if r.controller == c {
		r.controller = nil
	}
	if c.role != roleTeacher {
		r.tellTeachers(s)
	}
	r.leaderLeftLocked(s)
}

// leaderLeftLocked starts the room's grace time when nobody leads it any
// more: no teacher connection and no student in control.
func (r *room) leaderLeftLocked(s *session) {
	if r.controller != nil {
		return
	}
	for m := range s.subs {
		if m.role == roleTeacher {
			return
		}
	}
	if r.orphanedAt.IsZero() {
		r.orphanedAt = s.srv.now()
	}
}

// tellTeachers sends the roster to every teacher connection after a
// member joined or left: at once if none was sent in the last
// rosterEvery, else once when that time is up, carrying every change
// since. A hall of 1,000 joining within a second costs the teacher a few
// rosters, not 1,000 of growing length (a quadratic cost in bytes and
// CPU), and the followers never get it.
func (r *room) tellTeachers(s *session) {
	if r.rosterDue {
		return // the scheduled send will carry this change too
	}
	wait := r.rosterAt.Add(rosterEvery).Sub(s.srv.now())
	if wait <= 0 {
		r.sendRosterLocked(s)
		return
	}
	r.rosterDue = true
	s.srv.after(wait, func() {
		s.do(nil, "roster", func() error {
			if s.room == r && r.rosterDue {
				r.sendRosterLocked(s)
			}
			return nil
		})
	})
}

// sendRosterLocked sends the roster to every teacher connection now.
func (r *room) sendRosterLocked(s *session) {
	r.rosterAt, r.rosterDue = s.srv.now(), false
	for m := range s.subs {
		if m.role == roleTeacher {
			r.changedLocked(s, m)
		}
	}
}

// changedLocked sends one member its view of the room: the teacher gets
// the token and the roster, a follower only the code and who controls.
func (r *room) changedLocked(s *session, c *conn) {
	// The join link carries the member's language (the teacher's, for the
	// link the teacher hands out): a class lands in the language it is
	// taught in, and a student can still switch on the page.
	msg := roomMsg{Type: "room", Code: r.code, Join: c.base + "/r/" + r.code + "?lang=" + c.view.lang, Role: c.role, You: c.memberID}
	if r.controller != nil {
		msg.Controller = r.controller.memberID
	}
	if c.role == roleTeacher {
		msg.Token = r.token
		msg.Followers = []follower{}
		for m := range s.subs {
			if m.role == roleFollower || m.role == roleController {
				msg.Followers = append(msg.Followers, follower{ID: m.memberID, Lang: m.view.lang})
			}
		}
		sortFollowers(msg.Followers)
	}
	if r.paced == nil {
		c.sendJSON(msg)
		return
	}
	r.paced.describe(&msg, c)
	c.sendJSON(msg)
	if c.role == roleTeacher {
		r.paced.sendFull(c)
	}
}

func sortFollowers(fs []follower) {
	num := func(id string) int { n, _ := strconv.Atoi(strings.TrimPrefix(id, "f")); return n }
	slices.SortFunc(fs, func(a, b follower) int { return num(a.ID) - num(b.ID) })
}

// closeRoomLocked ends the room of s: the teacher's connections carry on
// with the lab, solo; every follower gets a "room" message with "ended"
// and then its own solo lab at the same state (a clone of the room's),
// so nobody's page goes blank when the lesson ends.
func (s *session) closeRoomLocked(c *conn) error {
	if s.room == nil || c.role != roleTeacher {
		return errorf(CodeNotTeacher, "close-room by a %s", c.role)
	}
	s.endRoomLocked("closed")
	return nil
}

// endRoomLocked ends the room of s (the teacher closed it, or left it
// without handing over control for RoomGrace): teachers carry on solo,
// every follower in a lab of its own at the same state.
func (s *session) endRoomLocked(why string) {
	r := s.room
	s.srv.unregisterRoom(s)
	s.srv.unleadRoom(s)
	s.room = nil
	if r.paced != nil {
		r.paced.close() // students keep their labs, solo
	}
	ended := func(m *conn) roomMsg {
		return roomMsg{Type: "room", Code: r.code, Join: m.base + "/r/" + r.code + "?lang=" + m.view.lang, Role: roleSolo, Ended: true}
	}
	var moving []*conn
	for m := range s.subs {
		switch m.role {
		case roleTeacher:
			m.role = roleSolo
			m.sendJSON(ended(m))
		default:
			moving = append(moving, m)
		}
	}
	s.srv.metrics.followers.Sub(float64(r.followers))
	r.followers = 0
	for _, m := range moving {
		delete(s.subs, m)
		m.sendJSON(ended(m))
		if m.remote != nil {
			s.endRemoteLocked(m) // its replica gives it the solo lab
			continue
		}
		ns, err := s.srv.cloneSession(s, m.addr)
		if err != nil {
			m.sendError(err, "close-room", 0) // session-limit closes it; a reload starts fresh
			continue
		}
		ns.mu.Lock()
		ns.attachLocked(m, roleSolo)
		ns.mu.Unlock()
		s.srv.addSession(ns)
	}
	if len(s.subs) == 0 { // nobody stays: the lab idles like any other
		s.stopPlayLocked()
		s.idleSince = s.srv.now()
		s.idleAt.Store(max(s.idleSince.UnixNano(), 1))
	}
	s.log.Info("room ended", "room", r.code, "why", why, "followers", len(moving))
}

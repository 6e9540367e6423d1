package server

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	"procscope/sim"
)

// Roles of a connection in a session.
const (
	roleSolo       = "solo"       // the one page driving its own lab
	roleTeacher    = "teacher"    // holds the room's token
	roleFollower   = "follower"   // watches a room, read-only
	roleController = "controller" // a follower the teacher handed control to
)

// session is one lab: an authoritative machine with its history, and the
// connections that watch it. All fields below mu are guarded by it; every
// change to the machine happens under it, so the reader goroutines of the
// connections and the play loop take turns.
type session struct {
	id  string
	srv *Server
	log *slog.Logger

	mu        sync.Mutex
	cfg       labConfig
	lab       *sim.Lab
	seq       uint64
	pending   []sim.Event
	recent    []sim.Event // the event log the page shows, oldest first, bounded
	full      bool        // the next frame must carry every fragment (after a jump)
	playing   bool
	speed     int
	stop      chan struct{} // closed to stop the play loop
	subs      map[*conn]struct{}
	room      *room
	idleSince time.Time
	ended     bool
	commands  int // commands applied since the lab was built, for MaxCommands
	// future is the lab as it was before the first back or goto since the
	// last new command, with its event log: forward replays it. A new
	// command branches the history and forgets it.
	future    *sim.Lab
	futureLog []sim.Event
}

// do runs fn under the session lock. A panic inside is recovered, logged
// with the session id, and ends only this session; an error fn returns is
// sent to c. It also times the op for the latency histogram.
func (s *session) do(c *conn, op string, fn func() error) {
	start := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended {
		return
	}
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("session panic", "op", op, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			s.srv.metrics.panics.Inc()
			s.endLocked(CodeInternal)
		}
	}()
	if err := fn(); err != nil && c != nil {
		c.sendError(err, op, 0)
	}
	s.srv.metrics.observeOp(op, time.Since(start).Seconds())
}

// newSession builds a lab from a config and replays a command log on it:
// the seed and the log reproduce exactly what was seen.
func (srv *Server) newSession(cfg labConfig, log []sim.Command) (*session, error) {
	l, err := srv.buildLab(cfg)
	if err != nil {
		return nil, err
	}
	for _, c := range log {
		l.Apply(c)
	}
	s := &session{
		id: randomID(16), srv: srv, cfg: cfg, lab: l, speed: DefaultSpeed,
		subs: map[*conn]struct{}{}, full: true, commands: len(log),
	}
	s.log = srv.log.With("session", logID(s.id))
	return s, nil
}

// applyLocked runs one simulator command from a client. A command the
// machine refuses still happened (it is in the history and the tick moved,
// so a replay reproduces it): its events are published as usual and the
// sender also gets the refusal as a simError.
func (s *session) applyLocked(c sim.Command) error {
	s.future, s.futureLog = nil, nil
	if c.Op == sim.CmdStep {
		_, err := s.stepLocked(max(c.N, 1))
		return err
	}
	if err := s.roomLocked(int64(c.MaxTicks(s.srv.cfg.Limits.MaxStepsPerCommand))); err != nil {
		return err // until may run up to its bound
	}
	evs := s.lab.Apply(c)
	s.pending = append(s.pending, evs...)
	for _, e := range evs {
		if e.Kind == sim.EvError && e.Err != nil {
			return &simError{ev: e}
		}
	}
	return nil
}

// roomLocked checks that the history has room for n more ticks and one
// more command.
func (s *session) roomLocked(n int64) error {
	lim := s.srv.cfg.Limits
	if s.lab.Machine().Tick()+uint64(n) > lim.MaxTicks {
		return errorf(CodeHistoryFull, "%d more ticks past the limit %d", n, lim.MaxTicks)
	}
	if s.commands >= lim.MaxCommands {
		return errorf(CodeHistoryFull, "command limit %d", lim.MaxCommands)
	}
	s.commands++
	return nil
}

// stepLocked runs n instructions as one "step n" command, within limits,
// and returns its events.
func (s *session) stepLocked(n int64) ([]sim.Event, error) {
	if lim := s.srv.cfg.Limits.MaxStepsPerCommand; n > lim {
		return nil, errorf(CodeTooManySteps, "step %d over %d", n, lim)
	}
	if err := s.roomLocked(n); err != nil {
		return nil, err
	}
	s.future, s.futureLog = nil, nil
	evs := s.lab.Apply(sim.Command{Op: sim.CmdStep, N: n})
	s.pending = append(s.pending, evs...)
	return evs, nil
}

// jumpLocked replaces the lab (load, reset) and forgets pending events. If
// the new lab cannot be built (a program that does not assemble) the
// session keeps its lab: nothing is lost.
func (s *session) jumpLocked(cfg labConfig) error {
	l, err := s.srv.buildLab(cfg)
	if err != nil {
		return err
	}
	s.stopPlayLocked()
	s.cfg, s.lab, s.pending, s.recent, s.full, s.commands = cfg, l, nil, nil, true, 0
	s.future, s.futureLog = nil, nil
	return nil
}

// startPlayLocked starts (or restarts at a new speed) the play loop.
func (s *session) startPlayLocked() {
	s.stopPlayLocked()
	k, period := playPace(s.speed, s.srv.cfg.Limits.FrameRate)
	s.playing = true
	s.stop = make(chan struct{})
	s.srv.wg.Add(1)
	go s.play(s.stop, k, s.srv.newTicker(period))
}

func (s *session) stopPlayLocked() {
	if s.stop != nil {
		close(s.stop)
		s.stop = nil
	}
	s.playing = false
}

// publishLocked sends one frame to every connection: rendered once per
// language and format in use, the same bytes fanned out to all of them.
func (s *session) publishLocked(full bool) {
	full = full || s.full
	s.full = false
	s.seq++
	evs := s.pending
	s.pending = nil
	groups := map[viewKey][]*conn{}
	var st *sim.State
	s.recent = appendRecent(s.recent, evs)
	for c := range s.subs {
		key := c.frameView()
		groups[key] = append(groups[key], c)
		if !c.view.json && st == nil {
			x := s.lab.Machine().State()
			st = &x
		}
	}
	for key, conns := range groups {
		msg, err := s.frameLocked(key, evs, full, st)
		if err != nil {
			s.log.Error("render frame", "err", err)
			continue
		}
		for _, c := range conns {
			c.send(msg)
		}
	}
}

// viewKey is what a frame's bytes depend on besides the state.
type viewKey struct {
	lang     string
	json     bool
	controls string // which controls the page shows
	mode     string // explore, present or readonly
	lesson   string // the lesson the lab runs (its text is on the page)
}

// frameLocked encodes the frame a view sees: the machine's counters, the
// events, the fragments (unless JSON-only) and, when paused, the saved lab.
// st is the machine's state, taken once per frame for every view (nil: take
// it if a view renders).
func (s *session) frameLocked(v viewKey, evs []sim.Event, full bool, st *sim.State) ([]byte, error) {
	v.lesson = s.cfg.Lesson
	m := s.lab.Machine()
	f := frameMsg{
		Type: "frame", Seq: s.seq, Tick: m.Tick(), Instructions: m.Instructions(), Time: m.Clock(),
		Playing: s.playing, Speed: s.speed, Full: full, Events: []json.RawMessage{},
	}
	if ft := s.futureTick(); ft > m.Tick() {
		f.Future = ft
	}
	if len(evs) > maxEventsPerFrame {
		f.Dropped = len(evs) - maxEventsPerFrame
		evs = evs[len(evs)-maxEventsPerFrame:]
	}
	if len(evs) > 0 {
		b, err := wireJSON(evs)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(b, &f.Events); err != nil {
			return nil, err
		}
	}
	if !v.json {
		if st == nil {
			x := m.State()
			st = &x
		}
		frags, err := s.srv.render(s.srv.life, v, *st, s.recent)
		if err != nil {
			return nil, err
		}
		f.Fragments = frags
		s.srv.metrics.renders.Inc()
	}
	if !s.playing {
		f.Save = encodeSave(s.cfg, s.lab.History())
	}
	return json.Marshal(f)
}

// snapshotLocked is the full state as JSON, for one connection.
func (s *session) snapshotLocked() ([]byte, error) {
	m, err := wireJSON(s.lab.Machine().State())
	if err != nil {
		return nil, err
	}
	return json.Marshal(snapshotMsg{Type: "snapshot", Seq: s.seq, Save: encodeSave(s.cfg, s.lab.History()), Machine: m})
}

// attachLocked adds a connection and brings it up to date: hello, the room
// it is in, a snapshot for JSON clients, and a full frame.
func (s *session) attachLocked(c *conn, role string) {
	c.sess.Store(s)
	c.role = role
	s.subs[c] = struct{}{}
	s.idleSince = time.Time{}
	id := s.id
	if role == roleFollower || role == roleController {
		id = "" // the session id makes its holder teacher: followers never see it
	}
	c.sendJSON(s.srv.helloFor(id, role))
	if s.room != nil {
		s.room.changedLocked(s, c)
	}
	if c.view.json {
		if b, err := s.snapshotLocked(); err == nil {
			c.send(b)
		}
	}
	s.sendFullLocked(c)
}

// sendFullLocked sends one connection a full frame in its current view
// (after it attached, or after its role changed the controls it sees).
func (s *session) sendFullLocked(c *conn) {
	if b, err := s.frameLocked(c.frameView(), nil, true, nil); err == nil {
		c.send(b)
	} else {
		s.log.Error("render full frame", "err", err)
	}
}

// frameView is the view a connection's frames are rendered for: a
// follower watches read-only; only the controller acts.
func (c *conn) frameView() viewKey {
	key := c.view
	if c.role == roleFollower {
		key.mode = "readonly"
	}
	return key
}

// detachLocked removes a connection. When nobody watches any more the
// play loop stops (an unwatched lab costs nothing) and the idle clock
// starts.
func (s *session) detachLocked(c *conn) {
	if _, ok := s.subs[c]; !ok {
		return
	}
	delete(s.subs, c)
	if s.room != nil {
		s.room.leaveLocked(s, c)
	}
	if len(s.subs) == 0 {
		s.stopPlayLocked()
		s.idleSince = s.srv.now()
	}
}

// endLocked ends the session: every connection gets an error with code
// and is closed, and the server forgets the session and its room.
func (s *session) endLocked(code Code) {
	if s.ended {
		return
	}
	s.ended = true
	s.stopPlayLocked()
	for c := range s.subs {
		c.fail(code)
	}
	s.subs = nil
	s.srv.forget(s)
}

// broadcastError tells every connection of the session about an error
// that is not theirs alone (the play loop hit a limit).
func (s *session) broadcastError(err error) {
	for c := range s.subs {
		c.sendError(err, "play", 0)
	}
}

// canControl says whether a connection may change the machine.
func canControl(role string) bool {
	return slices.Contains([]string{roleSolo, roleTeacher, roleController}, role)
}

// maxRecentEvents bounds the event log a session keeps for its page.
const maxRecentEvents = 200

// appendRecent adds a frame's events to the log, keeping the newest.
func appendRecent(log, evs []sim.Event) []sim.Event {
	log = append(log, evs...)
	if over := len(log) - maxRecentEvents; over > 0 {
		log = append(log[:0], log[over:]...)
	}
	return log
}

// rewoundLocked follows a jump back in time (back, goto): the log forgets
// what has not happened yet, and every view gets a full frame.
func (s *session) rewoundLocked() {
	now := s.lab.Machine().Tick()
	keep := s.recent[:0]
	for _, e := range s.recent {
		if e.Tick <= now {
			keep = append(keep, e)
		}
	}
	s.recent = keep
	s.pending, s.full, s.commands = nil, true, len(s.lab.History())
}

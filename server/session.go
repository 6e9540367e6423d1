package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/netip"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"procscope/sim"
	"procscope/viewmodel"
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
	id   string
	srv  *Server
	log  *slog.Logger
	addr netip.Addr // the address that started it, for the per-address cap; memory only

	// idleAt is when the last connection left (UnixNano), 0 while watched
	// or being set up. Written under mu, read by the server's eviction
	// without it.
	idleAt atomic.Int64

	mu        sync.Mutex
	cfg       labConfig
	lab       *sim.Lab
	seq       uint64
	pending   []sim.Event
	recent    []sim.Event // the event log the page shows, oldest first, bounded
	logSeq    uint64      // events ever added to recent: the number of its newest (eventlog.go)
	logSent   map[viewKey]uint64
	full      bool // the next frame must carry every fragment (after a jump)
	playing   bool
	speed     int
	stop      chan struct{} // closed to stop the play loop
	subs      map[*conn]struct{}
	room      *room
	idleSince time.Time
	ended     bool
	commands  int              // commands applied since the lab was built, for MaxCommands
	savedAt   time.Time        // when a frame last carried the saved lab
	slog      saveLog          // the saved lab's log, kept as commands apply
	versions  fragmentVersions // what each view was last sent, by fragment
	framedAt  time.Time        // when a frame last rendered for a page (forgetIdleKeptLocked)
	viewState sim.State        // the last step frame's state, its tables used again (stateLocked)
	fulls     fullFrames       // the full frames of the current state, by view (fullframe.go)
	lesson    *lessonRun       // the lesson's progress, nil without a lesson (lesson.go)
	student   *studentOf       // the self-paced room this lab reports to, or nil (room_selfpaced.go)
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
func (srv *Server) newSession(cfg labConfig, log []sim.Command, addr netip.Addr) (*session, error) {
	l, err := srv.buildLab(cfg)
	if err != nil {
		return nil, err
	}
	if err := srv.replay(srv.life, l, log); err != nil {
		return nil, err
	}
	s := &session{
		id: randomID(16), srv: srv, addr: addr, cfg: cfg, lab: l, speed: DefaultSpeed,
		subs: map[*conn]struct{}{}, full: true, commands: len(log),
	}
	s.log = srv.log.With("session", logID(s.id))
	s.lessonResetLocked()
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
	s.slog.add(c)
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
	step := sim.Command{Op: sim.CmdStep, N: n}
	evs := s.lab.Apply(step)
	s.slog.add(step)
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
	s.staleLocked()
	s.cfg, s.lab, s.pending, s.recent, s.full, s.commands = cfg, l, nil, nil, true, 0
	s.slog = saveLog{}
	s.lessonResetLocked()
	s.future, s.futureLog = nil, nil
	return nil
}

// startPlayLocked starts (or restarts at a new speed) the play loop.
func (s *session) startPlayLocked() {
	s.stopPlayLocked()
	s.staleLocked()
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
	s.staleLocked()
}

// publishLocked sends one frame to every connection: rendered once per
// language and format in use, the same bytes fanned out to all of them.
func (s *session) publishLocked(full bool) {
	full = full || s.full
	s.full = false
	s.seq++
	s.staleLocked()
	evs := s.pending
	s.pending = nil
	s.lessonObserveLocked(evs)
	s.reportLocked()
	groups := map[viewKey][]*conn{}
	var st *sim.State
	s.recent = appendRecent(s.recent, evs)
	s.logSeq += uint64(len(evs))
	for c := range s.subs {
		key := c.frameView()
		groups[key] = append(groups[key], c)
		if !c.view.json && st == nil {
			st = s.stateLocked(full)
		}
	}
	common, err := s.commonLocked(evs, false)
	if err != nil {
		s.log.Error("encode events", "err", err)
		return
	}
	for key, conns := range groups {
		msg, err := s.frameLocked(key, common, full, st)
		if err != nil {
			s.log.Error("render frame", "err", err)
			continue
		}
		sendFrame(key, conns, msg)
	}
}

// stateLocked is the machine's state for a frame: for a step's frame
// what it made at the processes' layouts shared, not copied
// (sim.Machine.ViewState), in the process and thread tables of the frame
// before (a frame's views keep nothing of its state); a full frame (a
// join) takes a copy, so that a lab that only joined keeps nothing for
// the next step.
func (s *session) stateLocked(full bool) *sim.State {
	if full {
		st := s.lab.Machine().State()
		return &st
	}
	s.lab.Machine().ViewStateInto(&s.viewState)
	return &s.viewState
}

// viewKey is what a frame's bytes depend on besides the state.
type viewKey struct {
	lang     string
	json     bool
	controls string // which controls the page shows
	mode     string // explore, present or readonly
	lesson   string // the lesson the lab runs (its text is on the page)
}

// frameCommon is what every view's frame of one publish shares: the
// events, encoded once, and the saved lab when one is due.
type frameCommon struct {
	events  json.RawMessage
	dropped int
	save    string
}

// commonLocked encodes the shared part of a frame. The saved lab (the
// page's #s=, a deflate of the whole history) is produced lazily: on every
// frame of a paused lab (it follows a command the user made, and a share
// or a reload must land exactly there), or when forced (a full frame),
// but at most once a second while the lab plays.
func (s *session) commonLocked(evs []sim.Event, forceSave bool) (frameCommon, error) {
	fc := frameCommon{events: json.RawMessage("[]")}
	if len(evs) > maxEventsPerFrame {
		fc.dropped = len(evs) - maxEventsPerFrame
		evs = evs[len(evs)-maxEventsPerFrame:]
	}
	if len(evs) > 0 {
		fc.events = appendEvents(nil, evs)
	}
	now := s.srv.now()
	if !s.playing || forceSave || now.Sub(s.savedAt) >= saveEvery {
		fc.save = s.saveLocked()
		s.savedAt = now
	}
	return fc, nil
}

// saveEvery is how often a playing lab's frames carry its saved lab.
const saveEvery = time.Second

// frameLocked encodes the frame a view sees: the machine's counters, the
// shared events and saved lab, and the fragments (unless JSON-only). st is
// the machine's state, taken once per frame for every view (nil: take it
// if a view renders).
func (s *session) frameLocked(v viewKey, fc frameCommon, full bool, st *sim.State) ([]byte, error) {
	v.lesson = s.cfg.Lesson
	m := s.lab.Machine()
	f := frameMsg{
		Type: "frame", Seq: s.seq, Tick: m.Tick(), Instructions: m.Instructions(), Time: m.Clock(),
		Playing: s.playing, Speed: s.speed, Full: full, Events: fc.events, Dropped: fc.dropped, Save: fc.save,
	}
	f.Lesson = s.lessonFrameLocked()
	if ft := s.futureTick(); ft > m.Tick() {
		f.Future = ft
	}
	if !v.json {
		if st == nil {
			st = s.stateLocked(full)
		}
		w, sent := s.logFrameLocked(v, full)
		if s.versions == nil {
			s.versions = fragmentVersions{}
		}
		tr := s.versions.of(v)
		s.framedAt = s.srv.now()
		e, err := s.srv.render(s.srv.life, v, *st, w, tr, full)
		if err != nil {
			return nil, err
		}
		if w.skip {
			add, err := newEvents(s.srv.life, v, w, sent)
			if err != nil {
				return nil, err
			}
			if add != "" {
				f.Log = &logAdd{Add: add, Keep: maxRecentEvents}
			}
		}
		if e.Fragments == nil {
			e.Fragments = map[string]string{}
		}
		if err := s.lessonStepLocked(v, *st, tr, full, e.Fragments); err != nil {
			return nil, err
		}
		f.Remove, f.Insert, f.Fragments, f.Trim, f.Append = e.Removes, e.Inserts, e.Fragments, e.Trims, e.Appends
		s.logSentLocked(v)
		s.srv.metrics.renders.Inc()
	}
	f.Lesson = s.lessonFrameLocked()
	return encodeFrame(f)
}

// encodeFrame is a frame as JSON without HTML escaping: the fragments'
// markup travels as written ("<", not "\u003c"), a third fewer bytes;
// the page reads it with JSON.parse, never as HTML source. It is written
// into a pooled buffer (frame_json.go); the frame is a copy of its exact
// size, since the connections' queues keep it.
func encodeFrame(f frameMsg) ([]byte, error) {
	buf := renderBufs.Get().(*bytes.Buffer)
	defer putRenderBuf(buf)
	b, err := appendFrame(buf.AvailableBuffer(), &f)
	if err != nil {
		return nil, err
	}
	out := bytes.Clone(b)
	buf.Write(b) // the buffer keeps what it grew to
	return out, nil
}

// attachLocked adds a connection and brings it up to date: hello, the room
// it is in, a snapshot for JSON clients, and a full frame.
func (s *session) attachLocked(c *conn, role string) {
	c.sess.Store(s)
	c.role = role
	s.subs[c] = struct{}{}
	s.idleSince = time.Time{}
	s.idleAt.Store(0)
	if s.room != nil && role == roleTeacher {
		s.room.orphanedAt = time.Time{}
	}
	id := s.id
	if role == roleFollower || role == roleController {
		id = "" // the session id makes its holder teacher: followers never see it
	}
	c.sendJSON(s.srv.helloFor(id, role))
	s.syncLocked(c)
}

// syncLocked brings one connection up to date from nothing: the room it is
// in, a snapshot for a JSON client, and a full frame. A new attachment and
// a client that fell behind (catchUp) both start here.
func (s *session) syncLocked(c *conn) {
	if s.room != nil {
		s.room.changedLocked(s, c)
	} else if s.student != nil {
		s.student.tell(c)
	}
	if c.view.json {
		if b, err := s.snapshotLocked(); err == nil {
			c.send(b)
		}
	}
	s.sendFullLocked(c)
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
	s.reportLocked() // a student's page gone: the roster says so
	if len(s.subs) == 0 {
		s.stopPlayLocked()
		s.idleSince = s.srv.now()
		s.idleAt.Store(max(s.idleSince.UnixNano(), 1))
		s.versions.forgetKept()
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
	s.srv.unleadRoom(s)
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
	return slices.Contains([]string{roleSolo, roleTeacher, roleController, roleStudent}, role)
}

// maxRecentEvents bounds the event log a session keeps for its page.
const maxRecentEvents = viewmodel.MaxRecentEvents

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
	s.slog = saveLog{}
}

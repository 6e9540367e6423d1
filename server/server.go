// Package server serves the lab: the page, its static files and the
// WebSocket that carries commands to a simulated machine and frames back,
// for one page or a whole classroom. It holds no simulation rules; those
// live in package sim.
package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"procscope/lessons"
	"procscope/sim"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-chi/chi/v5"
)

// Server is the lab's HTTP handler plus the sessions, rooms and sockets it
// holds.
type Server struct {
	cfg     Config
	log     *slog.Logger
	signer  *lessons.Signer // completion codes and lesson progress (lesson.go)
	assets  *assets
	router  chi.Router
	metrics *metrics

	// Seams that tests replace: the renderers, time. Everything the page
	// shows goes through render (fragments) and drawPage (the page).
	render    renderFunc
	drawPage  pageFunc
	newTicker func(time.Duration) ticker
	now       func() time.Time
	sleep     func(context.Context, time.Duration)
	after     func(time.Duration, func()) // runs f once d has passed, on its own goroutine

	// life is the server's lifetime context: sockets and play loops live
	// in it, not in a request's context; Shutdown cancels it.
	life   context.Context
	cancel context.CancelFunc
	ready  atomic.Bool

	mu           sync.Mutex
	closing      bool
	conns        map[*conn]struct{}
	addrs        addrCount
	sessions     map[string]*session
	nSessions    int       // sessions plus those being built
	sessAddrs    addrCount // the same, per address that started them
	rooms        map[string]*session
	roomAddrs    addrCount              // open rooms per teacher address
	joinFails    map[netip.Addr]*bucket // failed room joins per address
	replayBudget map[netip.Addr]*bucket // replay ticks per address (meterReplay)
	replaySem    chan struct{}          // one restore replays at a time
	exportSem    chan struct{}          // one token per export replaying (exportSlots)
	rel          *relayState            // rooms across replicas (relay*.go)
	wg           sync.WaitGroup         // sockets, play loops and the sweeper
}

// New builds a server from its configuration.
func New(cfg Config) (*Server, error) { return newServer(cfg) }

// newServer builds a server; tests pass options that replace its seams
// before any goroutine starts.
func newServer(cfg Config, opts ...func(*Server)) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	a, err := loadAssets(cfg.BasePath)
	if err != nil {
		return nil, err
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	signer, err := newSigner(cfg.LessonKey)
	if err != nil {
		return nil, err
	}
	life, cancel := context.WithCancel(context.Background())
	s := &Server{
		signer: signer,
		cfg:    cfg, log: log, assets: a, metrics: newMetrics(),
		newTicker: newRealTicker, now: time.Now, sleep: sleepCtx,
		after: func(d time.Duration, f func()) { time.AfterFunc(d, f) },
		life:  life, cancel: cancel,
		conns: map[*conn]struct{}{}, addrs: addrCount{},
		sessions: map[string]*session{}, sessAddrs: addrCount{}, rooms: map[string]*session{}, roomAddrs: addrCount{}, joinFails: map[netip.Addr]*bucket{},
		replayBudget: map[netip.Addr]*bucket{}, replaySem: make(chan struct{}, 1),
		exportSem: make(chan struct{}, exportSlots),
	}
	// The two rendering seams; tests swap them (a panicking renderer).
	s.render = renderChanged
	s.drawPage = func(ctx context.Context, w io.Writer, p PageParams, st sim.State) error {
		return s.renderPage(ctx, w, p, st, nil)
	}
	for _, o := range opts {
		o(s)
	}
	s.rel = newRelayState(cfg.Relay, s.metrics.reg)
	s.router = s.routes()
	s.ready.Store(true)
	s.wg.Add(1)
	go s.sweepLoop()
	if !s.rel.local {
		s.wg.Add(1)
		go s.relayLoop()
	}
	return s, nil
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.router.ServeHTTP(w, r) }

// Shutdown stops the server's part of a graceful stop: /readyz turns 503,
// new sockets are refused, every open socket is told StatusGoingAway, and
// it waits for sockets and play loops until ctx ends. Call it after
// http.Server.Shutdown, which does not touch hijacked connections.
func (s *Server) Shutdown(ctx context.Context) error {
	s.ready.Store(false)
	s.mu.Lock()
	s.closing = true
	open := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		open = append(open, c)
	}
	s.mu.Unlock()
	s.pauseForLastSave(open)
	for _, c := range open {
		c.goAway()
	}
	// Sockets end once their close handshakes finish; then the lifetime
	// context stops play loops and the sweeper.
	for s.openConns() > 0 && ctx.Err() == nil {
		select {
		case <-ctx.Done():
		case <-time.After(5 * time.Millisecond):
		}
	}
	s.cancel()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// pauseForLastSave pauses every playing lab and publishes one frame of it.
// A playing lab's frames carry its saved lab at most once a second, so the
// page's #s= may trail the tick it shows; a paused lab's frame carries the
// exact one, and a page that reconnects to another server (or to this one
// restarted) resumes the tick its student saw.
func (s *Server) pauseForLastSave(open []*conn) {
	seen := map[*session]bool{}
	for _, c := range open {
		ss := c.session()
		if ss == nil || seen[ss] {
			continue
		}
		seen[ss] = true
		ss.do(nil, "shutdown", func() error {
			if ss.playing {
				ss.stopPlayLocked()
				ss.publishLocked(false)
			}
			return nil
		})
	}
}

func (s *Server) openConns() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// CloseSockets shuts down with a ten-second bound.
func (s *Server) CloseSockets() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil {
		s.log.Warn("shutdown", "err", err)
	}
}

// admit counts a socket from addr, refusing past the per-address limit.
func (s *Server) admit(addr netip.Addr) (Code, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return CodeGoingAway, false
	}
	if !s.addrs.add(addr, s.cfg.Limits.MaxConnsPerAddr) {
		return CodeConnLimit, false
	}
	return "", true
}

func (s *Server) release(addr netip.Addr) {
	s.mu.Lock()
	s.addrs.remove(addr)
	s.mu.Unlock()
}

// track registers an open socket; it refuses once the server is closing.
func (s *Server) track(c *conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.conns[c] = struct{}{}
	s.metrics.conns.Inc()
	return true
}

func (s *Server) untrack(c *conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	s.metrics.conns.Dec()
}

// reserveSession makes room for one more session from addr. At the
// per-address cap it frees that address's oldest unattached session; at
// the server's cap, the oldest unattached session of anyone. An
// unattached session is one whose page has gone (its saved lab lives on
// in the page's link), so nobody with a connection is ever refused while
// an idle lab holds their place; only when every session is watched is
// the answer session-limit.
func (s *Server) reserveSession(addr netip.Addr) error {
	for range 16 { // a round frees one session unless another took it first
		victim, ok := s.tryReserve(addr)
		if ok {
			return nil
		}
		if victim == nil || !victim.evict() {
			break
		}
		s.metrics.evicted.Inc()
	}
	return errorf(CodeSessionLimit, "%d sessions", s.cfg.Limits.MaxSessions)
}

// tryReserve reserves a session for addr if both caps allow, else names
// the unattached session to free first (nil: none).
func (s *Server) tryReserve(addr netip.Addr) (victim *session, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	perAddr := s.sessAddrs[addr] < s.cfg.Limits.MaxSessionsPerAddr
	if perAddr && s.nSessions < s.cfg.Limits.MaxSessions {
		s.nSessions++
		s.sessAddrs[addr]++
		return nil, true
	}
	var oldest int64
	for _, se := range s.sessions {
		at := se.idleAt.Load()
		if at == 0 || (!perAddr && se.addr != addr) {
			continue // watched, or another address's while only this one is full
		}
		if victim == nil || at < oldest {
			victim, oldest = se, at
		}
	}
	return victim, false
}

// evict ends the session if it is still unattached; it never waits for
// a busy session's lock (a busy session is not idle).
func (se *session) evict() bool {
	if !se.mu.TryLock() {
		return false
	}
	defer se.mu.Unlock()
	if se.ended || len(se.subs) > 0 {
		return false
	}
	se.log.Debug("idle session evicted to make room")
	se.endLocked(CodeGoingAway)
	return true
}

func (s *Server) unreserveSession(addr netip.Addr) {
	s.mu.Lock()
	s.nSessions--
	s.sessAddrs.remove(addr)
	s.mu.Unlock()
}

func (s *Server) addSession(se *session) {
	s.mu.Lock()
	s.sessions[se.id] = se
	s.mu.Unlock()
	s.metrics.sessions.Inc()
}

// session finds a live session by id.
func (s *Server) session(id string) *session {
	if id == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions[id]
}

func (s *Server) roomSession(code string) *session {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rooms[code]
}

// registerRoom gives a session a fresh room code, within the room limit
// and the limit of rooms per teacher address.
func (s *Server) registerRoom(se *session, addr netip.Addr) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.rooms) >= s.cfg.Limits.MaxRooms {
		return "", errorf(CodeRoomLimit, "%d rooms open", s.cfg.Limits.MaxRooms)
	}
	if !s.roomAddrs.add(addr, s.cfg.Limits.MaxRoomsPerAddr) {
		return "", errorf(CodeRoomAddrLimit, "%d rooms open from one address", s.cfg.Limits.MaxRoomsPerAddr)
	}
	for {
		code := randomCode()
		if _, taken := s.rooms[code]; taken {
			continue
		}
		if err := s.claimCode(code); err != nil {
			if errors.Is(err, ErrCodeTaken) {
				continue // held on another replica
			}
			s.roomAddrs.remove(addr)
			return "", err
		}
		s.rooms[code] = se
		s.metrics.rooms.Inc()
		return code, nil
	}
}

// joinAllowed says whether addr may try a room code: it has failed fewer
// times than the failed-join bucket allows.
func (s *Server) joinAllowed(addr netip.Addr) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.joinFails[addr]
	return b == nil || b.available(s.now()) >= 1
}

// joinFailed counts a join with a code no room has.
func (s *Server) joinFailed(addr netip.Addr) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.joinFails[addr]
	if b == nil {
		b = newBucket(joinFailRate, joinFailBurst, s.now())
		s.joinFails[addr] = b
	}
	b.allow(s.now())
}

// unregisterRoom forgets the room of a session (closed, or its session
// ended). Called with se.mu held.
func (s *Server) unregisterRoom(se *session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rooms[se.room.code] == se {
		delete(s.rooms, se.room.code)
		s.roomAddrs.remove(se.room.addr)
		s.metrics.rooms.Dec()
	}
}

// cloneSession is a new solo session at the same state as se (its lab
// cloned, not replayed), within the session limit. Called with se.mu
// held; the caller attaches to it and then adds it.
func (s *Server) cloneSession(se *session, addr netip.Addr) (*session, error) {
	if err := s.reserveSession(addr); err != nil {
		return nil, err
	}
	ns := &session{
		id: randomID(16), srv: s, addr: addr, cfg: se.cfg, lab: se.lab.Clone(), speed: se.speed,
		subs: map[*conn]struct{}{}, full: true, commands: se.commands,
		recent: append([]sim.Event(nil), se.recent...),
	}
	ns.log = s.log.With("session", logID(ns.id))
	return ns, nil
}

// forget drops an ended session and its room. Called with se.mu held.
func (s *Server) forget(se *session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.sessions[se.id]; ok {
		delete(s.sessions, se.id)
		s.nSessions--
		s.sessAddrs.remove(se.addr)
		s.metrics.sessions.Dec()
	}
	if se.room != nil {
		if s.rooms[se.room.code] == se {
			delete(s.rooms, se.room.code)
			s.roomAddrs.remove(se.room.addr)
			s.metrics.rooms.Dec()
		}
		s.metrics.followers.Sub(float64(se.room.followers))
		se.room.followers = 0
	}
}

// sweepLoop frees sessions nobody has watched for the idle time.
func (s *Server) sweepLoop() {
	defer s.wg.Done()
	t := s.newTicker(min(time.Minute, s.cfg.SessionIdle/4+time.Millisecond, s.cfg.RoomGrace/4+time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-s.life.Done():
			return
		case <-t.C():
			s.sweep(s.now())
		}
	}
}

// sweep ends every room nobody has led for the room grace time and
// every session idle since before now minus the idle time, forgets what
// the views of a lab that stopped stepping keep between frames, and
// forgets failed joins long past.
func (s *Server) sweep(now time.Time) int {
	s.mu.Lock()
	all := make([]*session, 0, len(s.sessions))
	for _, se := range s.sessions {
		all = append(all, se)
	}
	for _, m := range []map[netip.Addr]*bucket{s.joinFails, s.replayBudget} {
		for a, b := range m {
			if b.full(now) {
				delete(m, a)
			}
		}
	}
	s.mu.Unlock()
	n := 0
	for _, se := range all {
		se.mu.Lock()
		if r := se.room; r != nil && !r.orphanedAt.IsZero() && now.Sub(r.orphanedAt) >= s.cfg.RoomGrace {
			se.endRoomLocked("teacher left")
		}
		se.forgetIdleKeptLocked(now)
		if len(se.subs) == 0 && !se.idleSince.IsZero() && now.Sub(se.idleSince) >= s.cfg.SessionIdle {
			se.log.Debug("idle session freed")
			se.endLocked(CodeGoingAway)
			n++
		}
		se.mu.Unlock()
	}
	return n
}

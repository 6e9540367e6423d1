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
	assets  *assets
	router  chi.Router
	metrics *metrics

	// Seams that tests replace: the renderers, time. Everything the page
	// shows goes through render (fragments) and drawPage (the page).
	render    renderFunc
	drawPage  pageFunc
	newTicker func(time.Duration) ticker
	now       func() time.Time

	// life is the server's lifetime context: sockets and play loops live
	// in it, not in a request's context; Shutdown cancels it.
	life   context.Context
	cancel context.CancelFunc
	ready  atomic.Bool

	mu        sync.Mutex
	closing   bool
	conns     map[*conn]struct{}
	addrs     addrCount
	sessions  map[string]*session
	nSessions int // sessions plus those being built
	rooms     map[string]*session
	roomAddrs addrCount      // open rooms per teacher address
	exportSem chan struct{}  // one token per export replaying (exportSlots)
	rel       *relayState    // rooms across replicas (relay*.go)
	wg        sync.WaitGroup // sockets, play loops and the sweeper
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
	life, cancel := context.WithCancel(context.Background())
	s := &Server{
		cfg: cfg, log: log, assets: a, metrics: newMetrics(),
		newTicker: newRealTicker, now: time.Now,
		life: life, cancel: cancel,
		conns: map[*conn]struct{}{}, addrs: addrCount{},
		sessions: map[string]*session{}, rooms: map[string]*session{}, roomAddrs: addrCount{},
		exportSem: make(chan struct{}, exportSlots),
	}
	// The two rendering seams; tests swap them (a panicking renderer).
	s.render = renderFragments
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

func (s *Server) reserveSession() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.nSessions >= s.cfg.Limits.MaxSessions {
		return false
	}
	s.nSessions++
	return true
}

func (s *Server) unreserveSession() {
	s.mu.Lock()
	s.nSessions--
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
func (s *Server) cloneSession(se *session) (*session, error) {
	if !s.reserveSession() {
		return nil, errorf(CodeSessionLimit, "%d sessions", s.cfg.Limits.MaxSessions)
	}
	ns := &session{
		id: randomID(16), srv: s, cfg: se.cfg, lab: se.lab.Clone(), speed: se.speed,
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
	t := s.newTicker(min(time.Minute, s.cfg.SessionIdle/4+time.Millisecond))
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

// sweep ends every session idle since before now minus the idle time.
func (s *Server) sweep(now time.Time) int {
	s.mu.Lock()
	all := make([]*session, 0, len(s.sessions))
	for _, se := range s.sessions {
		all = append(all, se)
	}
	s.mu.Unlock()
	n := 0
	for _, se := range all {
		se.mu.Lock()
		if len(se.subs) == 0 && !se.idleSince.IsZero() && now.Sub(se.idleSince) >= s.cfg.SessionIdle {
			se.log.Debug("idle session freed")
			se.endLocked(CodeGoingAway)
			n++
		}
		se.mu.Unlock()
	}
	return n
}

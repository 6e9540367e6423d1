package server

import (
	"errors"
	"net/netip"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// relayState is what a server keeps about rooms that span replicas.
type relayState struct {
	relay   Relay
	local   bool // a LocalRelay: one replica, nothing to save or watch
	metrics relayMetrics

	mu         sync.Mutex
	leads      map[string]*lead   // rooms held here, by code
	mirrors    map[string]*mirror // rooms held elsewhere with members here
	unreleased map[string]bool    // codes of rooms closed while the relay was down
}

// relayMetrics count what crosses between replicas.
type relayMetrics struct {
	published prometheus.Counter
	received  prometheus.Counter
	latency   prometheus.Histogram
	members   prometheus.Gauge
	lost      prometheus.Counter
	takeovers prometheus.Counter
	saves     prometheus.Counter
	resyncs   prometheus.Counter
	up        prometheus.Gauge
	outages   prometheus.Counter
	asks      prometheus.Histogram
}

func newRelayState(r Relay, reg *prometheus.Registry) *relayState {
	_, local := r.(*LocalRelay)
	m := relayMetrics{
		published: prometheus.NewCounter(prometheus.CounterOpts{Name: "procscope_relay_frames_published_total", Help: "Frames this replica published for members on other replicas (once per view)."}),
		received:  prometheus.NewCounter(prometheus.CounterOpts{Name: "procscope_relay_frames_received_total", Help: "Frames received from rooms held on other replicas."}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "procscope_relay_latency_seconds",
			Help:    "Time from a frame's publication on the authority to its arrival here (replica clocks must agree).",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1},
		}),
		members:   prometheus.NewGauge(prometheus.GaugeOpts{Name: "procscope_relay_members", Help: "Sockets here following rooms held on other replicas."}),
		lost:      prometheus.NewCounter(prometheus.CounterOpts{Name: "procscope_relay_rooms_lost_total", Help: "Times a room's authority stopped answering while members here followed it."}),
		takeovers: prometheus.NewCounter(prometheus.CounterOpts{Name: "procscope_relay_takeovers_total", Help: "Rooms continued here after their replica was gone."}),
		saves:     prometheus.NewCounter(prometheus.CounterOpts{Name: "procscope_relay_saves_total", Help: "Room records written to the shared bucket."}),
		resyncs:   prometheus.NewCounter(prometheus.CounterOpts{Name: "procscope_relay_resyncs_total", Help: "Frames found missing on a room's stream; its members here got a full frame."}),
		up:        prometheus.NewGauge(prometheus.GaugeOpts{Name: "procscope_relay_up", Help: "1 while this replica reaches the other replicas (NATS), 0 while it reconnects."}),
		outages:   prometheus.NewCounter(prometheus.CounterOpts{Name: "procscope_relay_disconnects_total", Help: "Times this replica lost its connection to the other replicas (NATS)."}),
	}
	m.asks = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "procscope_relay_ask_seconds",
		Help:    "Round trip of a request to a room's replica for a member here (join, command, leave), answered or not.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, 1, 5, 15},
	})
	m.up.Set(1)
	reg.MustRegister(m.published, m.received, m.latency, m.members, m.lost, m.takeovers, m.saves, m.resyncs, m.up, m.outages, m.asks)
	return &relayState{relay: r, local: local, metrics: m, leads: map[string]*lead{}, mirrors: map[string]*mirror{}, unreleased: map[string]bool{}}
}

// relayEvery is how often the authority saves changed rooms to the bucket
// and followers check that their rooms' authorities live: a change is in
// the bucket within this time plus one write.
const relayEvery = 500 * time.Millisecond

// relayLoop saves and watches rooms until the server stops, and notices
// when the relay loses its connection and gets it back (relay_outage.go).
// A server with a LocalRelay runs none.
func (srv *Server) relayLoop() {
	defer srv.wg.Done()
	t := srv.newTicker(relayEvery)
	defer t.Stop()
	up := true
	for {
		select {
		case <-srv.life.Done():
			if up {
				srv.saveRooms() // the last word before goodbye: rooms continue from it
			}
			return
		case <-t.C():
		}
		if err := srv.rel.relay.Err(); err != nil {
			if up {
				up = false
				srv.relayDown(err)
			}
			continue
		}
		if !up {
			up = true
			srv.relayBack()
		}
		srv.saveRooms()
		srv.watchRooms(srv.now())
	}
}

// saveRooms writes the record of every room held here that changed since
// its last save: its lab (as a saved lab, the #s= form) and followers.
func (srv *Server) saveRooms() {
	srv.rel.mu.Lock()
	leads := make([]*lead, 0, len(srv.rel.leads))
	for _, l := range srv.rel.leads {
		leads = append(leads, l)
	}
	srv.rel.mu.Unlock()
	for _, l := range leads {
		srv.dropGhosts(l)
		s := srv.roomSession(l.code)
		if s == nil {
			continue
		}
		s.mu.Lock()
		if s.ended || s.room == nil || (!l.unsaved && s.seq == l.saved && s.room.followers == l.savedN) {
			s.mu.Unlock()
			continue
		}
		rec := RoomRecord{Replica: srv.rel.relay.Replica(), TokenHash: tokenHash(s.room.token), Followers: s.room.followers, Save: s.saveLocked(), Paced: s.room.pacedLesson()}
		l.saved, l.savedN, l.unsaved = s.seq, s.room.followers, false
		s.mu.Unlock()
		if err := srv.saveRoom(l, rec); err != nil {
			srv.log.Warn("relay save", "room", l.code, "err", err)
			l.unsaved = true // the next tick tries again
			continue
		}
		srv.rel.metrics.saves.Inc()
	}
}

// watchRooms checks the authority of every room followed here. When it
// is gone its members are told at once; then the room either moves (the
// teacher reconnected to another replica, which took it over from its
// record) and they join it there, or after the grace time it ends and
// each keeps a solo lab at the room's last saved state.
func (srv *Server) watchRooms(now time.Time) {
	srv.rel.mu.Lock()
	ms := make([]*mirror, 0, len(srv.rel.mirrors))
	for _, m := range srv.rel.mirrors {
		ms = append(ms, m)
	}
	srv.rel.mu.Unlock()
	for _, m := range ms {
		srv.watch(m, now)
	}
}

func (srv *Server) watch(m *mirror, now time.Time) {
	r := srv.rel.relay
	m.mu.Lock()
	auth, lostSince := m.authority, m.lostSince
	if r.Alive(auth) {
		m.mu.Unlock()
		if !lostSince.IsZero() {
			srv.rejoin(m, auth, 1) // it was only late: join again, resync
		}
		return
	}
	if lostSince.IsZero() {
		m.lostSince, lostSince = now, now
		srv.rel.metrics.lost.Inc()
		srv.log.Info("room authority lost", "room", m.code)
		for _, mo := range m.members {
			mo.c.sendError(errorf(CodeRoomLost, "room %s lost its replica", m.code), "", 0)
		}
	}
	m.mu.Unlock()
	rec, rev, err := r.Find(m.code)
	switch {
	case errors.Is(err, ErrNoRoom):
		srv.endMirror(m, "")
	case err != nil:
		srv.log.Warn("relay find", "room", m.code, "err", err)
	case rec.Replica != auth && r.Alive(rec.Replica):
		srv.rejoin(m, rec.Replica, 5)
	case rec.Replica == auth && m.teacher(rec.TokenHash) != nil:
		// The teacher's page is here already (it reconnected while the
		// old replica shut down): the room continues here.
		mo := m.teacher(rec.TokenHash)
		srv.unfollow(mo.c)
		if err := srv.takeOver(mo.c, m.code, mo.token, rec, rev); err != nil {
			mo.c.sendError(err, "hello", 0)
		}
	case now.Sub(lostSince) >= srv.cfg.RoomGrace:
		if rec.Replica == auth {
			_ = r.Release(m.code)
		}
		srv.endMirror(m, rec.Save)
	default:
		m.mu.Lock()
		m.save = rec.Save
		m.mu.Unlock()
	}
}

// teacher is a member here that holds the room's token, or nil.
func (m *mirror) teacher(hash string) *memberOf {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, mo := range m.members {
		if mo.token != "" && tokenHash(mo.token) == hash {
			return mo
		}
	}
	return nil
}

// rejoin joins every member here to the room on its new authority,
// trying each up to tries times. A member the authority asks to wait (it
// is shutting down) stays, and the room counts as lost again.
func (srv *Server) rejoin(m *mirror, authority string, tries int) {
	m.mu.Lock()
	m.authority, m.lostSince = authority, time.Time{}
	all := make([]*memberOf, 0, len(m.members))
	for _, mo := range m.members {
		all = append(all, mo)
	}
	m.mu.Unlock()
	srv.log.Info("room moved", "room", m.code)
	for _, mo := range all {
		err := srv.rejoinOne(m.code, mo, tries)
		switch codeOf(err) {
		case CodeReconnecting:
			return // down again: the members were told, and join when it is back
		case CodeRoomLost:
			m.markLost(srv.now())
			continue
		}
		if err != nil {
			srv.unfollow(mo.c)
			mo.c.sendError(err, "hello", 0)
		}
	}
}

// rejoinOne joins one member to the room's new authority, which may be
// a moment from serving it: its record moves before it answers.
func (srv *Server) rejoinOne(code string, mo *memberOf, tries int) error {
	var err error
	for i := range tries {
		if err = srv.ask(code, mo.joinReq()); err == nil || codeOf(err) != CodeRoomLost && codeOf(err) != CodeRoomNotFound || i == tries-1 {
			return err
		}
		select {
		case <-srv.life.Done():
			return err
		case <-time.After(relayEvery / 2):
		}
	}
	return err
}

// endMirror ends a room for its members here: the room is gone and no
// teacher came back. Each gets "ended" and a solo lab at the saved state.
func (srv *Server) endMirror(m *mirror, save string) {
	m.mu.Lock()
	if save == "" {
		save = m.save
	}
	all := make([]*memberOf, 0, len(m.members))
	for _, mo := range m.members {
		all = append(all, mo)
	}
	m.mu.Unlock()
	srv.log.Info("room ended without its replica", "room", m.code, "members", len(all))
	for _, mo := range all {
		srv.unfollow(mo.c)
		mo.c.sendJSON(roomMsg{Type: "room", Code: m.code, Join: mo.c.base + "/r/" + m.code, Role: roleSolo, Ended: true})
		srv.soloFromSave(m, mo.c, save)
	}
}

// takeOver continues here a room whose replica is gone: the teacher
// reconnected to this replica. The lab is rebuilt from the room's record,
// the record moves here (only if no other replica took it first), and
// the followers, wherever they are, join it here.
func (srv *Server) takeOver(c *conn, code, token string, rec RoomRecord, rev uint64) error {
	if sv, err := decodeSave(rec.Save, srv.cfg.Limits); err == nil {
		if err := srv.meterReplay(c.ctx, c.addr, replayCost(sv.log, srv.cfg.Limits.MaxStepsPerCommand)); err != nil {
			return err
		}
	}
	if err := srv.reserveSession(c.addr); err != nil {
		return err
	}
	s, err := srv.labFromSave(rec.Save, c.addr)
	if err != nil {
		srv.unreserveSession(c.addr)
		return err
	}
	if err := srv.adoptRoom(s, code, c.addr); err != nil {
		srv.unreserveSession(c.addr)
		return err
	}
	rec.Replica = srv.rel.relay.Replica()
	if _, err := srv.rel.relay.Store(code, rec, rev); err != nil {
		srv.mu.Lock()
		srv.dropRoomLocked(s, code, c.addr)
		srv.mu.Unlock()
		srv.unreserveSession(c.addr)
		return errorf(CodeRoomLost, "take over room %s: %v", code, err)
	}
	srv.addSession(s)
	srv.rel.metrics.takeovers.Inc()
	s.room = &room{code: code, token: token, addr: c.addr}
	srv.resumePaced(s, rec.Paced)
	s.do(c, "hello", func() error {
		srv.leadRoomLocked(s)
		s.attachLocked(c, roleTeacher)
		return nil
	})
	s.log.Info("room taken over", "room", code)
	srv.localizeMirror(code)
	return nil
}

// adoptRoom registers a room code held here, within the room limits.
func (srv *Server) adoptRoom(s *session, code string, addr netip.Addr) error {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if len(srv.rooms) >= srv.cfg.Limits.MaxRooms {
		return errorf(CodeRoomLimit, "%d rooms open", srv.cfg.Limits.MaxRooms)
	}
	if _, taken := srv.rooms[code]; taken {
		return errorf(CodeRoomLost, "room %s is already held here", code)
	}
	if !srv.roomAddrs.add(addr, srv.cfg.Limits.MaxRoomsPerAddr) {
		return errorf(CodeRoomAddrLimit, "%d rooms open from one address", srv.cfg.Limits.MaxRoomsPerAddr)
	}
	srv.rooms[code] = s
	srv.metrics.rooms.Inc()
	return nil
}

func (srv *Server) dropRoomLocked(s *session, code string, addr netip.Addr) {
	if srv.rooms[code] == s {
		delete(srv.rooms, code)
		srv.roomAddrs.remove(addr)
		srv.metrics.rooms.Dec()
	}
}

// localizeMirror moves the members of this replica's mirror of a room
// into the room, now held here.
func (srv *Server) localizeMirror(code string) {
	srv.rel.mu.Lock()
	m := srv.rel.mirrors[code]
	srv.rel.mu.Unlock()
	if m == nil {
		return
	}
	m.mu.Lock()
	all := make([]*memberOf, 0, len(m.members))
	for _, mo := range m.members {
		all = append(all, mo)
	}
	m.mu.Unlock()
	for _, mo := range all {
		srv.unfollow(mo.c)
		if err := srv.joinRoom(mo.c, code, mo.token); err != nil {
			mo.c.sendError(err, "hello", 0)
		}
	}
}

// relayReady is /readyz's word on the relay: nil while it is connected.
func (srv *Server) relayReady() error { return srv.rel.relay.Err() }

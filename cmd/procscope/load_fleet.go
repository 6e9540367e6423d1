package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// loadSpin runs forever on every thread: a stepped lab never goes idle, so
// every step is one tick and one frame.
const loadSpin = ".var n\n.main\n.top\nmov n, %ax\nadd $1, %ax\nmov %ax, n\nj .top\n"

// Roles of the load tool's clients.
const (
	lrStep     = "step"
	lrPlay     = "play"
	lrIdle     = "idle"
	lrTeacher  = "teacher"
	lrFollower = "follower"
)

// fleet is every client of one run and what they measured.
type fleet struct {
	o         loadOptions
	measuring atomic.Bool
	frames    atomic.Int64
	bytes     atomic.Int64

	mu      sync.Mutex
	latency []time.Duration   // a stepping client's command → its frame
	fanout  []time.Duration   // a teacher's command → a follower's frame
	byRep   [][]time.Duration // the same, by the follower's replica
	drops   map[string]int    // the server closed the socket: by close status
	errors  map[string]int    // error messages, by code
	failed  int               // sockets that never opened
	opened  int
	dialers []*http.Client // one per source address
}

// room is a load room: its code and when the teacher sent the command
// that makes each tick.
type loadRoom struct {
	mu   sync.Mutex
	code string
	sent map[uint64]time.Time
}

// loadClient is one socket of the fleet.
type loadClient struct {
	f    *fleet
	role string
	room *loadRoom
	ws   *websocket.Conn
	rep  int // the replica it dialled

	ready chan struct{} // closed when its lab is set up
	once  sync.Once

	mu      sync.Mutex
	next    uint64 // the tick the next command makes
	pending []sentCmd
	seen    uint64 // the newest tick a frame brought
	fulls   int    // full frames seen (reader only)
}

type sentCmd struct {
	tick uint64
	at   time.Time
}

func newFleet(o loadOptions) *fleet {
	f := &fleet{o: o, drops: map[string]int{}, errors: map[string]int{}, byRep: make([][]time.Duration, len(o.urls()))}
	for i := range hostileSource { // sources 1…N, and the hostile one
		if i >= o.Sources && i != hostileSource-1 {
			f.dialers = append(f.dialers, nil)
			continue
		}
		d := &net.Dialer{Timeout: 10 * time.Second, LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(i+1))}}
		f.dialers = append(f.dialers, &http.Client{Transport: &http.Transport{DialContext: d.DialContext}})
	}
	return f
}

// dial opens client i's socket from its source address (i < 0: the
// hostile clients' own).
func (f *fleet) dial(ctx context.Context, i int) (*websocket.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	var hc *http.Client
	u := f.o.urls()[0]
	if i < 0 { // a hostile client
		hc = f.dialers[hostileSource-1]
	} else {
		hc = f.dialers[i%f.o.Sources]
		u = f.o.urls()[f.o.replicaOf(i)]
	}
	ws, _, err := websocket.Dial(ctx, u, &websocket.DialOptions{HTTPClient: hc})
	if err != nil {
		return nil, err
	}
	ws.SetReadLimit(256 << 20)
	return ws, nil
}

func (c *loadClient) send(ctx context.Context, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return c.ws.Write(ctx, websocket.MessageText, b)
}

// start opens the socket, says hello and reads until it ends.
func (c *loadClient) start(ctx context.Context, i int) error {
	ws, err := c.f.dial(ctx, i)
	if err != nil {
		return err
	}
	c.ws, c.rep = ws, c.f.o.replicaOf(i)
	hello := map[string]any{"op": "hello", "protocol": 1, "format": c.f.o.Format}
	if c.role == lrFollower {
		hello["room"] = c.room.currentCode()
	}
	if err := c.send(ctx, hello); err != nil {
		ws.CloseNow()
		return err
	}
	if c.role == lrTeacher {
		if err := c.send(ctx, map[string]any{"op": "room"}); err != nil {
			ws.CloseNow()
			return err
		}
	}
	go c.readLoop(ctx)
	return nil
}

// readLoop reads every message, counting frames and matching them with
// the commands that made them.
func (c *loadClient) readLoop(ctx context.Context) {
	defer c.markReady()
	for {
		_, b, err := c.ws.Read(ctx)
		if err != nil {
			// Ended by the server while measuring: a drop, by close status
			// ("tcp" without a close frame).
			if c.f.measuring.Load() && ctx.Err() == nil {
				why := "tcp"
				if st := websocket.CloseStatus(err); st != -1 {
					why = strconv.Itoa(int(st))
				}
				c.f.count(c.f.drops, why)
			}
			return
		}
		now := time.Now()
		switch msgType(b) {
		case "frame":
			c.onFrame(b, now)
		case "room":
			if c.role == lrTeacher {
				var m struct{ Code string }
				if json.Unmarshal(b, &m) == nil && m.Code != "" {
					c.room.mu.Lock()
					c.room.code = m.Code
					c.room.mu.Unlock()
				}
			}
		case "error":
			var m struct{ Code string }
			json.Unmarshal(b, &m)
			c.f.count(c.f.errors, m.Code)
		}
	}
}

func (c *loadClient) markReady() { c.once.Do(func() { close(c.ready) }) }

func (c *loadClient) onFrame(b []byte, now time.Time) {
	tick, full := frameTick(b)
	if c.f.measuring.Load() {
		c.f.frames.Add(1)
		c.f.bytes.Add(int64(len(b)))
	}
	c.mu.Lock()
	prev := c.seen
	c.seen = max(c.seen, tick)
	var lat []time.Duration
	for len(c.pending) > 0 && c.pending[0].tick <= tick {
		lat = append(lat, now.Sub(c.pending[0].at))
		c.pending = c.pending[1:]
	}
	c.mu.Unlock()
	if c.role == lrFollower && tick > prev {
		c.room.mu.Lock()
		for t := prev + 1; t <= tick; t++ {
			if at, ok := c.room.sent[t]; ok {
				lat = append(lat, now.Sub(at))
			}
		}
		c.room.mu.Unlock()
	}
	if len(lat) > 0 && c.f.measuring.Load() {
		c.f.mu.Lock()
		if c.role == lrFollower {
			c.f.fanout = append(c.f.fanout, lat...)
			c.f.byRep[c.rep] = append(c.f.byRep[c.rep], lat...)
		} else {
			c.f.latency = append(c.f.latency, lat...)
		}
		c.f.mu.Unlock()
	}
	// The hello's full frame, then (when a program is loaded) the load's:
	// then the lab is ready to step.
	if full {
		c.fulls++
		want := 1
		if c.f.o.Program != "" && (c.role == lrStep || c.role == lrTeacher || c.role == lrPlay) {
			want = 2
		}
		if c.fulls >= want {
			c.markReady()
		}
	}
}

// setup loads the program (steppers and teachers) or starts playing.
func (c *loadClient) setup(ctx context.Context) error {
	switch c.role {
	case lrStep, lrTeacher, lrPlay:
		c.mu.Lock()
		c.next = 1 // the first step makes tick 1 of the loaded lab
		c.mu.Unlock()
		if c.f.o.Program != "" {
			return c.send(ctx, map[string]any{"op": "load", "program": loadSpin})
		}
	}
	return nil
}

// drive sends commands at the client's rate until ctx ends.
func (c *loadClient) drive(ctx context.Context) {
	if c.role == lrPlay {
		c.send(ctx, map[string]any{"op": "play", "speed": c.f.o.Speed})
		return
	}
	if c.role != lrStep && c.role != lrTeacher {
		return
	}
	period := time.Duration(float64(time.Second) / c.f.o.Rate)
	select { // spread the fleet over one period
	case <-time.After(rand.N(period)):
	case <-ctx.Done():
		return
	}
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		c.mu.Lock()
		sc := sentCmd{tick: c.next, at: time.Now()}
		c.next++
		c.pending = append(c.pending, sc)
		c.mu.Unlock()
		if c.role == lrTeacher {
			c.room.mu.Lock()
			c.room.sent[sc.tick] = sc.at
			c.room.mu.Unlock()
		}
		if c.send(ctx, map[string]any{"op": "step", "n": 1}) != nil {
			return
		}
		select {
		case <-t.C:
		case <-ctx.Done():
			return
		}
	}
}

func (f *fleet) count(m map[string]int, k string) {
	f.mu.Lock()
	m[k]++
	f.mu.Unlock()
}

// msgType reads a message's type from its first bytes without decoding
// the rest (a frame is tens of kilobytes).
func msgType(b []byte) string {
	const key = `"type":"`
	head := b[:min(len(b), 64)]
	i := bytes.Index(head, []byte(key))
	if i < 0 {
		return ""
	}
	rest := head[i+len(key):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return ""
	}
	return string(rest[:j])
}

// frameTick reads a frame's tick and whether it is full, from the fields
// the server writes first.
func frameTick(b []byte) (tick uint64, full bool) {
	head := b[:min(len(b), 256)]
	if i := bytes.Index(head, []byte(`"tick":`)); i >= 0 {
		rest := head[i+7:]
		j := 0
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		tick, _ = strconv.ParseUint(string(rest[:j]), 10, 64)
	}
	return tick, bytes.Contains(head, []byte(`"full":true`))
}

// runLoad opens the fleet, measures for the duration and closes it.
func runLoad(ctx context.Context, o loadOptions) (*loadReport, error) {
	f := newFleet(o)
	r := &loadReport{}
	if o.PID > 0 || o.Metrics != "" {
		r.Before = sampleServer(ctx, o)
	}
	if o.Abrupt > 0 {
		r.Abrupt = f.abrupt(ctx, o.Abrupt)
		time.Sleep(2 * time.Second) // let the server notice
		r.AfterAbrupt = sampleServer(ctx, o)
	}
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	var clients []*loadClient
	add := func(role string, n int, room *loadRoom) {
		for range n {
			clients = append(clients, &loadClient{f: f, role: role, room: room, ready: make(chan struct{})})
		}
	}
	var rooms []*loadRoom
	for range o.Rooms {
		rm := &loadRoom{sent: map[uint64]time.Time{}}
		rooms = append(rooms, rm)
		add(lrTeacher, 1, rm)
	}
	add(lrStep, o.Sessions, nil)
	add(lrPlay, o.Playing, nil)
	add(lrIdle, o.Idle, nil)
	rampStart := time.Now()
	rampCtx, rampDone := context.WithTimeout(runCtx, o.Ramp)
	defer rampDone()
	// Teachers first: followers need their room codes.
	f.open(rampCtx, runCtx, clients)
	for _, rm := range rooms {
		for rm.waitCode(rampCtx) == "" && rampCtx.Err() == nil {
		}
	}
	var followers []*loadClient
	for _, rm := range rooms {
		for range o.Followers {
			followers = append(followers, &loadClient{f: f, role: lrFollower, room: rm, ready: make(chan struct{})})
		}
	}
	f.open(rampCtx, runCtx, followers)
	clients = append(clients, followers...)
	for _, c := range clients {
		if c.ws == nil {
			continue
		}
		if err := c.setup(runCtx); err != nil {
			f.count(f.errors, "setup: "+err.Error())
		}
	}
	for _, c := range clients {
		if c.ws == nil {
			continue
		}
		select {
		case <-c.ready:
		case <-rampCtx.Done():
		}
	}
	r.Ramp = time.Since(rampStart)
	if o.PID > 0 || o.Metrics != "" {
		r.Ready = sampleServer(ctx, o)
	}
	if len(o.urls()) > 1 {
		r.Replicas = &replicaReport{Before: sampleReplicas(ctx, o)}
	}

	f.measuring.Store(true)
	start := time.Now()
	cpu0 := serverCPU(o.PID)
	driveCtx, driveDone := context.WithTimeout(runCtx, o.Duration)
	var wg sync.WaitGroup
	for _, c := range clients {
		if c.ws != nil {
			wg.Go(func() { c.drive(driveCtx) })
		}
	}
	var hostileConns atomic.Int64
	for range o.Hostile {
		wg.Go(func() { hostileConns.Add(int64(f.hostile(driveCtx))) })
	}
	<-driveCtx.Done()
	driveDone()
	r.Elapsed = time.Since(start)
	r.CPU = serverCPU(o.PID) - cpu0
	if o.PID > 0 || o.Metrics != "" {
		r.After = sampleServer(ctx, o)
	}
	if r.Replicas != nil {
		r.Replicas.After = sampleReplicas(ctx, o)
	}
	f.measuring.Store(false)
	wg.Wait()
	r.HostileConns = int(hostileConns.Load())
	for _, c := range clients {
		if c.ws != nil {
			c.ws.Close(websocket.StatusNormalClosure, "")
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	r.Clients, r.Opened, r.Failed = len(clients), f.opened, f.failed
	r.Latency, r.Fanout = f.latency, f.fanout
	if r.Replicas != nil {
		r.Replicas.Fanout = f.byRep
	}
	r.Frames, r.Bytes = f.frames.Load(), f.bytes.Load()
	r.Drops, r.Errors = f.drops, f.errors
	return r, nil
}

// open starts clients with a bounded number of dials in flight.
func (f *fleet) open(rampCtx, runCtx context.Context, clients []*loadClient) {
	sem := make(chan struct{}, 64)
	var wg sync.WaitGroup
	for i, c := range clients {
		if rampCtx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			err := c.start(runCtx, i)
			f.mu.Lock()
			if err != nil {
				f.failed++
				if f.failed <= 3 {
					f.errors["dial: "+err.Error()]++
				}
			} else {
				f.opened++
			}
			f.mu.Unlock()
		})
	}
	wg.Wait()
}

// currentCode reads the room's code under its lock: the teacher's
// reader rewrites it on every "room" message (each roster change).
func (rm *loadRoom) currentCode() string {
	rm.mu.Lock()
	defer rm.mu.Unlock()
	return rm.code
}

func (rm *loadRoom) waitCode(ctx context.Context) string {
	code := rm.currentCode()
	if code == "" {
		select {
		case <-time.After(5 * time.Millisecond):
		case <-ctx.Done():
		}
	}
	return code
}

// abrupt opens n sockets that say hello, read the answer and drop their
// TCP connection without a close frame. It returns how many did.
func (f *fleet) abrupt(ctx context.Context, n int) int {
	var done atomic.Int64
	sem := make(chan struct{}, 64)
	var wg sync.WaitGroup
	for i := range n {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			ws, err := f.dial(ctx, i)
			if err != nil {
				return
			}
			c := &loadClient{f: f, ws: ws}
			if c.send(ctx, map[string]any{"op": "hello", "protocol": 1, "format": f.o.Format}) == nil {
				rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
				ws.Read(rctx)
				cancel()
				done.Add(1)
			}
			ws.CloseNow() // no close frame: the TCP connection just ends
		})
	}
	wg.Wait()
	return int(done.Load())
}

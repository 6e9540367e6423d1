package natsrelay

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	natsserver "github.com/nats-io/nats-server/v2/server"

	"procscope/server"
)

// startNATS runs an embedded NATS server with JetStream in a temporary
// directory, for the test's lifetime.
func startNATS(t testing.TB) *natsserver.Server {
	t.Helper()
	return startNATSAt(t, -1, t.TempDir())
}

// startNATSAt runs an embedded NATS server on a port (-1: any free one)
// with its store in dir; a server started again on the same port and
// directory is the same NATS server restarted.
func startNATSAt(t testing.TB, port int, dir string) *natsserver.Server {
	t.Helper()
	ns, err := natsserver.NewServer(&natsserver.Options{
		Host: "127.0.0.1", Port: port, JetStream: true, StoreDir: dir, NoLog: true, NoSigs: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats server not ready")
	}
	t.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
	return ns
}

// testOptions make replicas notice a silent one within a fraction of a
// second.
var testOptions = Options{Heartbeat: 200 * time.Millisecond, Lost: time.Second, Memory: true}

// replica is one procscope server with its relay, as a process of a
// deployment would be.
type replica struct {
	t     *testing.T
	name  string
	relay *Relay
	srv   *server.Server
	ts    *httptest.Server
	down  bool
}

func newReplica(t *testing.T, ns *natsserver.Server, name string, grace time.Duration) *replica {
	t.Helper()
	return newReplicaWith(t, ns.ClientURL(), name, grace, testOptions)
}

// newReplicaWith starts a replica on NATS at url whose relay has the
// given options.
func newReplicaWith(t *testing.T, url, name string, grace time.Duration, opt Options) *replica {
	t.Helper()
	return newReplicaAs(t, url, name, grace, opt, func(rl *Relay) server.Relay { return rl })
}

// newReplicaAs starts a replica whose server sees its relay through as
// (a test's stand-in that misbehaves on cue).
func newReplicaAs(t *testing.T, url, name string, grace time.Duration, opt Options, as func(*Relay) server.Relay) *replica {
	t.Helper()
	opt.Replica = name
	rl, err := Connect(url, opt)
	if err != nil {
		t.Fatal(err)
	}
	// A short hello timeout: a follower whose room is elsewhere has said
	// hello, though no session here holds it.
	// The hello timeout is short, so a socket the relay leaves without a
	// session or mirror while NATS is out would be seen dropped; 3 s, not
	// 1: in CI under -race a student's hello was once read more than 1 s
	// after its socket opened, and the timer cut it (hello-timeout).
	srv, err := server.New(server.Config{Relay: as(rl), RoomGrace: grace, HelloTimeout: 3 * time.Second, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	r := &replica{t: t, name: name, relay: rl, srv: srv, ts: httptest.NewServer(srv)}
	t.Cleanup(func() { r.stop(true) })
	return r
}

// stop ends the replica: with goodbye as on SIGTERM, or without, as if
// the process were killed. It returns when the other replicas could
// first know: the goodbye, or the last heartbeat.
func (r *replica) stop(goodbye bool) time.Time {
	if r.down {
		return time.Time{}
	}
	r.down = true
	if !goodbye {
		_ = r.relay.vanish() // silent first: nobody hears a goodbye
	}
	silent := time.Now()
	r.ts.CloseClientConnections()
	r.srv.CloseSockets()
	r.ts.Close()
	_ = r.relay.Close()
	if goodbye {
		silent = time.Now()
	}
	return silent
}

// client is one browser tab's socket.
type client struct {
	t      *testing.T
	ws     *websocket.Conn
	dialed time.Time // the hello timeout counts from here
}

func (r *replica) dial() *client {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	dialed := time.Now()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(r.ts.URL, "http")+"/ws", nil)
	if err != nil {
		r.t.Fatal(err)
	}
	ws.SetReadLimit(8 << 20)
	r.t.Cleanup(func() { ws.CloseNow() })
	return &client{t: r.t, ws: ws, dialed: dialed}
}

func (c *client) send(v map[string]any) {
	c.t.Helper()
	b, _ := json.Marshal(v)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.ws.Write(ctx, websocket.MessageText, b); err != nil {
		c.t.Fatal(err)
	}
}

// next reads one message.
func (c *client) next(wait time.Duration) (map[string]any, error) {
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	_, b, err := c.ws.Read(ctx)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return m, nil
}

// read reads the next message and checks its type.
func (c *client) read(typ string) map[string]any {
	c.t.Helper()
	m, err := c.next(5 * time.Second)
	if err != nil {
		c.t.Fatalf("reading %s: %v", typ, err)
	}
	if m["type"] != typ {
		c.t.Fatalf("got %v, want a %s", brief(m), typ)
	}
	return m
}

// until reads until a message of the type arrives, skipping others.
func (c *client) until(typ string, wait time.Duration) map[string]any {
	c.t.Helper()
	end := time.Now().Add(wait)
	for {
		m, err := c.next(time.Until(end))
		if err != nil {
			c.t.Fatalf("waiting for %s: %v", typ, err)
		}
		if m["type"] == typ {
			return m
		}
	}
}

// wantError reads until an error and checks its code.
func (c *client) wantError(code server.Code, wait time.Duration) map[string]any {
	c.t.Helper()
	m := c.until("error", wait)
	if m["code"] != string(code) {
		c.t.Fatalf("error %v (%v), want %s", m["code"], m["message"], code)
	}
	return m
}

func (c *client) hello(extra map[string]any) map[string]any {
	c.t.Helper()
	msg := map[string]any{"op": "hello", "protocol": server.ProtocolVersion}
	for k, v := range extra {
		msg[k] = v
	}
	c.send(msg)
	c.read("hello")
	if extra["room"] != nil {
		c.read("room")
	}
	return c.read("frame")
}

func num(m map[string]any, k string) int64 {
	f, _ := m[k].(float64)
	return int64(f)
}

// brief is a message without its bulky fragments, for failures.
func brief(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		if k != "fragments" && k != "save" {
			out[k] = v
		}
	}
	return out
}

// openRoom makes c (a fresh tab) teacher of a new room; it returns the
// code and token.
func openRoom(c *client) (code, token string) {
	c.t.Helper()
	c.hello(nil)
	c.send(map[string]any{"op": "room"})
	m := c.read("room")
	return m["code"].(string), m["token"].(string)
}

// metric reads one sample of the replica's /metrics, e.g.
// "procscope_relay_frames_received_total"; -1 if it is missing.
func (r *replica) metric(name string) float64 {
	r.t.Helper()
	rec := httptest.NewRecorder()
	r.srv.MetricsHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for line := range strings.Lines(rec.Body.String()) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), name+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				r.t.Fatal(err)
			}
			return f
		}
	}
	return -1
}

// ready is the replica's /readyz status and body.
func (r *replica) ready() (int, string) {
	rec := httptest.NewRecorder()
	r.srv.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
	return rec.Code, rec.Body.String()
}

// cutter is a TCP proxy between one replica and NATS that can cut that
// replica off, as a broken network would, while NATS and the other
// replicas run on.
type cutter struct {
	ln     net.Listener
	target string
	wg     sync.WaitGroup

	mu    sync.Mutex
	cut   bool
	conns []net.Conn
}

func newCutter(t *testing.T, target string) *cutter {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := &cutter{ln: ln, target: strings.TrimPrefix(target, "nats://")}
	c.wg.Add(1)
	go c.accept()
	t.Cleanup(func() { ln.Close(); c.setCut(true); c.wg.Wait() })
	return c
}

// url is what the replica dials instead of NATS.
func (c *cutter) url() string { return "nats://" + c.ln.Addr().String() }

func (c *cutter) accept() {
	defer c.wg.Done()
	for {
		in, err := c.ln.Accept()
		if err != nil {
			return
		}
		c.mu.Lock()
		cut := c.cut
		c.mu.Unlock()
		out, err := net.Dial("tcp", c.target)
		if cut || err != nil {
			in.Close()
			if out != nil {
				out.Close()
			}
			continue
		}
		c.mu.Lock()
		c.conns = append(c.conns, in, out)
		c.mu.Unlock()
		c.wg.Add(2)
		go c.pipe(in, out)
		go c.pipe(out, in)
	}
}

func (c *cutter) pipe(dst, src net.Conn) {
	defer c.wg.Done()
	_, _ = io.Copy(dst, src)
	dst.Close()
	src.Close()
}

// setCut cuts the replica off (every connection through the proxy ends,
// and new ones are refused) or lets it reconnect.
func (c *cutter) setCut(cut bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cut = cut
	if cut {
		for _, conn := range c.conns {
			conn.Close()
		}
		c.conns = nil
	}
}

package e2e

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"

	"procscope/server"
	"procscope/server/natsrelay"
)

// replicaSet is two procscope replicas on one NATS behind one proxy.
type replicaSet struct {
	front    string
	replicas [2]*server.Server
	stops    [2]func()
	up       [2]atomic.Bool // what the load balancer's readiness checks see
	nats     *natsserver.Server
	natsOpts natsserver.Options
}

// stopNATS stops the NATS server; startNATS starts it again on the same
// port (its store in memory is lost, as in a restarted pod without a
// volume).
func (rs *replicaSet) stopNATS() {
	rs.nats.Shutdown()
	rs.nats.WaitForShutdown()
}

func (rs *replicaSet) startNATS(t *testing.T) { rs.nats = startNATS(t, rs.natsOpts) }

// startNATS runs an embedded NATS server until the test ends.
func startNATS(t *testing.T, opts natsserver.Options) *natsserver.Server {
	t.Helper()
	ns, err := natsserver.NewServer(&opts)
	if err != nil {
		t.Fatal(err)
	}
	ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats not ready")
	}
	t.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
	return ns
}

// stop stops replica i as SIGTERM does; the proxy stops sending to it.
func (rs *replicaSet) stop(i int) {
	rs.up[i].Store(false)
	rs.stops[i]()
}

// twoReplicas runs what docs/scaling.md deploys, in this process: NATS
// with JetStream, two procscope replicas on it, and a reverse proxy in
// front that sends each new WebSocket to the next live replica in turn
// (pages to the first live one), as a load balancer without session
// affinity would.
func twoReplicas(t *testing.T) *replicaSet {
	t.Helper()
	opts := natsserver.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoLog: true, NoSigs: true}
	ns := startNATS(t, opts)
	opts.Port = ns.Addr().(*net.TCPAddr).Port
	rs := &replicaSet{nats: ns, natsOpts: opts}
	var backends [2]*url.URL
	for i := range rs.replicas {
		rl, err := natsrelay.Connect(ns.ClientURL(), natsrelay.Options{Replica: fmt.Sprintf("r%d", i), Memory: true})
		if err != nil {
			t.Fatal(err)
		}
		u, srv, stop, err := startServerWith(server.Config{Relay: rl, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		var once sync.Once
		rs.stops[i] = func() { once.Do(func() { stop(); _ = rl.Close() }) }
		t.Cleanup(rs.stops[i])
		rs.replicas[i] = srv
		rs.up[i].Store(true)
		backends[i], _ = url.Parse(u)
	}
	var next atomic.Uint64
	pick := func(turn bool) *url.URL {
		for range 2 {
			i := 0
			if turn {
				i = int((next.Add(1) - 1) % 2)
			} else if !rs.up[0].Load() {
				i = 1
			}
			if rs.up[i].Load() {
				return backends[i]
			}
		}
		return backends[0]
	}
	proxy := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(pick(r.In.URL.Path == "/ws"))
		r.Out.Host = r.In.Host // the socket's same-origin check sees the page's host
	}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: proxy, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(ctx)
	})
	rs.front = "http://" + ln.Addr().String()
	return rs
}

// relayMembers is a replica's count of sockets following rooms held on
// another replica.
func relayMembers(t *testing.T, srv *server.Server) string {
	t.Helper()
	rec := httptest.NewRecorder()
	srv.MetricsHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for line := range strings.Lines(rec.Body.String()) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "procscope_relay_members "); ok {
			return v
		}
	}
	return ""
}

// The teacher's tab reaches one replica and the student's the other,
// through one proxy: the class works as on a single server.
func TestAClassAcrossTwoReplicasBehindAProxy(t *testing.T) {
	if browserCtx == nil {
		t.Skip("no chromium installed")
	}
	rs := twoReplicas(t)
	front, replicas := rs.front, rs.replicas

	teacher := labTab(t, 1280, 800)
	open(t, teacher, front+"/?lang=en") // its socket: replica 0
	click(t, teacher, "#btn-teach")
	waitFor(t, teacher, "the room's code", `document.getElementById("room-code").textContent.length >= 4`)
	code := eval[string](t, teacher, `document.getElementById("room-code").textContent`)

	student := labTab(t, 390, 844)
	open(t, student, front+"/r/"+code+"?lang=ko") // its socket: replica 1
	waitFor(t, student, "the student following", `document.body.dataset.role === "follower"`)
	if got := relayMembers(t, replicas[1]); got != "1" {
		t.Fatalf("replica 1 has %q sockets following rooms elsewhere, want the student's 1", got)
	}
	waitFor(t, teacher, "the student in the roster", `document.querySelectorAll("#room-roster li[data-id]").length === 1`)

	act(t, teacher, 2, "fork")
	waitFor(t, student, "the student sees child 3", `!!document.querySelector('td[data-pid="3"][data-kind=text]')`)
	if got := eval[[]string](t, student, enabledCommands); len(got) != 0 {
		t.Errorf("the student has enabled commands: %v", got)
	}

	id := eval[string](t, teacher, `document.querySelector("#room-roster li[data-id]").dataset.id`)
	click(t, teacher, fmt.Sprintf(`#room-roster li[data-id=%q] button`, id))
	waitFor(t, student, "the student in control", `document.body.dataset.role === "controller" && !!document.getElementById("act-fork") && !document.getElementById("act-fork").disabled`)
	act(t, student, 2, "fork")
	waitFor(t, teacher, "the teacher sees the student's child 4", `!!document.querySelector('td[data-pid="4"][data-kind=text]')`)

	click(t, teacher, "#btn-takeback")
	waitFor(t, student, "the student read-only again", `document.body.dataset.role === "follower" && !document.getElementById("act-fork")`)

	click(t, teacher, "#btn-close-room")
	waitFor(t, student, "the student solo", `document.body.dataset.role === "solo" && !document.getElementById("class-note").hidden`)
	waitFor(t, student, "the student's own fork button", `!!document.getElementById("act-fork") && !document.getElementById("act-fork").disabled`)
	act(t, student, 2, "fork")
	waitFor(t, student, "the student's own child 5", `!!document.querySelector('th[data-pid=\"5\"]')`)
	if eval[bool](t, teacher, `!!document.querySelector('th[data-pid=\"5\"]')`) {
		t.Error("the teacher sees the student's solo fork after the class ended")
	}
	for _, s := range []context.Context{teacher, student} {
		noCSPViolations(t, s)
	}
}

// classOnTwoReplicas opens a class: the teacher's tab (English, laptop)
// on replica 0 and a student's (in lang, phone) on replica 1.
func classOnTwoReplicas(t *testing.T, lang string) (rs *replicaSet, teacher, student context.Context, code string) {
	t.Helper()
	rs = twoReplicas(t)
	teacher = labTab(t, 1280, 800)
	open(t, teacher, rs.front+"/?lang=en") // replica 0
	click(t, teacher, "#btn-teach")
	waitFor(t, teacher, "the room's code", `document.getElementById("room-code").textContent.length >= 4`)
	code = eval[string](t, teacher, `document.getElementById("room-code").textContent`)
	student = labTab(t, 390, 844)
	open(t, student, rs.front+"/r/"+code+"?lang="+lang) // replica 1
	waitFor(t, student, "the student following", `document.body.dataset.role === "follower"`)
	t.Cleanup(func() {
		if t.Failed() { // the teacher's page is in the failure; the student's too
			t.Logf("the student's page: %s", pageState(student))
		}
	})
	return rs, teacher, student, code
}

// The teacher's replica restarts mid-class: the student on the other one
// is told, the teacher's page reconnects (to the surviving replica) and
// the class goes on where it was, the student still following.
func TestAClassSurvivesItsReplicasRestart(t *testing.T) {
	if browserCtx == nil {
		t.Skip("no chromium installed")
	}
	rs, teacher, student, code := classOnTwoReplicas(t, "en")
	act(t, teacher, 2, "fork")
	waitFor(t, student, "the student sees child 3", `!!document.querySelector('td[data-pid="3"][data-kind=text]')`)
	time.Sleep(time.Second) // the room's record is saved within 0.5 s

	// The teacher's page keeps drawing the room while it reconnects: take
	// the roster off it, so only a new room message can draw it again.
	eval[bool](t, teacher, `(document.querySelectorAll("#room-roster li[data-id]").forEach(e => e.remove()), true)`)
	rs.stop(0)
	waitFor(t, student, "the student told the room's server stopped", `!document.getElementById("error-line").hidden && /stopped/.test(document.getElementById("error-line").textContent)`)
	waitFor(t, teacher, "the teacher back in its room on replica 1", fmt.Sprintf(`document.body.dataset.role === "teacher" && document.getElementById("room-code").textContent === %q && !!document.querySelector('th[data-pid=\"3\"]')`, code))
	waitFor(t, teacher, "the student in the roster again", `document.querySelectorAll("#room-roster li[data-id]").length === 1`)
	act(t, teacher, 2, "fork")
	waitFor(t, student, "the student sees child 4 from the room's new replica", `document.body.dataset.role === "follower" && !!document.querySelector('td[data-pid="4"][data-kind=text]')`)
}

// NATS restarts mid-class: the student's page (on the replica that does
// not hold the room) says at once, in its language, that the classroom
// is reconnecting, and keeps saying it; once NATS is back the notice
// goes, and the student's lab has caught up with what the teacher did
// meanwhile and follows again.
func TestAClassSurvivesANATSRestart(t *testing.T) {
	if browserCtx == nil {
		t.Skip("no chromium installed")
	}
	rs, teacher, student, _ := classOnTwoReplicas(t, "ko")

	rs.stopNATS()
	waitFor(t, student, "the student told the classroom is reconnecting", `!document.getElementById("error-line").hidden && /다시 연결하는 중/.test(document.getElementById("error-line").textContent) && document.querySelector("[data-testid=conn]").dataset.state === "reconnecting"`)
	viewportShot(t, student, "class-reconnecting-phone-ko", false)
	act(t, teacher, 2, "fork") // the room goes on on its replica
	waitFor(t, teacher, "the teacher's child 3", `!!document.querySelector('td[data-pid="3"][data-kind=text]')`)
	time.Sleep(2 * time.Second)
	if eval[bool](t, student, `document.getElementById("error-line").hidden`) {
		t.Error("the reconnecting notice went away while NATS was down")
	}
	rs.startNATS(t)
	waitFor(t, student, "the student caught up: child 3, the notice gone", `!!document.querySelector('td[data-pid="3"][data-kind=text]') && document.getElementById("error-line").hidden && document.querySelector("[data-testid=conn]").dataset.state === "live" && document.body.dataset.role === "follower"`)
	act(t, teacher, 2, "fork")
	waitFor(t, student, "the student follows again: child 4", `!!document.querySelector('td[data-pid="4"][data-kind=text]')`)
	noCSPViolations(t, student)
}

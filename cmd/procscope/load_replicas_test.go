package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"

	"procscope/server"
	"procscope/server/natsrelay"
)

// Two replicas on one NATS: the fleet's teacher reaches the first, its
// followers alternate, and the report gives each replica's fan-out and
// the relay's frames and latency from its /metrics.
func TestLoadSpreadsAClassOverReplicas(t *testing.T) {
	ns, err := natsserver.NewServer(&natsserver.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoLog: true, NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	ns.Start()
	defer func() { ns.Shutdown(); ns.WaitForShutdown() }()
	if !ns.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats not ready")
	}
	var urls, metrics []string
	for i := range 2 {
		rl, err := natsrelay.Connect(ns.ClientURL(), natsrelay.Options{Replica: fmt.Sprint("r", i), Memory: true})
		if err != nil {
			t.Fatal(err)
		}
		defer rl.Close()
		srv, err := server.New(server.Config{Relay: rl, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		ts, ms := httptest.NewServer(srv), httptest.NewServer(srv.MetricsHandler())
		defer ts.Close()
		defer ms.Close()
		defer srv.CloseSockets()
		urls = append(urls, "ws"+strings.TrimPrefix(ts.URL, "http")+"/ws")
		metrics = append(metrics, ms.URL+"/metrics")
	}
	o, err := parseLoadArgs([]string{"-url", strings.Join(urls, ","), "-replica-metrics", strings.Join(metrics, ","),
		"-sessions", "0", "-rate", "10", "-rooms", "1", "-followers", "6", "-sources", "2", "-duration", "2s"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	r, err := runLoad(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if r.Opened != 7 || len(r.Drops) != 0 || len(r.Errors) != 0 {
		t.Fatalf("opened %d of 7, drops %v, errors %v", r.Opened, r.Drops, r.Errors)
	}
	for i, lat := range r.Replicas.Fanout {
		if len(lat) < 3 {
			t.Errorf("replica %d: %d fan-out samples for its 3 followers", i, len(lat))
		}
	}
	// How many steps the teacher makes in 2 s depends on how busy the
	// machine is (4 of 20 under -race on a loaded one): what is checked is
	// that frames crossed, were counted on both sides and were timed.
	b, a := r.Replicas.Before[1], r.Replicas.After[1]
	if a.Received-b.Received < 1 || a.Relay.minus(b.Relay).String() == "no samples" {
		t.Errorf("the followers' replica received %v relayed frames, latency %s", a.Received-b.Received, a.Relay.minus(b.Relay))
	}
	if pub := r.Replicas.After[0].Published - r.Replicas.Before[0].Published; pub < 1 {
		t.Errorf("the teacher's replica published %v frames", pub)
	}
	var out bytes.Buffer
	r.print(&out, o)
	for _, want := range []string{"replica 0", "replica 1", "publication→arrival n="} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRelayHistogramQuantiles(t *testing.T) {
	page := `# HELP x
procscope_relay_latency_seconds_bucket{le="0.001"} 50
procscope_relay_latency_seconds_bucket{le="0.01"} 98
procscope_relay_latency_seconds_bucket{le="0.1"} 100
procscope_relay_latency_seconds_bucket{le="+Inf"} 100
procscope_relay_frames_received_total 100
procscope_relay_frames_published_total 7
`
	h, recv, pub := parseRelay(strings.NewReader(page))
	if recv != 100 || pub != 7 {
		t.Errorf("received %v published %v", recv, pub)
	}
	for q, want := range map[float64]float64{.5: .001, .98: .01, .99: .1} {
		if got, ok := h.quantile(q); !ok || got != want {
			t.Errorf("quantile %v = %v, want ≤ %v", q, got, want)
		}
	}
	if _, ok := h.minus(h).quantile(.5); ok {
		t.Error("an empty difference has a quantile")
	}
	if s := h.String(); !strings.Contains(s, "p99 ≤ 100ms") {
		t.Errorf("%s", s)
	}
}

func TestLoadReplicaFlagsMatchTheURLs(t *testing.T) {
	two := "ws://127.0.0.1:1/ws,ws://127.0.0.1:2/ws"
	for _, args := range [][]string{
		{"-url", two, "-replica-pids", "1"},
		{"-url", two, "-replica-metrics", "http://127.0.0.1:9/metrics"},
		{"-url", "ws://127.0.0.1:1/ws,ws://example.com/ws"},
		{"-url", two, "-replica-pids", "1,x"},
	} {
		if _, err := parseLoadArgs(args, &bytes.Buffer{}); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
	if o, err := parseLoadArgs([]string{"-url", two, "-replica-pids", "10,11"}, &bytes.Buffer{}); err != nil || o.replicaOf(3) != 1 {
		t.Errorf("%v, replica of client 3: %d", err, o.replicaOf(3))
	}
}

package natsrelay

import (
	"context"
	"encoding/json"
	"flag"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"procscope/server"
)

var benchFollowers = flag.Int("followers", 200, "followers in BenchmarkRelayFanout, half on each replica")

// BenchmarkRelayFanout is a lecture hall on two replicas: a teacher on A,
// followers split between A (local) and B (through NATS). Each iteration
// is one step by the teacher; it ends when every follower has the frame.
// It reports the latency from the teacher's command to each follower's
// frame, p50 and p99, separately for followers on A and on B:
//
//	go test ./server/natsrelay -run '^$' -bench RelayFanout -benchtime 200x -followers 1000
func BenchmarkRelayFanout(b *testing.B) {
	ns := startNATS(b)
	limits := server.Limits{MaxFollowers: 10_000, MaxConnsPerAddr: 10_000, CommandsPerSecond: 10_000, CommandBurst: 10_000}
	var ts [2]*httptest.Server
	for i, name := range []string{"a", "b"} {
		opt := testOptions
		opt.Replica = name
		rl, err := Connect(ns.ClientURL(), opt)
		if err != nil {
			b.Fatal(err)
		}
		srv, err := server.New(server.Config{Relay: rl, Limits: limits, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			b.Fatal(err)
		}
		ts[i] = httptest.NewServer(srv)
		b.Cleanup(func() { ts[i].CloseClientConnections(); srv.CloseSockets(); ts[i].Close(); _ = rl.Close() })
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	teacher := benchDial(b, ctx, ts[0].URL)
	benchSend(b, ctx, teacher, map[string]any{"op": "hello", "protocol": server.ProtocolVersion})
	benchSend(b, ctx, teacher, map[string]any{"op": "room"})
	var code string
	for code == "" {
		m := benchRead(b, ctx, teacher)
		if m["type"] == "room" {
			code, _ = m["code"].(string)
		}
	}
	// Each follower reports the arrival of every frame by its seq.
	type arrival struct {
		seq    uint64
		remote bool
		at     time.Time
	}
	arrivals := make(chan arrival, 4*(*benchFollowers))
	var wg sync.WaitGroup
	for i := range *benchFollowers {
		remote := i%2 == 1
		ws := benchDial(b, ctx, ts[i%2].URL)
		benchSend(b, ctx, ws, map[string]any{"op": "hello", "protocol": server.ProtocolVersion, "room": code})
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				_, msg, err := ws.Read(ctx)
				if err != nil {
					return
				}
				if seq, ok := frameSeq(msg); ok {
					arrivals <- arrival{seq, remote, time.Now()}
				}
			}
		}()
	}
	// Drain the teacher's socket: the roster and its own frames.
	teacherFrames := make(chan uint64, 1024)
	go func() {
		for {
			_, msg, err := teacher.Read(ctx)
			if err != nil {
				return
			}
			var f struct {
				Type string
				Seq  uint64
			}
			if json.Unmarshal(msg, &f) == nil && f.Type == "frame" {
				teacherFrames <- f.Seq
			}
		}
	}()
	// Wait until every follower has its first full frame.
	for seen := 0; seen < *benchFollowers; seen++ {
		select {
		case <-arrivals:
		case <-time.After(2 * time.Minute):
			b.Fatalf("only %d of %d followers joined", seen, *benchFollowers)
		}
	}
	var local, remote []time.Duration
	b.ResetTimer()
	for range b.N {
		sent := time.Now()
		benchSend(b, ctx, teacher, map[string]any{"op": "step", "n": 1})
		seq := <-teacherFrames
		for got := 0; got < *benchFollowers; {
			select {
			case a := <-arrivals:
				if a.seq != seq {
					continue
				}
				got++
				if a.remote {
					remote = append(remote, a.at.Sub(sent))
				} else {
					local = append(local, a.at.Sub(sent))
				}
			case <-time.After(10 * time.Second):
				b.Fatalf("frame %d reached %d of %d followers", seq, got, *benchFollowers)
			}
		}
	}
	b.StopTimer()
	report := func(name string, ds []time.Duration) {
		if len(ds) == 0 {
			return
		}
		slices.Sort(ds)
		b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, name+"-p50-ms")
		b.ReportMetric(float64(ds[len(ds)*99/100].Microseconds())/1000, name+"-p99-ms")
	}
	report("local", local)
	report("relayed", remote)
	cancel()
	teacher.CloseNow()
	wg.Wait()
}

// frameSeq reads a frame's seq from its head without decoding the
// fragments, so the followers' own cost stays out of the measurement.
func frameSeq(msg []byte) (uint64, bool) {
	rest, ok := strings.CutPrefix(string(msg[:min(len(msg), 64)]), `{"type":"frame","seq":`)
	if !ok {
		return 0, false
	}
	end := strings.IndexByte(rest, ',')
	if end < 0 {
		return 0, false
	}
	n, err := strconv.ParseUint(rest[:end], 10, 64)
	return n, err == nil
}

func benchDial(b *testing.B, ctx context.Context, url string) *websocket.Conn {
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+"/ws", nil)
	if err != nil {
		b.Fatal(err)
	}
	ws.SetReadLimit(8 << 20)
	return ws
}

func benchSend(b *testing.B, ctx context.Context, ws *websocket.Conn, v map[string]any) {
	msg, _ := json.Marshal(v)
	if err := ws.Write(ctx, websocket.MessageText, msg); err != nil {
		b.Fatal(err)
	}
}

func benchRead(b *testing.B, ctx context.Context, ws *websocket.Conn) map[string]any {
	_, msg, err := ws.Read(ctx)
	if err != nil {
		b.Fatal(err)
	}
	var m map[string]any
	_ = json.Unmarshal(msg, &m)
	return m
}

package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Several replicas of one deployment (-nats, docs/scaling.md): -url takes
// their sockets separated by commas, and the fleet spreads over them as a
// load balancer without affinity would: client i of each group (teachers,
// then followers) dials replica i mod N, so a room's teacher is on the
// first and its followers alternate over all of them. The report then
// gives each replica's fan-out (teacher's command → follower's frame),
// and, with -replica-pids and -replica-metrics, its CPU, RSS and the
// relay's own latency (publication on the room's replica → arrival).

// urls are the sockets of -url: one server, or the replicas of one.
func (o loadOptions) urls() []string { return strings.Split(o.URL, ",") }

// replicaOf is the replica client i of a group dials.
func (o loadOptions) replicaOf(i int) int { return i % len(o.urls()) }

// replicaFlags are the flags that describe the replicas' processes.
func replicaFlags(fs *flag.FlagSet, o *loadOptions) {
	fs.Func("replica-pids", "with several -url: the replicas' pids, comma-separated in the same order (CPU, RSS per replica)", func(s string) error {
		for f := range strings.SplitSeq(s, ",") {
			pid, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || pid <= 0 {
				return fmt.Errorf("pid %q", f)
			}
			o.ReplicaPIDs = append(o.ReplicaPIDs, pid)
		}
		return nil
	})
	fs.Func("replica-metrics", "with several -url: the replicas' /metrics URLs, comma-separated in the same order (relay latency)", func(s string) error {
		o.ReplicaMetrics = strings.Split(s, ",")
		return nil
	})
}

// checkReplicas checks the replica flags against -url.
func (o loadOptions) checkReplicas() error {
	n := len(o.urls())
	if len(o.ReplicaPIDs) > 0 && len(o.ReplicaPIDs) != n {
		return fmt.Errorf("-replica-pids: %d pids for %d -url sockets", len(o.ReplicaPIDs), n)
	}
	if len(o.ReplicaMetrics) > 0 && len(o.ReplicaMetrics) != n {
		return fmt.Errorf("-replica-metrics: %d URLs for %d -url sockets", len(o.ReplicaMetrics), n)
	}
	return nil
}

// replicaSample is one replica as its process and /metrics show it.
type replicaSample struct {
	RSS       int64         // bytes, -1 if unknown
	CPU       time.Duration // user+system so far
	Relay     histogram     // procscope_relay_latency_seconds
	Received  float64       // procscope_relay_frames_received_total
	Published float64       // procscope_relay_frames_published_total
}

// replicaReport is what each replica did in the measured phase.
type replicaReport struct {
	Fanout        [][]time.Duration // by replica: the followers on it
	Before, After []replicaSample
}

func sampleReplicas(ctx context.Context, o loadOptions) []replicaSample {
	out := make([]replicaSample, len(o.urls()))
	for i := range out {
		s := replicaSample{RSS: -1}
		if i < len(o.ReplicaPIDs) {
			s.RSS, s.CPU = procRSS(o.ReplicaPIDs[i]), serverCPU(o.ReplicaPIDs[i])
		}
		if i < len(o.ReplicaMetrics) {
			s.Relay, s.Received, s.Published = scrapeRelay(ctx, o.ReplicaMetrics[i])
		}
		out[i] = s
	}
	return out
}

func (r *replicaReport) print(w io.Writer, o loadOptions, elapsed time.Duration) {
	for i, u := range o.urls() {
		fmt.Fprintf(w, "replica %d     %s\n", i, u)
		fmt.Fprintf(w, "  fan-out     %s\n", percentiles(r.Fanout[i]))
		b, a := r.Before[i], r.After[i]
		if i < len(o.ReplicaPIDs) {
			cpu := a.CPU - b.CPU
			fmt.Fprintf(w, "  process     RSS %d MiB (all open) → %d MiB (end), CPU %.2f s (%.0f%% of one core)\n",
				b.RSS>>20, a.RSS>>20, cpu.Seconds(), 100*cpu.Seconds()/elapsed.Seconds())
		}
		if i < len(o.ReplicaMetrics) {
			d := a.Relay.minus(b.Relay)
			fmt.Fprintf(w, "  relay       %.0f frames published, %.0f received (%.0f/s); publication→arrival %s\n",
				a.Published-b.Published, a.Received-b.Received, (a.Received-b.Received)/elapsed.Seconds(), d)
		}
	}
}

// histogram is a Prometheus histogram's cumulative buckets.
type histogram struct {
	le    []float64 // upper bounds, ascending, +Inf last
	count []float64 // observations ≤ le
}

func (h histogram) minus(o histogram) histogram {
	d := histogram{le: h.le, count: slices.Clone(h.count)}
	for i := range d.count {
		if i < len(o.count) {
			d.count[i] -= o.count[i]
		}
	}
	return d
}

// quantile is the upper bound of the bucket holding quantile q: the
// histogram knows no finer.
func (h histogram) quantile(q float64) (float64, bool) {
	if len(h.count) == 0 || h.count[len(h.count)-1] == 0 {
		return 0, false
	}
	want := q * h.count[len(h.count)-1]
	for i, c := range h.count {
		if c >= want {
			return h.le[i], true
		}
	}
	return h.le[len(h.le)-1], true
}

func (h histogram) String() string {
	if len(h.count) == 0 || h.count[len(h.count)-1] == 0 {
		return "no samples"
	}
	p := func(q float64) string {
		v, _ := h.quantile(q)
		if v > 1e9 {
			return "> last bucket"
		}
		return "≤ " + time.Duration(v*float64(time.Second)).String()
	}
	return fmt.Sprintf("n=%.0f p50 %s, p99 %s", h.count[len(h.count)-1], p(.5), p(.99))
}

// scrapeRelay reads the relay's latency histogram and frame counters from
// a replica's /metrics.
func scrapeRelay(ctx context.Context, url string) (h histogram, received, published float64) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return
	}
	return parseRelay(resp.Body)
}

func parseRelay(r io.Reader) (h histogram, received, published float64) {
	const bucket = `procscope_relay_latency_seconds_bucket{le="`
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		name, val, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(val, 64)
		if err != nil {
			continue
		}
		switch {
		case name == "procscope_relay_frames_received_total":
			received = v
		case name == "procscope_relay_frames_published_total":
			published = v
		case strings.HasPrefix(name, bucket):
			le, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimPrefix(name, bucket), `"}`), 64)
			if err != nil {
				continue // ParseFloat reads "+Inf" too
			}
			h.le, h.count = append(h.le, le), append(h.count, v)
		}
	}
	return
}

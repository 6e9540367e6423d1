package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// loadReport is what one run of `procscope load` measured.
type loadReport struct {
	Clients, Opened, Failed int
	Ramp, Elapsed           time.Duration
	Latency, Fanout         []time.Duration
	Frames, Bytes           int64
	Drops, Errors           map[string]int
	Abrupt                  int
	HostileConns            int           // connections the hostile clients made
	CPU                     time.Duration // the server's CPU time in the measured phase
	// Before (the start), AfterAbrupt (after the abrupt disconnects),
	// Ready (every socket open), After (the end of the measured phase).
	Before, AfterAbrupt, Ready, After serverSample
	Replicas                          *replicaReport // with several -url
}

// serverSample is the server's process as /proc and /metrics show it;
// -1 where unknown.
type serverSample struct {
	RSS        int64 // bytes
	FDs        int
	Goroutines int
}

func (r *loadReport) print(w io.Writer, o loadOptions) {
	fmt.Fprintf(w, "clients       %d opened of %d (%d failed) in %v; %d stepping at %g/s, %d playing at %d/s, %d idle, %d rooms × %d followers\n",
		r.Opened, r.Clients, r.Failed, r.Ramp.Round(time.Millisecond), o.Sessions, o.Rate, o.Playing, o.Speed, o.Idle, o.Rooms, o.Followers)
	secs := r.Elapsed.Seconds()
	fmt.Fprintf(w, "measured      %v\n", r.Elapsed.Round(time.Millisecond))
	fmt.Fprintf(w, "command→frame %s\n", percentiles(r.Latency))
	if o.Rooms > 0 {
		fmt.Fprintf(w, "fan-out       %s\n", percentiles(r.Fanout))
	}
	perFrame := 0.0
	if r.Frames > 0 {
		perFrame = float64(r.Bytes) / float64(r.Frames)
	}
	fmt.Fprintf(w, "frames        %d received, %.0f/s, %.0f bytes per frame, %.1f MB/s\n", r.Frames, float64(r.Frames)/secs, perFrame, float64(r.Bytes)/secs/1e6)
	fmt.Fprintf(w, "drops         %s\n", counts(r.Drops))
	fmt.Fprintf(w, "errors        %s\n", counts(r.Errors))
	if o.PID > 0 && r.Frames > 0 {
		fmt.Fprintf(w, "server CPU    %.2f s (%.0f%% of one core), %.3f ms per frame received\n",
			r.CPU.Seconds(), 100*r.CPU.Seconds()/secs, r.CPU.Seconds()*1000/float64(r.Frames))
	}
	if o.Hostile > 0 {
		fmt.Fprintf(w, "hostile       %d clients connected %d times (replay, flood, stalled reads)\n", o.Hostile, r.HostileConns)
	}
	if o.Abrupt > 0 {
		fmt.Fprintf(w, "abrupt        %d sockets dropped without a close frame: before %s, 2 s after %s\n", r.Abrupt, r.Before, r.AfterAbrupt)
	}
	if o.PID > 0 || o.Metrics != "" {
		fmt.Fprintf(w, "server        start %s; all open %s; end %s\n", r.Before, r.Ready, r.After)
	}
	if r.Replicas != nil {
		r.Replicas.print(w, o, r.Elapsed)
	}
}

func (s serverSample) String() string {
	f := func(n int64, unit string) string {
		if n < 0 {
			return "?"
		}
		return strconv.FormatInt(n, 10) + unit
	}
	return fmt.Sprintf("RSS %s, %s fds, %s goroutines", f(s.RSS>>20, " MiB"), f(int64(s.FDs), ""), f(int64(s.Goroutines), ""))
}

// percentiles summarizes latencies: count, p50, p95, p99 and max.
func percentiles(d []time.Duration) string {
	if len(d) == 0 {
		return "no samples"
	}
	s := slices.Clone(d)
	slices.Sort(s)
	p := func(q float64) time.Duration {
		return s[min(len(s)-1, int(q*float64(len(s))))].Round(10 * time.Microsecond)
	}
	return fmt.Sprintf("n=%d p50=%v p95=%v p99=%v max=%v", len(s), p(.50), p(.95), p(.99), s[len(s)-1].Round(10*time.Microsecond))
}

func counts(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s=%d", k, m[k]))
	}
	return strings.Join(parts, " ")
}

// sampleServer reads the server's RSS and descriptors from /proc (with
// -pid) and its goroutines from /metrics (with -metrics).
func sampleServer(ctx context.Context, o loadOptions) serverSample {
	s := serverSample{RSS: -1, FDs: -1, Goroutines: -1}
	if o.PID > 0 {
		s.RSS = procRSS(o.PID)
		if ents, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", o.PID)); err == nil {
			s.FDs = len(ents)
		}
	}
	if o.Metrics != "" {
		s.Goroutines = int(scrapeGauge(ctx, o.Metrics, "go_goroutines"))
	}
	return s
}

// procRSS is VmRSS of a process in bytes, -1 if unknown.
func procRSS(pid int) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return -1
}

// serverCPU is the process's user+system CPU time so far (0 if unknown).
func serverCPU(pid int) time.Duration {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the command name (which may hold spaces) in ")": state
	// is field 3, utime 14, stime 15 (clock ticks of 1/100 s on Linux).
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * 10 * time.Millisecond
}

// scrapeGauge reads one unlabelled metric from a Prometheus text page; -1
// if it is not there.
func scrapeGauge(ctx context.Context, url, name string) float64 {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return -1
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
			if err == nil {
				return v
			}
		}
	}
	return -1
}

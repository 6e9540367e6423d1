package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"time"
)

// loadOptions are the flags of `procscope load`: a fleet of WebSocket
// clients on loopback that measures a running server (docs/performance.md).
type loadOptions struct {
	URL       string        // the server's socket, ws://127.0.0.1:8080/ws
	Sessions  int           // solo labs that step
	Rate      float64       // steps per second of each stepping session
	Playing   int           // solo labs that play
	Speed     int           // their speed (instructions per second)
	Idle      int           // labs that say hello and then only listen
	Rooms     int           // rooms: a teacher that steps at Rate
	Followers int           // followers of each room
	Abrupt    int           // sockets that say hello and drop without a close frame
	Hostile   int           // clients that replay, flood and stall (load_hostile.go)
	Sources   int           // loopback source addresses 127.0.0.1…N
	Duration  time.Duration // how long the measured phase lasts
	Ramp      time.Duration // how long opening the sockets may take
	Format    string        // html (the page's) or json
	PID       int           // the server's process, for RSS, CPU and descriptors from /proc
	Metrics   string        // the server's /metrics, for goroutines
	Program   string        // "spin" (never idles) or "" (the default lab)

	ReplicaPIDs    []int    // with several -url: each replica's pid (load_replicas.go)
	ReplicaMetrics []string // and its /metrics
}

// Bounds keep the tool from becoming a weapon by a typo.
const (
	maxLoadClients  = 20000
	maxLoadDuration = 10 * time.Minute
)

func parseLoadArgs(args []string, stderr io.Writer) (loadOptions, error) {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o loadOptions
	fs.StringVar(&o.URL, "url", "ws://127.0.0.1:8080/ws", "the server's WebSocket (loopback only); several, comma-separated, spread the fleet over replicas")
	fs.IntVar(&o.Sessions, "sessions", 100, "solo labs that step")
	fs.Float64Var(&o.Rate, "rate", 10, "steps per second of each stepping session and each room's teacher")
	fs.IntVar(&o.Playing, "playing", 0, "solo labs that play")
	fs.IntVar(&o.Speed, "speed", 10, "speed of the playing labs (instructions per second)")
	fs.IntVar(&o.Idle, "idle", 0, "labs that say hello and then only listen")
	fs.IntVar(&o.Rooms, "rooms", 0, "rooms, each with a teacher stepping at -rate")
	fs.IntVar(&o.Followers, "followers", 0, "followers per room")
	fs.IntVar(&o.Abrupt, "abrupt", 0, "sockets that say hello and then drop without a close frame (before the measured phase)")
	fs.IntVar(&o.Hostile, "hostile", 0, "hostile clients from 127.0.0.250 during the measured phase: the costliest restore, a flood of the longest steps, never reading")
	fs.IntVar(&o.Sources, "sources", 16, "loopback source addresses 127.0.0.1…N, so per-address limits are not what is measured")
	fs.DurationVar(&o.Duration, "duration", 20*time.Second, "length of the measured phase")
	fs.DurationVar(&o.Ramp, "ramp", 60*time.Second, "time allowed for opening the sockets")
	fs.StringVar(&o.Format, "format", "html", "frames as the page gets them (html) or as a script does (json)")
	fs.IntVar(&o.PID, "pid", 0, "the server's pid: RSS, CPU time and descriptors from /proc")
	fs.StringVar(&o.Metrics, "metrics", "", "the server's /metrics URL: goroutines")
	fs.StringVar(&o.Program, "program", "spin", `"spin" loads a program that never idles; "" keeps the default lab`)
	replicaFlags(fs, &o)
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	return o, o.check()
}

func (o loadOptions) check() error {
	errs := []error{o.checkReplicas()}
	for _, s := range o.urls() {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "ws" && u.Scheme != "wss") {
			errs = append(errs, fmt.Errorf("-url %q: want ws://127.0.0.1:PORT/ws", s))
		} else if h := u.Hostname(); h != "127.0.0.1" && h != "localhost" && h != "::1" {
			errs = append(errs, fmt.Errorf("-url %q: the load tool only targets loopback", s))
		}
	}
	total := o.Sessions + o.Playing + o.Idle + o.Rooms*(1+o.Followers) + o.Abrupt + o.Hostile
	if total < 1 || total > maxLoadClients || min(o.Sessions, o.Playing, o.Idle, o.Rooms, o.Followers, o.Abrupt, o.Hostile) < 0 {
		errs = append(errs, fmt.Errorf("%d clients: want 1 to %d", total, maxLoadClients))
	}
	if o.Duration <= 0 || o.Duration > maxLoadDuration {
		errs = append(errs, fmt.Errorf("-duration %v: want up to %v", o.Duration, maxLoadDuration))
	}
	if o.Rate <= 0 || o.Rate > 100 {
		errs = append(errs, fmt.Errorf("-rate %v: want 0 < rate <= 100", o.Rate))
	}
	if o.Sources < 1 || o.Sources >= hostileSource {
		errs = append(errs, fmt.Errorf("-sources %d: want 1 to %d", o.Sources, hostileSource-1))
	}
	if o.Format != "html" && o.Format != "json" {
		errs = append(errs, fmt.Errorf("-format %q: want html or json", o.Format))
	}
	if o.Program != "spin" && o.Program != "" {
		errs = append(errs, fmt.Errorf(`-program %q: want spin or ""`, o.Program))
	}
	return errors.Join(errs...)
}

// load is `procscope load`.
func load(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseLoadArgs(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("load: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, o.Ramp+o.Duration+30*time.Second)
	defer cancel()
	r, err := runLoad(ctx, o)
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	r.print(stdout, o)
	return nil
}

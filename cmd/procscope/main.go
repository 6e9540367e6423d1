// Command procscope runs the procscope lab: by default a web server on
// :8080; "procscope healthcheck" asks a running server whether it is alive
// (for container health checks, where there is no curl).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"procscope/server"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		var st exitStatus
		if errors.As(err, &st) {
			os.Exit(int(st)) // trace FILE.c: the program's own status
		}
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "procscope:", err)
		}
		os.Exit(1)
	}
}

// run is the whole program, callable from tests: it parses args, then serves
// until ctx ends or runs a subcommand.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "healthcheck" {
		return healthcheck(ctx, args[1:], getenv)
	}
	if len(args) > 0 && args[0] == "trace" {
		return trace(ctx, args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "load" {
		return load(ctx, args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "verify" {
		return verify(args[1:], getenv, stdout, stderr)
	}
	st, err := parseConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	st.cfg.Logger = st.logger(stderr)
	if err := st.lessonSetup(); err != nil {
		return err
	}
	return serve(ctx, st, stdout)
}

// settings are the flags, each with a PROCSCOPE_* environment twin; a
// flag given on the command line beats the environment.
type settings struct {
	cfg          server.Config
	logFormat    string
	logLevel     slog.Level
	shutdownWait time.Duration
	natsURL      string // rooms across replicas (relay.go)
	metricsAddr  string
	lessonKey    string // -lesson-key (lessons.go)
	lessonsDir   string // -lessons
}

func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (settings, error) {
	fs := flag.NewFlagSet("procscope", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var st settings
	c := &st.cfg
	l := &c.Limits
	d := server.DefaultLimits
	var origins, ancestors, proxies, level string
	var maxTicks int64
	e := envFlags{fs: fs, getenv: getenv}
	e.str(&c.Addr, "addr", "PROCSCOPE_ADDR", ":8080", "address to listen on")
	e.boolean(&c.Dev, "dev", "PROCSCOPE_DEV", "development mode: localhost may frame the embed route and open the socket")
	e.str(&origins, "origins", "PROCSCOPE_ORIGINS", "", "comma-separated extra origins allowed to open the WebSocket, e.g. lms.example.edu")
	e.str(&ancestors, "frame-ancestors", "PROCSCOPE_FRAME_ANCESTORS", "", "space- or comma-separated CSP sources allowed to frame /embed/v1/… (default 'self' plus any https origin)")
	e.str(&c.BasePath, "base-path", "PROCSCOPE_BASE_PATH", "", "sub-path the server is reached under behind a reverse proxy, e.g. /procscope")
	e.str(&proxies, "trusted-proxies", "PROCSCOPE_TRUSTED_PROXIES", "", "comma-separated addresses or CIDR prefixes whose X-Forwarded-Proto/For are believed")
	e.str(&st.metricsAddr, "metrics-addr", "PROCSCOPE_METRICS_ADDR", "", "address of a separate listener for /metrics, e.g. 127.0.0.1:9090 (off when empty; never on -addr)")
	e.duration(&c.RoomGrace, "room-grace", "PROCSCOPE_ROOM_GRACE", server.DefaultRoomGrace, "how long a room lives on after its teacher left without handing over control (with -nats: or after its replica stopped)")
	e.integer(&l.MaxSessionsPerAddr, "max-sessions-per-addr", "PROCSCOPE_MAX_SESSIONS_PER_ADDR", d.MaxSessionsPerAddr, "most sessions started from one client address; past it that address's oldest unwatched session is freed")
	e.str(&st.logFormat, "log-format", "PROCSCOPE_LOG_FORMAT", "text", "log format: text or json")
	e.str(&level, "log-level", "PROCSCOPE_LOG_LEVEL", "info", "log level: debug, info, warn or error")
	e.duration(&c.SessionIdle, "session-idle", "PROCSCOPE_SESSION_IDLE", server.DefaultSessionIdle, "how long a session without a connection is kept for a reconnect")
	e.duration(&st.shutdownWait, "shutdown-wait", "PROCSCOPE_SHUTDOWN_WAIT", 10*time.Second, "how long a graceful shutdown waits for sockets to close")
	e.integer(&l.MaxSessions, "max-sessions", "PROCSCOPE_MAX_SESSIONS", d.MaxSessions, "most sessions held at once")
	e.integer(&l.MaxRooms, "max-rooms", "PROCSCOPE_MAX_ROOMS", d.MaxRooms, "most classroom rooms open at once")
	e.integer(&l.MaxRoomsPerAddr, "max-rooms-per-addr", "PROCSCOPE_MAX_ROOMS_PER_ADDR", d.MaxRoomsPerAddr, "most rooms open at once whose teacher came from one address")
	e.integer(&l.MaxFollowers, "max-followers", "PROCSCOPE_MAX_FOLLOWERS", d.MaxFollowers, "most followers in one room")
	e.integer(&l.MaxConnsPerAddr, "max-conns-per-addr", "PROCSCOPE_MAX_CONNS_PER_ADDR", d.MaxConnsPerAddr, "most sockets from one client address (a lecture hall shares one)")
	e.integer(&l.CommandsPerSecond, "commands-per-second", "PROCSCOPE_COMMANDS_PER_SECOND", d.CommandsPerSecond, "sustained commands per second per connection")
	e.integer(&l.CommandBurst, "command-burst", "PROCSCOPE_COMMAND_BURST", d.CommandBurst, "commands one connection may send at once")
	e.int64(&l.MaxStepsPerCommand, "max-steps", "PROCSCOPE_MAX_STEPS", d.MaxStepsPerCommand, "most instructions one command may run")
	e.int64(&maxTicks, "max-ticks", "PROCSCOPE_MAX_TICKS", int64(d.MaxTicks), "most ticks one lab's history may hold (back and goto replay up to this many instructions)")
	e.str(&st.natsURL, "nats", "PROCSCOPE_NATS", "", "NATS URL (JetStream on) to run classrooms across replicas, e.g. nats://nats:4222; empty: rooms live in this process")
	e.integer(&l.FrameRate, "frame-rate", "PROCSCOPE_FRAME_RATE", d.FrameRate, "most frames per second a playing lab sends")
	st.lessonFlags(&e)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: procscope [flags]          run the lab (default)")
		fmt.Fprintln(stderr, "       procscope healthcheck      exit 0 if the server at -addr is alive")
		fmt.Fprintln(stderr, "       procscope trace …          run a program headless, like OSTEP's x86.py (procscope trace -h)")
		fmt.Fprintln(stderr, "       procscope load …           measure a running server with a fleet of loopback clients (procscope load -h)")
		fmt.Fprintln(stderr, "       procscope verify CODE      check a lesson's completion code (with the server's -lesson-key)")
		fmt.Fprintln(stderr, "Every flag can also be set by the environment variable named after it.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return st, err
	}
	if e.err != nil {
		return st, e.err
	}
	if fs.NArg() > 0 {
		return st, fmt.Errorf("unexpected argument %q (see procscope -h)", fs.Arg(0))
	}
	c.OriginPatterns = splitList(origins)
	c.FrameAncestors = splitList(ancestors)
	var errs []error
	if maxTicks < 0 {
		errs = append(errs, fmt.Errorf("max ticks %d: want a positive number", maxTicks))
	}
	l.MaxTicks = uint64(max(maxTicks, 0))
	var err error
	if c.TrustedProxies, err = server.ParseProxies(proxies); err != nil {
		errs = append(errs, err)
	}
	if st.logFormat != "text" && st.logFormat != "json" {
		errs = append(errs, fmt.Errorf("log format %q: want text or json", st.logFormat))
	}
	if err := st.logLevel.UnmarshalText([]byte(level)); err != nil {
		errs = append(errs, fmt.Errorf("log level %q: want debug, info, warn or error", level))
	}
	errs = append(errs, st.lessonCheck())
	errs = append(errs, c.Validate())
	return st, errors.Join(errs...)
}

// logger builds the structured logger the settings ask for.
func (st settings) logger(w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: st.logLevel}
	if st.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// serve listens first, so a busy port fails at once, then serves until ctx
// ends and shuts down gracefully.
func serve(ctx context.Context, st settings, stdout io.Writer) error {
	cfg := st.cfg
	closeRelay, err := st.relay(&cfg)
	if err != nil {
		return err
	}
	defer closeRelay()
	srv, err := server.New(cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s (is another procscope or program using it? try -addr :8081): %w", cfg.Addr, err)
	}
	fmt.Fprintf(stdout, "procscope is running at %s\n", displayURL(ln.Addr()))
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 2)
	go func() { errc <- hs.Serve(ln) }()
	if st.metricsAddr != "" {
		mln, err := net.Listen("tcp", st.metricsAddr)
		if err != nil {
			hs.Close()
			return fmt.Errorf("cannot listen for metrics on %s: %w", st.metricsAddr, err)
		}
		ms := &http.Server{Handler: srv.MetricsHandler(), ReadHeaderTimeout: 10 * time.Second}
		defer ms.Close()
		go func() { errc <- ms.Serve(mln) }()
		fmt.Fprintf(stdout, "metrics at %smetrics\n", displayURL(mln.Addr()))
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Stop accepting, tell every socket StatusGoingAway, wait a bounded
	// time. Sockets still open at the deadline are cut; that is still a
	// clean exit.
	shutdownCtx, cancel := context.WithTimeout(context.Background(), st.shutdownWait)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		cfg.Logger.Warn("http shutdown", "err", err)
	}
	if err := srv.Shutdown(shutdownCtx); err != nil {
		cfg.Logger.Warn("sockets still open at the shutdown deadline", "err", err)
	}
	fmt.Fprintln(stdout, "procscope stopped")
	return nil
}

// displayURL is the address a person can click: a wildcard listener is
// reached through localhost.
func displayURL(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return "http://" + a.String()
	}
	host := tcp.IP.String()
	if tcp.IP.IsUnspecified() {
		host = "localhost"
	}
	return fmt.Sprintf("http://%s/", net.JoinHostPort(host, fmt.Sprint(tcp.Port)))
}

// healthcheck asks the server at -addr for /healthz.
func healthcheck(ctx context.Context, args []string, getenv func(string) string) error {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	addr := fs.String("addr", envOr(getenv, "PROCSCOPE_ADDR", ":8080"), "address of the server")
	if err := fs.Parse(args); err != nil {
		return err
	}
	host, port, err := net.SplitHostPort(*addr)
	if err != nil {
		return fmt.Errorf("bad -addr %q: %w", *addr, err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/healthz", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: status %d", resp.StatusCode)
	}
	return nil
}

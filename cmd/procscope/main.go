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
	cfg, err := parseConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	return serve(ctx, cfg, stdout)
}

// options are the flags, each with a PROCSCOPE_* environment twin.
type options struct {
	server.Config
	origins string
}

func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (server.Config, error) {
	fs := flag.NewFlagSet("procscope", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.Addr, "addr", envOr(getenv, "PROCSCOPE_ADDR", ":8080"), "address to listen on (env PROCSCOPE_ADDR)")
	fs.BoolVar(&o.Dev, "dev", getenv("PROCSCOPE_DEV") == "1", "development mode (env PROCSCOPE_DEV=1)")
	fs.StringVar(&o.origins, "origins", getenv("PROCSCOPE_ORIGINS"), "comma-separated extra origins allowed to open the WebSocket, e.g. lms.example.edu (env PROCSCOPE_ORIGINS)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: procscope [flags]          run the lab (default)")
		fmt.Fprintln(stderr, "       procscope healthcheck      exit 0 if the server at -addr is alive")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return server.Config{}, err
	}
	if fs.NArg() > 0 {
		return server.Config{}, fmt.Errorf("unexpected argument %q (see procscope -h)", fs.Arg(0))
	}
	for _, o2 := range strings.Split(o.origins, ",") {
		if o2 = strings.TrimSpace(o2); o2 != "" {
			o.OriginPatterns = append(o.OriginPatterns, o2)
		}
	}
	return o.Config, nil
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// serve listens first, so a busy port fails at once, then serves until ctx
// ends and shuts down gracefully.
func serve(ctx context.Context, cfg server.Config, stdout io.Writer) error {
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
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = hs.Shutdown(shutdownCtx)
	srv.CloseSockets()
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
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

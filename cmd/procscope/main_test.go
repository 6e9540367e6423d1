package main

import (
	"bytes"
	"context"
	"flag"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

func noEnv(string) string { return "" }

// syncBuffer is a bytes.Buffer safe to read while run writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestBusyPortFailsAtOnceWithAClearMessage(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var out, errOut bytes.Buffer
	err = run(context.Background(), []string{"-addr", ln.Addr().String()}, noEnv, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "cannot listen on "+ln.Addr().String()) {
		t.Fatalf("err = %v, want a cannot-listen error naming the address", err)
	}
}

func TestServesUntilCancelledThenStopsCleanly(t *testing.T) {
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-addr", addr}, noEnv, &out, &out) }()
	waitFor(t, func() bool { return strings.Contains(out.String(), "running at") })
	if !strings.Contains(out.String(), "http://"+addr+"/") {
		t.Errorf("startup line %q does not give the URL", out.String())
	}
	if err := run(context.Background(), []string{"healthcheck", "-addr", addr}, noEnv, &out, &out); err != nil {
		t.Errorf("healthcheck of a running server: %v", err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run returned %v after cancel, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server did not stop")
	}
	if err := run(context.Background(), []string{"healthcheck", "-addr", addr}, noEnv, &out, &out); err == nil {
		t.Error("healthcheck of a stopped server succeeded")
	}
}

func TestAddrFromEnvironmentAndFlag(t *testing.T) {
	env := func(k string) string {
		return map[string]string{"PROCSCOPE_ADDR": ":9999", "PROCSCOPE_ORIGINS": "a.example, b.example"}[k]
	}
	st, err := parseConfig(nil, env, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := st.cfg
	if cfg.Addr != ":9999" || strings.Join(cfg.OriginPatterns, "|") != "a.example|b.example" {
		t.Errorf("from env: addr %q origins %q", cfg.Addr, cfg.OriginPatterns)
	}
	st, err = parseConfig([]string{"-addr", ":7000"}, env, &bytes.Buffer{})
	if err != nil || st.cfg.Addr != ":7000" {
		t.Errorf("flag should beat env: %q, %v", st.cfg.Addr, err)
	}
	if _, err := parseConfig([]string{"serve-please"}, noEnv, &bytes.Buffer{}); err == nil {
		t.Error("a stray argument was accepted")
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for range 500 {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("condition never became true")
}

func TestHelpListsEveryFlagWithItsEnvironmentVariable(t *testing.T) {
	var errOut bytes.Buffer
	_, err := parseConfig([]string{"-h"}, noEnv, &errOut)
	if err != flag.ErrHelp {
		t.Fatalf("err = %v, want flag.ErrHelp", err)
	}
	for _, want := range []string{
		"-addr", "PROCSCOPE_ADDR", "-dev", "PROCSCOPE_DEV", "-origins", "-frame-ancestors", "PROCSCOPE_FRAME_ANCESTORS",
		"-base-path", "PROCSCOPE_BASE_PATH", "-trusted-proxies", "PROCSCOPE_TRUSTED_PROXIES", "-log-format", "-log-level",
		"-session-idle", "PROCSCOPE_SESSION_IDLE", "-shutdown-wait", "-max-sessions", "-max-rooms", "-max-rooms-per-addr", "-max-followers",
		"-max-conns-per-addr", "-commands-per-second", "-command-burst", "-max-steps", "-frame-rate",
		"-max-ticks", "PROCSCOPE_MAX_TICKS",
	} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("-h lacks %s", want)
		}
	}
}

func TestSettingsFromEnvironment(t *testing.T) {
	env := map[string]string{
		"PROCSCOPE_DEV": "true", "PROCSCOPE_BASE_PATH": "/procscope", "PROCSCOPE_TRUSTED_PROXIES": "10.0.0.0/8",
		"PROCSCOPE_FRAME_ANCESTORS": "https://lms.example.edu https://canvas.example.edu",
		"PROCSCOPE_LOG_FORMAT":      "json", "PROCSCOPE_LOG_LEVEL": "debug", "PROCSCOPE_SESSION_IDLE": "30m",
		"PROCSCOPE_MAX_FOLLOWERS": "50", "PROCSCOPE_MAX_TICKS": "1000000",
	}
	st, err := parseConfig(nil, func(k string) string { return env[k] }, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	c := st.cfg
	if !c.Dev || c.BasePath != "/procscope" || len(c.TrustedProxies) != 1 || len(c.FrameAncestors) != 2 ||
		st.logFormat != "json" || st.logLevel != slog.LevelDebug || c.SessionIdle != 30*time.Minute || c.Limits.MaxFollowers != 50 ||
		c.Limits.MaxTicks != 1_000_000 {
		t.Errorf("settings = %+v", st)
	}
}

func TestBadSettingsAreAllReported(t *testing.T) {
	env := map[string]string{"PROCSCOPE_SESSION_IDLE": "soon", "PROCSCOPE_MAX_ROOMS": "many"}
	_, err := parseConfig([]string{"-log-format", "xml", "-trusted-proxies", "bogus", "-base-path", "x"}, func(k string) string { return env[k] }, &bytes.Buffer{})
	for _, want := range []string{"PROCSCOPE_SESSION_IDLE", "PROCSCOPE_MAX_ROOMS"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want it to name %s", err, want)
		}
	}
	_, err = parseConfig([]string{"-log-format", "xml", "-trusted-proxies", "bogus", "-base-path", "x"}, noEnv, &bytes.Buffer{})
	for _, want := range []string{"log format", "trusted proxy", "base path"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want it to mention %s", err, want)
		}
	}
}

// Every -frame-ancestors value the docs show is accepted, the documented
// default passed explicitly included (it used to abort startup).
func TestFrameAncestorsTheDocsShowAreAccepted(t *testing.T) {
	for _, v := range []string{
		"'self' https:",
		"https://moodle.example.edu https://canvas.example.edu",
		"https://moodle.example.edu,https://canvas.example.edu",
		"'self' https://*.instructure.com",
	} {
		st, err := parseConfig([]string{"-frame-ancestors", v}, noEnv, &bytes.Buffer{})
		if err == nil {
			err = st.cfg.Validate()
		}
		if err != nil {
			t.Errorf("-frame-ancestors %q: %v", v, err)
		}
		env := map[string]string{"PROCSCOPE_FRAME_ANCESTORS": v}
		if _, err := parseConfig(nil, func(k string) string { return env[k] }, &bytes.Buffer{}); err != nil {
			t.Errorf("PROCSCOPE_FRAME_ANCESTORS=%q: %v", v, err)
		}
	}
}

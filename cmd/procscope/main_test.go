package main

import (
	"bytes"
	"context"
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
	cfg, err := parseConfig(nil, env, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != ":9999" || strings.Join(cfg.OriginPatterns, "|") != "a.example|b.example" {
		t.Errorf("from env: addr %q origins %q", cfg.Addr, cfg.OriginPatterns)
	}
	cfg, err = parseConfig([]string{"-addr", ":7000"}, env, &bytes.Buffer{})
	if err != nil || cfg.Addr != ":7000" {
		t.Errorf("flag should beat env: %q, %v", cfg.Addr, err)
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

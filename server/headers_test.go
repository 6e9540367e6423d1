package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	// The doorbell's goroutine lives as long as the process (pace.go).
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("procscope/server.(*doorbell).loop"))
}

func TestEmbedRouteMayBeFramedByConfiguredAncestors(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"default: self and any https", Config{}, "frame-ancestors 'self' https:"},
		{"configured LMS", Config{FrameAncestors: []string{"https://lms.example.edu"}}, "frame-ancestors 'self' https://lms.example.edu"},
		{"dev adds localhost", Config{Dev: true}, "frame-ancestors 'self' https: http://localhost:* http://127.0.0.1:*"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, tc.cfg)
			resp, body := get(t, h.ts.URL+"/embed/v1/fork-cow?lang=ko")
			csp := resp.Header.Get("Content-Security-Policy")
			if resp.StatusCode != http.StatusOK || !strings.HasSuffix(csp, tc.want) {
				t.Errorf("embed: %d CSP %q, want it to end %q", resp.StatusCode, csp, tc.want)
			}
			if xfo := resp.Header.Get("X-Frame-Options"); xfo != "" {
				t.Errorf("embed sends X-Frame-Options %q", xfo)
			}
			if !strings.Contains(body, `lang="ko"`) {
				t.Errorf("embed page is not Korean")
			}
			resp, _ = get(t, h.ts.URL+"/")
			if csp := resp.Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, "frame-ancestors 'self'") {
				t.Errorf("lab page CSP %q, want frame-ancestors 'self'", csp)
			}
		})
	}
}

func TestPageParamsFallBackToDefaults(t *testing.T) {
	for _, tc := range []struct {
		name  string
		query string
		check func(PageParams) bool
	}{
		{"defaults", "", func(p PageParams) bool {
			return p.Lang == "en" && p.Speed == DefaultSpeed && p.Controls == "full" && p.Mode == "explore" && p.Seed == 1 && !p.Autoplay && p.Step == 0
		}},
		{"all valid", "lang=ko&step=12&autoplay=1&speed=100&controls=none&mode=present&theme=projector&motion=reduce&seed=9", func(p PageParams) bool {
			return p.Lang == "ko" && p.Step == 12 && p.Autoplay && p.Speed == 100 && p.Controls == "none" && p.Mode == "present" && p.Theme == "projector" && p.ReduceMotion && p.Seed == 9
		}},
		{"all bad", "lang=fr&step=-3&autoplay=yes&speed=7&controls=all&mode=root&theme=pink&motion=fast&seed=x", func(p PageParams) bool {
			return p.Lang == "en" && p.Step == 0 && !p.Autoplay && p.Speed == DefaultSpeed && p.Controls == "full" && p.Mode == "explore" && p.Theme == "" && !p.ReduceMotion && p.Seed == 1
		}},
		{"step past the limit", "step=99999999999", func(p PageParams) bool { return p.Step == 0 }},
		{"room code makes the page read-only", "room=k7p2-qxhm", func(p PageParams) bool { return p.Room == "K7P2QXHM" && p.Mode == "readonly" }},
		{"bad room code is ignored", "room=<script>", func(p PageParams) bool { return p.Room == "" }},
		{"bad lesson is ignored", "lesson=../../etc", func(p PageParams) bool { return p.Lesson == "" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, _ := url.ParseQuery(tc.query)
			if p := parsePageParams(q, "", DefaultLimits.MaxTicks); !tc.check(p) {
				t.Errorf("%+v", p)
			}
		})
	}
}

func TestPageStepFollowsTheConfiguredTickLimit(t *testing.T) {
	for _, tc := range []struct {
		name     string
		maxTicks uint64
		step     uint64
		want     uint64
	}{
		{"a step within a small configured limit opens there", 1000, 900, 900},
		{"a step past a small configured limit falls back to the start", 1000, 1001, 0},
		{"a step past the default but within a larger configured limit opens there", 8_000_000, 6_000_000, 6_000_000},
		{"a step past a larger configured limit falls back to the start", 8_000_000, 8_000_001, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Config{Limits: Limits{MaxTicks: tc.maxTicks}})
			_, body := get(t, fmt.Sprintf("%s/?step=%d", h.ts.URL, tc.step))
			if want := fmt.Sprintf(`data-step="%d"`, tc.want); !strings.Contains(body, want) {
				t.Errorf("page for step=%d under MaxTicks %d lacks %s", tc.step, tc.maxTicks, want)
			}
		})
	}
}

func FuzzPageParams(f *testing.F) {
	f.Add("lang=ko&step=3&speed=10&seed=-1&room=ABCDEF")
	f.Fuzz(func(t *testing.T, raw string) {
		q, _ := url.ParseQuery(raw)
		p := parsePageParams(q, "", DefaultLimits.MaxTicks)
		if p.Lang != "en" && p.Lang != "ko" {
			t.Fatalf("lang %q", p.Lang)
		}
	})
}

func TestBasePathAndTrustedProxies(t *testing.T) {
	proxies, err := ParseProxies("127.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Config{BasePath: "/procscope/", TrustedProxies: proxies})
	resp, body := get(t, h.ts.URL+"/procscope/?lang=en")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `/procscope/static/`+h.s.assets.hash) || !strings.Contains(body, "/procscope/ws") {
		t.Errorf("page under base path: %d, assets or socket path lack the base path", resp.StatusCode)
	}
	for _, path := range []string{"/healthz", "/procscope/healthz", "/procscope/readyz"} {
		if resp, _ := get(t, h.ts.URL+path); resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
	}
	for _, path := range []string{"/metrics", "/procscope/metrics"} {
		if resp, _ := get(t, h.ts.URL+path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s on the app's port: %d, want 404 (metrics have their own listener)", path, resp.StatusCode)
		}
	}
	if resp, _ := get(t, h.ts.URL+"/?lang=en"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("root outside the base path: %d, want 404", resp.StatusCode)
	}
	r := httptest.NewRequest(http.MethodGet, "/procscope/", nil)
	r.RemoteAddr = "127.0.0.1:5555"
	r.Header.Set("X-Forwarded-Proto", "https")
	r.Header.Set("X-Forwarded-For", "203.0.113.9, 127.0.0.2")
	if c := h.s.clientOf(r); c.Scheme != "https" || c.Addr != netip.MustParseAddr("203.0.113.9") {
		t.Errorf("through a trusted proxy: %+v", c)
	}
	if got := h.s.baseURL(r); got != "https://example.com/procscope" {
		t.Errorf("base URL %q", got)
	}
	r.RemoteAddr = "198.51.100.7:5555" // not a proxy: headers are lies
	if c := h.s.clientOf(r); c.Scheme != "http" || c.Addr != netip.MustParseAddr("198.51.100.7") {
		t.Errorf("from an untrusted peer: %+v", c)
	}
}

func TestJoinLinkRedirectsToTheRoom(t *testing.T) {
	h := newHarness(t, Config{})
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(h.ts.URL + "/r/k7p2-qxhm?lang=ko")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/?lang=ko&room=K7P2QXHM" {
		t.Errorf("join: %d %q", resp.StatusCode, loc)
	}
	if resp, _ := get(t, h.ts.URL+"/r/nope!"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("bad code: %d", resp.StatusCode)
	}
}

func TestMetricsAreExposedOnTheirOwnHandlerOnly(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws")
	c.hello(nil)
	c.send(map[string]any{"op": "nope"})
	c.wantError(CodeUnknownOp)
	if resp, _ := get(t, h.ts.URL+"/metrics"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/metrics on the app's port: %d, want 404", resp.StatusCode)
	}
	ms := httptest.NewServer(h.s.MetricsHandler())
	defer ms.Close()
	_, body := get(t, ms.URL+"/metrics")
	for _, want := range []string{"procscope_sessions 1", "procscope_connections 1", `procscope_errors_total{code="unknown-op"} 1`, "procscope_frames_sent_total", "procscope_bytes_sent_total", `procscope_command_duration_seconds_bucket{op="hello"`, "procscope_rooms 0", "procscope_followers 0"} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	// Profiles too: on the metrics handler only.
	if resp, _ := get(t, h.ts.URL+"/debug/pprof/heap"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/debug/pprof/heap on the app's port: %d, want 404", resp.StatusCode)
	}
	if resp, body := get(t, ms.URL+"/debug/pprof/goroutine?debug=1"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "readLoop") {
		t.Errorf("/debug/pprof/goroutine on the metrics handler: %d, no socket reader in %.200q", resp.StatusCode, body)
	}
}

func TestShutdownTurnsReadyzAndSaysGoingAway(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws")
	c.hello(nil)
	c.send(map[string]any{"op": "play"})
	c.read("frame")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- h.s.Shutdown(ctx) }()
	if st := c.closed(); st != 1001 {
		t.Errorf("close status %v, want StatusGoingAway", st)
	}
	if err := <-done; err != nil {
		t.Errorf("shutdown: %v", err)
	}
	if resp, _ := get(t, h.ts.URL+"/readyz"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz after shutdown: %d", resp.StatusCode)
	}
	if resp, _ := get(t, h.ts.URL+"/healthz"); resp.StatusCode != http.StatusOK {
		t.Errorf("healthz after shutdown: %d", resp.StatusCode)
	}
}

func TestConfigValidateReportsEveryProblem(t *testing.T) {
	err := Config{BasePath: "nope", FrameAncestors: []string{"a; b"}, Limits: Limits{FrameRate: 500}}.Validate()
	for _, want := range []string{"base path", "frame ancestor", "frame rate"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v, want it to mention %s", err, want)
		}
	}
	if _, err := ParseProxies("10.0.0.0/8, 192.168.1.1, bogus"); err == nil || !strings.Contains(err.Error(), `"bogus"`) {
		t.Errorf("ParseProxies bogus: %v", err)
	}
}

func TestHeadRequestsGetTheGETHeaders(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.CloseSockets()
	for _, path := range []string{"/", "/embed/v1/fork-cow", "/healthz"} {
		req := httptest.NewRequest(http.MethodHead, path, nil)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Errorf("HEAD %s = %d, want 200", path, rec.Code)
		}
		if path == "/embed/v1/fork-cow" && !strings.Contains(rec.Header().Get("Content-Security-Policy"), "frame-ancestors 'self' https:") {
			t.Errorf("HEAD %s CSP = %q, want the embed's frame-ancestors", path, rec.Header().Get("Content-Security-Policy"))
		}
	}
}

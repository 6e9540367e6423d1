package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

func newTestServer(t *testing.T) (*Server, *httptest.Server) {
	t.Helper()
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(func() {
		s.CloseSockets()
		ts.Close()
	})
	return s, ts
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func TestPageRendersAddressSpaceWithoutScript(t *testing.T) {
	_, ts := newTestServer(t)
	for _, tc := range []struct{ lang, htmlLang, heading string }{
		{"en", `lang="en"`, "Address space"},
		{"ko", `lang="ko"`, "주소 공간"},
		{"xx", `lang="en"`, "Address space"}, // unknown falls back to English
	} {
		t.Run(tc.lang, func(t *testing.T) {
			resp, body := get(t, ts.URL+"/?lang="+tc.lang)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			for _, want := range []string{tc.htmlLang, tc.heading, "0x555555555000", "0x7ffffffff000", "r-x", `data-kind="bss"`} {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
		})
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	_, ts := newTestServer(t)
	for _, path := range []string{"/", "/healthz", "/nope"} {
		resp, _ := get(t, ts.URL+path)
		csp := resp.Header.Get("Content-Security-Policy")
		for _, want := range []string{"script-src 'self'", "style-src 'self'", "frame-ancestors 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options = %q", path, got)
		}
		if c := resp.Header.Get("Set-Cookie"); c != "" {
			t.Errorf("%s: sets a cookie %q", path, c)
		}
	}
}

func TestHealthz(t *testing.T) {
	_, ts := newTestServer(t)
	resp, body := get(t, ts.URL+"/healthz")
	if resp.StatusCode != http.StatusOK || body != "ok\n" {
		t.Errorf("healthz = %d %q, want 200 \"ok\\n\"", resp.StatusCode, body)
	}
}

func TestStaticFilesAreHashedAndCached(t *testing.T) {
	s, ts := newTestServer(t)
	resp, body := get(t, ts.URL+s.assets.url("app.js"))
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "WebSocket") {
		t.Fatalf("app.js: %d, %d bytes", resp.StatusCode, len(body))
	}
	if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("hashed asset Cache-Control = %q, want immutable", cc)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/javascript") {
		t.Errorf("app.js Content-Type = %q", ct)
	}
	resp, _ = get(t, ts.URL+"/static/oldhash/app.css")
	if cc := resp.Header.Get("Cache-Control"); resp.StatusCode != http.StatusOK || cc != "no-cache" {
		t.Errorf("stale hash: %d %q, want 200 no-cache", resp.StatusCode, cc)
	}
	resp, _ = get(t, ts.URL+s.assets.url("nothing.js"))
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("missing asset: %d, want 404", resp.StatusCode)
	}
}

func dial(t *testing.T, ts *httptest.Server, path string) *websocket.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(ts.URL, "http")+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.SetReadLimit(1 << 20) // a full frame carries every fragment of the page
	t.Cleanup(func() { c.CloseNow() })
	return c
}

func TestSocketSendsFirstFrameFromTheMachine(t *testing.T) {
	_, ts := newTestServer(t)
	c := dial(t, ts, "/ws?lang=ko")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.Write(ctx, websocket.MessageText, []byte(`{"op":"hello","protocol":1,"lang":"ko"}`)); err != nil {
		t.Fatal(err)
	}
	var f frameMsg
	for f.Type != "frame" {
		_, msg, err := c.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(msg, &f); err != nil {
			t.Fatal(err)
		}
	}
	if !f.Full || f.Seq != 0 {
		t.Errorf("got full %v seq %d, want the full frame 0", f.Full, f.Seq)
	}
	html := f.Fragments["address-spaces"]
	for _, want := range []string{`id="address-spaces"`, "주소 공간", "0x555555558000"} {
		if !strings.Contains(html, want) {
			t.Errorf("fragment lacks %q", want)
		}
	}
}

func TestSocketRefusesOtherOrigins(t *testing.T) {
	_, ts := newTestServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(ts.URL, "http")+"/ws", &websocket.DialOptions{
		HTTPHeader: http.Header{"Origin": []string{"https://evil.example"}},
	})
	if err == nil {
		t.Fatal("a cross-origin socket was accepted")
	}
	if resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin dial: %v, want 403", resp)
	}
}

func TestCloseSocketsSaysGoingAway(t *testing.T) {
	s, ts := newTestServer(t)
	c := dial(t, ts, "/ws")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.Write(ctx, websocket.MessageText, []byte(`{"op":"hello","protocol":1}`)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Read(ctx); err != nil { // the hello
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { s.CloseSockets(); close(done) }()
	var err error
	for err == nil {
		_, _, err = c.Read(ctx)
	}
	if got := websocket.CloseStatus(err); got != websocket.StatusGoingAway {
		t.Errorf("close status = %v (%v), want StatusGoingAway", got, err)
	}
	<-done
}

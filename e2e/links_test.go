package e2e

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"procscope/server"
)

// labAt is what a reader sees of a lab: its tick and its processes.
type labAt struct {
	Tick  string
	Procs []string
}

func (l labAt) String() string { return fmt.Sprintf("tick %s, processes %v", l.Tick, l.Procs) }

func labOf(t *testing.T, ctx context.Context) labAt {
	t.Helper()
	return labAt{
		Tick:  tickOf(t, ctx),
		Procs: eval[[]string](t, ctx, `[...document.querySelectorAll('article[data-pid]')].map(a => a.dataset.pid)`),
	}
}

// spawnForkStep is the repro: Spawn, Fork, Step on the free lab.
func spawnForkStep(t *testing.T, ctx context.Context) labAt {
	t.Helper()
	act(t, ctx, 2, "spawn")
	waitFor(t, ctx, "thread 3", `!!document.querySelector('td[data-pid="2"][data-kind=stack][data-owner="3"]')`)
	act(t, ctx, 2, "fork")
	waitFor(t, ctx, "child 4", `!!document.querySelector('th[data-pid=\"4\"]')`)
	before := tickOf(t, ctx)
	click(t, ctx, "#btn-step")
	waitFor(t, ctx, "a step", fmt.Sprintf(`document.querySelector('[data-testid=tick]').textContent !== %q`, before))
	waitFor(t, ctx, "the saved lab in the address", `location.hash.includes("s=")`)
	return labOf(t, ctx)
}

// freshTab is a tab in a browser context of its own: no storage, no
// history, nothing shared with the tab that made the link.
func freshTab(t *testing.T) context.Context {
	t.Helper()
	if browserCtx == nil {
		t.Skip("no chromium installed")
	}
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(ctx, 30*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// waitLab waits until a page shows the lab want.
func waitLab(t *testing.T, ctx context.Context, what string, want labAt) {
	t.Helper()
	if err := waitLive(ctx); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	deadline := time.Now().Add(5 * time.Second)
	var got labAt
	for time.Now().Before(deadline) {
		got = labOf(t, ctx)
		if got.Tick == want.Tick && slices.Equal(got.Procs, want.Procs) {
			return
		}
		if err := chromedp.Do(ctx, chromedp.Sleep(50*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}
	t.Errorf("%s shows %v, want %v", what, got, want)
}

// Issue 9 item 1: "link to this step" and the embed code land on the
// same tick with the same processes, in a browser that never saw the lab.
func TestSharedLinkAndEmbedLandOnTheSameStepInAFreshBrowser(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lang=en")
	want := spawnForkStep(t, ctx)
	src, link := shared(t, ctx)
	for _, u := range []string{src, link} {
		if !strings.Contains(u, "#s=") {
			t.Errorf("shared URL %q carries no saved lab", u)
		}
		if strings.Contains(u, "token=") {
			t.Errorf("shared URL %q carries a room token", u)
		}
	}
	for _, u := range []struct{ what, url string }{{"the shared link", link}, {"the embed's src", src}} {
		fresh := freshTab(t)
		if err := chromedp.Do(fresh, chromedp.Navigate(u.url)); err != nil {
			t.Fatal(err)
		}
		waitLab(t, fresh, u.what+" in a fresh browser", want)
	}
}

// Issue 9 item 16: a server restart resumes the same tick — the page
// reconnects with its session id and its saved lab, and the new server,
// which never heard of the id, rebuilds the lab from it.
func TestAServerRestartResumesTheSameTick(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	stop := serveOn(t, ln)
	ctx := labTab(t, 1280, 800)
	open(t, ctx, "http://"+addr+"/?lang=en")
	want := spawnForkStep(t, ctx)

	stop() // closes every socket with "going away"
	waitFor(t, ctx, "the page to notice", `document.getElementById("conn").dataset.state !== "live"`)
	ln, err = net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen again on %s: %v", addr, err)
	}
	defer serveOn(t, ln)()
	waitLab(t, ctx, "the page after the restart", want)
	noCSPViolations(t, ctx)
}

// serveOn runs a fresh server (no sessions) on ln until the returned stop.
func serveOn(t *testing.T, ln net.Listener) (stop func()) {
	t.Helper()
	srv, err := server.New(server.Config{})
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(ctx)
		srv.CloseSockets()
	}
}

// canvasSandbox is the sandbox of a Canvas-style frame: popups allowed,
// but they inherit the sandbox (no allow-popups-to-escape-sandbox).
const canvasSandbox = "allow-scripts allow-same-origin allow-forms allow-popups allow-modals"

// Issue 9 item 2: the embed's "open in a new tab" opens the same lab at the
// same state, from a plain frame and from a sandboxed one, with the host
// page on another origin (localhost framing 127.0.0.1).
func TestEmbedOpensTheSameLabInANewTab(t *testing.T) {
	root, _, stopLab, err := startServerWith(server.Config{Dev: true}) // Dev lets http://localhost frame the embed
	if err != nil {
		t.Fatal(err)
	}
	defer stopLab()
	ctx := labTab(t, 1280, 800)
	open(t, ctx, root+"/?lesson=fork-cow&lang=ko")
	act(t, ctx, 2, "fork")
	waitFor(t, ctx, "child 3", `!!document.querySelector('th[data-pid=\"3\"]')`)
	waitFor(t, ctx, "the saved lab in the address", `location.hash.includes("s=")`)
	want := labOf(t, ctx)
	src, _ := shared(t, ctx)

	for _, frame := range []struct{ name, sandbox string }{{"plain", ""}, {"sandboxed", canvasSandbox}} {
		t.Run(frame.name, func(t *testing.T) {
			// each frame gets its own src (a theme), so its target is found by URL
			u := strings.Replace(src, "#", "&theme=light&frame="+frame.name+"#", 1)
			attr := ""
			if frame.sandbox != "" {
				attr = ` sandbox="` + frame.sandbox + `"`
			}
			host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				fmt.Fprintf(w, `<!DOCTYPE html><title>LMS</title><iframe src="%s" title="lab" width="960" height="600"%s></iframe>`,
					strings.ReplaceAll(u, "&", "&amp;"), attr)
			}))
			defer host.Close()
			lms := tab(t, 1280, 800)
			if err := chromedp.Do(lms, chromedp.Navigate(strings.Replace(host.URL, "127.0.0.1", "localhost", 1))); err != nil {
				t.Fatal(err)
			}
			fctx := attachTo(t, lms, func(i *target.Info) bool {
				return i.Type == "iframe" && strings.Contains(i.URL, "frame="+frame.name)
			})
			if err := waitLive(fctx); err != nil {
				t.Fatalf("the framed lab: %v", err)
			}
			waitFor(t, fctx, "the open-full link to carry the lab", `document.getElementById("open-full").href.includes("#s=")`)
			before := pageTargets(t, lms)
			_, err := chromedp.Run(fctx, chromedp.Evaluate[bool](`document.getElementById("open-full").click(), true`,
				func(p *runtime.EvaluateParams) { yes := true; p.UserGesture = &yes }))
			if err != nil {
				t.Fatal(err)
			}
			opened := attachTo(t, lms, func(i *target.Info) bool {
				return i.Type == "page" && !before[i.TargetID] && strings.HasPrefix(i.URL, root+"/")
			})
			waitLab(t, opened, "the new tab", want)
			if got := eval[string](t, opened, `document.documentElement.lang + " " + (document.body.dataset.embed || "full")`); got != "ko full" {
				t.Errorf("the new tab is %q, want the full page in ko", got)
			}
		})
	}
}

func pageTargets(t *testing.T, ctx context.Context) map[target.ID]bool {
	t.Helper()
	infos, err := chromedp.Targets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m := map[target.ID]bool{}
	for _, i := range infos {
		if i.Type == "page" {
			m[i.TargetID] = true
		}
	}
	return m
}

// attachTo waits for a target that match accepts and attaches to it.
func attachTo(t *testing.T, ctx context.Context, match func(*target.Info) bool) context.Context {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		infos, err := chromedp.Targets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range infos {
			if match(i) {
				c, cancel := chromedp.NewContext(ctx, chromedp.WithTargetID(i.TargetID))
				t.Cleanup(cancel)
				return c
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("no such target appeared")
	return nil
}

// oldSave is a lab saved before saves named their model (encoding v1):
// fork 2 on the free lab.
func oldSave(t *testing.T) string {
	t.Helper()
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	w.Write([]byte(`{"v":1,"seed":1,"log":["fork 2"]}`))
	w.Close()
	return base64.RawURLEncoding.EncodeToString(b.Bytes())
}

// Issue 9 item 17: an old link still opens, with a notice that stays on
// screen, in the page's language.
func TestAnOldLinkOpensWithAVisibleNotice(t *testing.T) {
	for _, tc := range []struct{ lang, words string }{{"en", "older version"}, {"ko", "이전 버전"}} {
		t.Run(tc.lang, func(t *testing.T) {
			ctx := labTab(t, 1280, 800)
			open(t, ctx, baseURL+"/?lang="+tc.lang+"#s="+oldSave(t))
			waitFor(t, ctx, "the old lab (child 3)", `!!document.querySelector('th[data-pid=\"3\"]')`)
			waitFor(t, ctx, "the notice", `!document.getElementById("model-note").hidden`)
			if got := eval[string](t, ctx, `document.getElementById("model-note").textContent`); !strings.Contains(got, tc.words) {
				t.Errorf("notice %q lacks %q", got, tc.words)
			}
			if err := chromedp.Do(ctx, chromedp.Sleep(5500*time.Millisecond)); err != nil { // longer than an error line lasts
				t.Fatal(err)
			}
			if eval[bool](t, ctx, `document.getElementById("model-note").hidden`) {
				t.Error("the notice went away by itself")
			}
		})
	}
}

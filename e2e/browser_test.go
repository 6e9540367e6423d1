// Package e2e drives a real headless Chromium against a real procscope
// server. Without a browser the tests skip, except under CI=true, where a
// missing browser is a failure.
package e2e

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"procscope/server"
)

var updateScreenshots = flag.Bool("update-screenshots", false, "write the screenshots the README uses into docs/img")

// browserCtx is the one browser of this test binary; each test opens a tab.
var browserCtx context.Context

// baseURL is the real server every test talks to.
var baseURL string

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	path := findBrowser()
	if path == "" {
		if os.Getenv("CI") == "true" {
			fmt.Fprintln(os.Stderr, "e2e: no chromium found and CI=true: install it (apt-get install -y chromium fonts-noto-cjk)")
			return 1
		}
		fmt.Fprintln(os.Stderr, "e2e: no chromium found; skipping browser tests")
		return m.Run() // each test skips
	}
	url, _, stop, err := startServer()
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer stop()
	baseURL = url

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.WindowSize(1280, 800),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	// Start the browser now, so a broken install fails here, once.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: start chromium:", err)
		return 1
	}
	browserCtx = ctx
	return m.Run()
}

func findBrowser() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// startServer runs a real server on a free loopback port.
func startServer() (url string, srv *server.Server, stop func(), err error) {
	return startServerWith(server.Config{})
}

// startServerWith runs a real server with cfg on a free loopback port.
func startServerWith(cfg server.Config) (url string, srv *server.Server, stop func(), err error) {
	srv, err = server.New(cfg)
	if err != nil {
		return "", nil, nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, nil, err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	return "http://" + ln.Addr().String(), srv, func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(ctx)
		srv.CloseSockets()
	}, nil
}

// tab opens a new tab with a viewport and a timeout, and fails the test on
// any JavaScript exception or console error seen while it is open.
func tab(t *testing.T, width, height int64) context.Context {
	t.Helper()
	if browserCtx == nil {
		t.Skip("no chromium installed")
	}
	ctx, cancel := chromedp.NewContext(browserCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, tabTimeout)
	var mu sync.Mutex
	var problems []string
	report := func(s string) {
		mu.Lock()
		problems = append(problems, s)
		mu.Unlock()
	}
	exceptions := chromedp.Events(ctx, runtime.ExceptionThrown)
	console := chromedp.Events(ctx, runtime.ConsoleAPICalled)
	var wg sync.WaitGroup
	wg.Go(func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			report("exception: " + ev.ExceptionDetails.Text + describeException(ev))
		}
	})
	wg.Go(func() {
		for ev, err := range console {
			if err != nil {
				return
			}
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				report("console." + string(ev.Type) + ": " + strings.Join(args, " "))
			}
		}
	})
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancelTimeout()
		cancel()
		wg.Wait()
		mu.Lock()
		defer mu.Unlock()
		for _, p := range problems {
			t.Errorf("browser: %s", p)
		}
	})
	return ctx
}

func describeException(ev runtime.EventExceptionThrown) string {
	if ev.ExceptionDetails.Exception != nil {
		return " " + ev.ExceptionDetails.Exception.Description
	}
	return ""
}

// screenshot saves a full-page PNG to the test's temporary folder (or
// $PROCSCOPE_SCREENSHOTS).
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	screenshotFor(t, ctx, name, false)
}

// screenshotFor saves a full-page PNG like screenshot, and with
// -update-screenshots and readme also into docs/img for the README.
func screenshotFor(t *testing.T, ctx context.Context, name string, readme bool) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	savePNG(t, name, png, readme)
}

// viewportShot saves what the viewport shows (the first screen, not the
// whole page), like screenshotFor.
func viewportShot(t *testing.T, ctx context.Context, name string, readme bool) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	savePNG(t, name, png, readme)
}

func savePNG(t *testing.T, name string, png []byte, readme bool) {
	t.Helper()
	dir := os.Getenv("PROCSCOPE_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("screenshots folder: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	if *updateScreenshots && readme {
		if err := os.MkdirAll("../docs/img", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("../docs/img", name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// waitLive waits until the page says its socket is connected.
func waitLive(ctx context.Context) error {
	err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`#conn[data-state="live"]`)))
	if errors.Is(err, context.DeadlineExceeded) {
		return errors.New("page never turned live")
	}
	return err
}

// tabTimeout bounds each test's tab, so a page that never answers fails
// rather than hangs; long enough that a busy 2-core runner (other
// packages' tests in parallel) is not mistaken for a hang. A measurement
// (-run Measure) gets more.
var tabTimeout = 90 * time.Second

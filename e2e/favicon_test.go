package e2e

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/chromedp"
)

// Issue 9 item 4: the page loads without a failed request in the console
// (it used to ask for a favicon the server did not have).
func TestThePageLoadsWithoutAFailedRequest(t *testing.T) {
	ctx := tab(t, 1280, 800)
	var mu sync.Mutex
	var failed []string
	entries := chromedp.Events(ctx, log.EntryAdded)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ev, err := range entries {
			if err != nil {
				return
			}
			if ev.Entry.Source == log.EntrySourceNetwork || strings.Contains(ev.Entry.Text, "Failed to load") {
				mu.Lock()
				failed = append(failed, ev.Entry.Text+" "+ev.Entry.URL)
				mu.Unlock()
			}
		}
	}()
	open(t, ctx, baseURL+"/?lang=en")
	if err := chromedp.Do(ctx, chromedp.Sleep(time.Second)); err != nil { // the icon is fetched after load
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(failed) > 0 {
		t.Errorf("failed requests: %q", failed)
	}
}

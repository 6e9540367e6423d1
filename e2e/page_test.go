package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func TestPageShowsAddressSpaceAndTurnsLive(t *testing.T) {
	sizes := []struct {
		name          string
		width, height int64
	}{
		{"laptop", 1280, 800},
		{"iframe", 960, 600},
		{"phone", 390, 844},
	}
	for _, lang := range []string{"en", "ko"} {
		for _, size := range sizes {
			t.Run(lang+"/"+size.name, func(t *testing.T) {
				ctx := tab(t, size.width, size.height)
				if err := chromedp.Do(ctx, chromedp.Navigate(baseURL+"/?lang="+lang)); err != nil {
					t.Fatal(err)
				}
				if err := waitLive(ctx); err != nil {
					t.Fatal(err)
				}
				kinds, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
					`[...document.querySelectorAll('#address-spaces td.region[data-pid="2"][data-kind]')].map(r => r.dataset.kind).filter((k, i, a) => k !== a[i-1])`))
				if err != nil {
					t.Fatal(err)
				}
				if got, want := strings.Join(kinds, ","), "kernel,stack,heap,bss,data,rodata,text"; got != want {
					t.Errorf("regions of pid 2 top to bottom = %s, want %s", got, want)
				}
				heading, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#maps-title")))
				if err != nil {
					t.Fatal(err)
				}
				if want := map[string]string{"en": "Address spaces", "ko": "주소 공간"}[lang]; !strings.HasPrefix(heading, want) {
					t.Errorf("heading after the first frame = %q, want %q", heading, want)
				}
				htmlLang, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
				if err != nil {
					t.Fatal(err)
				}
				if htmlLang != lang {
					t.Errorf("<html lang> = %q, want %q", htmlLang, lang)
				}
				overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
					`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
				if err != nil {
					t.Fatal(err)
				}
				if overflow {
					t.Errorf("page overflows sideways at %dx%d", size.width, size.height)
				}
				screenshot(t, ctx, fmt.Sprintf("fresh-%s-%s", size.name, lang))
			})
		}
	}
}

func TestPageSaysReconnectingWhenServerGoesAway(t *testing.T) {
	ctx := tab(t, 1280, 800)
	url, _, stop, err := startServer()
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"/")); err != nil {
		t.Fatal(err)
	}
	if err := waitLive(ctx); err != nil {
		t.Fatal(err)
	}
	stop() // closes the socket with "going away" and stops listening
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`#conn[data-state="reconnecting"]`))); err != nil {
		t.Fatalf("page did not say it is reconnecting: %v", err)
	}
	// The address space stays on screen while the socket is down.
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid=map]').length`))
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Error("memory maps vanished when the socket dropped")
	}
}

// TestFirstLoadFitsBudget loads pages in Chromium and reads the
// Performance API: everything the page fetched until its first picture
// was complete (the page, its stylesheet and script, and anything they
// load by themselves; the socket's frames are not HTTP) stays within 150
// KB uncompressed, and nothing comes from another origin. The C lessons
// draw their coloured listing without program.js, which waits until the
// reader reaches for the listing or the maps.
func TestFirstLoadFitsBudget(t *testing.T) {
	for _, path := range []string{"/?lang=ko", "/?lang=en", "/?lesson=fork-cow&lang=ko", "/?lesson=threads-share&lang=ko",
		"/?lesson=crash-isolation&lang=ko", "/embed/v1/fork-cow?lang=ko", "/embed/v1/threads-share?lang=en"} {
		t.Run(path, func(t *testing.T) {
			ctx := labTab(t, 1280, 800)
			open(t, ctx, baseURL+path)
			// the first frame has been applied (the closed text view is
			// filled just after its paint)
			waitFor(t, ctx, "the first frame", `!!document.querySelector("#text-view table")`)
			if err := chromedp.Do(ctx, chromedp.Sleep(300*time.Millisecond)); err != nil {
				t.Fatal(err)
			}
			got := eval[struct {
				Bytes   int
				Foreign []string
				Names   []string
			}](t, ctx, `(() => { const all = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
				return { bytes: all.reduce((n, e) => n + e.decodedBodySize, 0),
					foreign: all.filter(e => !e.name.startsWith("data:") && new URL(e.name).origin !== location.origin).map(e => e.name),
					names: all.map(e => new URL(e.name).pathname.split("/").pop() + " " + e.decodedBodySize) } })()`)
			t.Logf("first load %s: %d bytes decoded: %v", path, got.Bytes, got.Names)
			if got.Bytes > 150*1000 {
				t.Errorf("first load of %s is %d bytes, over the 150 KB budget: %v", path, got.Bytes, got.Names)
			}
			if len(got.Foreign) > 0 {
				t.Errorf("requests to other origins: %v", got.Foreign)
			}
			if !eval[bool](t, ctx, `!!document.querySelector('#program-view[data-language="c"]')`) {
				return
			}
			if !eval[bool](t, ctx, `[...document.querySelectorAll('#program-view .src li[class*="hue-"]')].some(li => getComputedStyle(li).boxShadow !== "none")`) {
				t.Error("the C listing's thread colours are not drawn before program.js loads")
			}
			eval[bool](t, ctx, `(document.querySelector("#program-view .src li").dispatchEvent(new PointerEvent("pointerover", { bubbles: true })), true)`)
			waitFor(t, ctx, "program.js, once the reader points at the listing", `performance.getEntriesByType("resource").some(e => e.name.endsWith("/program.js"))`)
		})
	}
}

package server

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// getWith fetches url with extra request headers.
func getWith(t *testing.T, url string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
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

func TestAcceptLanguagePicksThePageLanguage(t *testing.T) {
	for _, tc := range []struct{ header, want string }{
		{"", "en"},
		{"ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "ko"},
		{"ko", "ko"},
		{"en-US,en;q=0.9,ko;q=0.8", "en"},
		{"fr-FR,fr;q=0.9,ko;q=0.5", "ko"},
		{"fr-FR,de", "en"},
		{"en;q=0.2, KO-kr;q=0.8", "ko"},
		{"ko;q=0, en;q=0.1", "en"},
		{"ko;q=bogus, en;q=0.3", "en"},
		{"ko;q=7", "en"},
		{"ja, *;q=0.1", "en"},
		{";;,,=ko", "en"},
	} {
		if got := acceptLanguage(tc.header); got != tc.want {
			t.Errorf("acceptLanguage(%q) = %q, want %q", tc.header, got, tc.want)
		}
	}
}

// Without ?lang= every page route follows Accept-Language; ?lang= wins.
func TestPagesFollowAcceptLanguageWithoutALangParameter(t *testing.T) {
	h := newHarness(t, Config{})
	ko := map[string]string{"Accept-Language": "ko-KR,ko;q=0.9,en-US;q=0.8"}
	for _, path := range []string{"/", "/?lesson=fork-cow", "/embed/v1/fork-cow", "/embed/v1/lab?step=3"} {
		resp, body := getWith(t, h.ts.URL+path, ko)
		if !strings.Contains(body, `<html lang="ko"`) {
			t.Errorf("%s with Accept-Language ko is not Korean", path)
		}
		if !strings.Contains(resp.Header.Get("Vary"), "Accept-Language") {
			t.Errorf("%s: Vary %q lacks Accept-Language", path, resp.Header.Get("Vary"))
		}
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		if _, body := getWith(t, h.ts.URL+path+sep+"lang=en", ko); !strings.Contains(body, `<html lang="en"`) {
			t.Errorf("%s?lang=en with Accept-Language ko is not English: the reader's choice must win", path)
		}
	}
	// the join link without a language lands on a page that follows the header
	resp, body := getWith(t, h.ts.URL+"/r/k7p2qxmn", ko)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `<html lang="ko"`) || !strings.Contains(body, `data-room="K7P2QXMN"`) {
		t.Errorf("join link with Accept-Language ko: %d, Korean %v", resp.StatusCode, strings.Contains(body, `lang="ko"`))
	}
}

// The room's join link carries the teacher's language.
func TestTheJoinLinkCarriesTheTeachersLanguage(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws")
	c.hello(map[string]any{"lang": "ko"})
	c.send(map[string]any{"op": "room"})
	room := c.read("room")
	join, _ := room["join"].(string)
	if !strings.HasSuffix(join, "/r/"+room["code"].(string)+"?lang=ko") {
		t.Fatalf("a Korean teacher's join link is %q, want …?lang=ko", join)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest(http.MethodGet, join, nil)
	req.Header.Set("Accept-Language", "en-US")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); !strings.Contains(loc, "lang=ko") {
		t.Errorf("the join link redirects to %q, want the teacher's lang=ko", loc)
	}
}

// Every frame-ancestors value the docs show starts the server, and the
// embed route's CSP names each source once.
func TestFrameAncestorsAcceptsWhatTheDocsShow(t *testing.T) {
	for _, tc := range []struct {
		list []string
		want string
	}{
		{[]string{"'self'", "https:"}, "frame-ancestors 'self' https:"},
		{[]string{"https://moodle.example.edu", "https://canvas.example.edu"}, "frame-ancestors 'self' https://moodle.example.edu https://canvas.example.edu"},
		{[]string{"https://*.instructure.com", "lms.example.edu:8443"}, "frame-ancestors 'self' https://*.instructure.com lms.example.edu:8443"},
		{[]string{"'SELF'", "https://lms.example.edu/course/"}, "frame-ancestors 'self' https://lms.example.edu/course/"},
		{[]string{"'none'"}, "frame-ancestors 'none'"},
	} {
		cfg := Config{FrameAncestors: tc.list}
		if err := cfg.Validate(); err != nil {
			t.Errorf("Validate(%q) = %v", tc.list, err)
			continue
		}
		h := newHarness(t, cfg)
		resp, _ := get(t, h.ts.URL+"/embed/v1/fork-cow")
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, tc.want) {
			t.Errorf("%q: CSP %q, want it to end %q", tc.list, csp, tc.want)
		}
	}
	for _, bad := range [][]string{{"a; b"}, {"'unsafe-inline'"}, {"https://x.edu;script-src"}, {"'none'", "https:"}, {""}, {"https://a b"}} {
		if err := (Config{FrameAncestors: bad}).Validate(); err == nil || !strings.Contains(err.Error(), "frame ancestor") {
			t.Errorf("Validate(%q) = %v, want a frame ancestor error", bad, err)
		}
	}
}

// The page names an SVG icon, it is served, and /favicon.ico answers too:
// no 404 in the browser's console.
func TestFaviconIsServed(t *testing.T) {
	h := newHarness(t, Config{})
	for _, page := range []string{"/", "/embed/v1/fork-cow"} {
		_, body := get(t, h.ts.URL+page)
		m := regexp.MustCompile(`<link rel="icon" type="image/svg\+xml" href="([^"]+)"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("%s names no SVG icon", page)
		}
		resp, svg := get(t, h.ts.URL+m[1])
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "image/svg+xml") || !strings.Contains(svg, "<svg") {
			t.Errorf("%s: icon %s: %d %q", page, m[1], resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	resp, svg := get(t, h.ts.URL+"/favicon.ico")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(svg, "<svg") {
		t.Errorf("/favicon.ico: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

// The embed's "open in a new tab" is the full page of the same lesson and
// language, under the base path; no page sends a COOP that would stop a
// sandboxed frame's new tab from loading.
func TestEmbedOpensTheFullPageInANewTab(t *testing.T) {
	h := newHarness(t, Config{BasePath: "/procscope"})
	resp, body := get(t, h.ts.URL+"/procscope/embed/v1/fork-cow?lang=ko&step=4&theme=dark")
	m := regexp.MustCompile(`<a id="open-full"[^>]* href="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the embed has no open-full link")
	}
	href := strings.ReplaceAll(m[1], "&amp;", "&")
	for _, want := range []string{"/procscope/?", "lang=ko", "lesson=fork-cow", "step=4", "theme=dark"} {
		if !strings.Contains(href, want) {
			t.Errorf("open-full href %q lacks %q", href, want)
		}
	}
	if strings.Contains(href, "controls=") {
		t.Errorf("open-full href %q keeps the embed's controls", href)
	}
	if coop := resp.Header.Get("Cross-Origin-Opener-Policy"); coop != "" {
		t.Errorf("embed sends COOP %q", coop)
	}
	resp, _ = get(t, h.ts.URL+href)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Cross-Origin-Opener-Policy") != "" {
		t.Errorf("the full page: %d, COOP %q", resp.StatusCode, resp.Header.Get("Cross-Origin-Opener-Policy"))
	}
}

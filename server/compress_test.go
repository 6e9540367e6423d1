package server

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
)

// getRaw fetches a URL with the given Accept-Encoding and no transparent
// decompression.
func getRaw(t *testing.T, url, encoding string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if encoding != "" {
		req.Header.Set("Accept-Encoding", encoding)
	}
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func TestPagesAndStaticFilesAreGzippedForClientsThatAsk(t *testing.T) {
	h := newHarness(t, Config{})
	for _, path := range []string{"/?lang=ko", "/embed/v1/fork-cow", h.s.assets.url("app.js"), h.s.assets.url("app.css")} {
		plainResp, plain := getRaw(t, h.ts.URL+path, "")
		if plainResp.Header.Get("Content-Encoding") != "" {
			t.Errorf("%s: encoded for a client that did not ask", path)
		}
		resp, z := getRaw(t, h.ts.URL+path, "br, gzip;q=0.8")
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("%s: %d %q, want gzip", path, resp.StatusCode, resp.Header.Get("Content-Encoding"))
			continue
		}
		if !strings.Contains(strings.Join(resp.Header.Values("Vary"), ","), "Accept-Encoding") {
			t.Errorf("%s: no Vary: Accept-Encoding", path)
		}
		zr, err := gzip.NewReader(strings.NewReader(string(z)))
		if err != nil {
			t.Fatal(err)
		}
		un, _ := io.ReadAll(zr)
		if len(z)*3 > len(un) {
			t.Errorf("%s: %d bytes gzipped from %d: less than 3×", path, len(z), len(un))
		}
		if !strings.HasPrefix(path, "/?") && !strings.HasPrefix(path, "/embed") && string(un) != string(plain) {
			t.Errorf("%s: the gzipped file is not the file", path)
		}
		if ct := resp.Header.Get("Content-Type"); ct != plainResp.Header.Get("Content-Type") {
			t.Errorf("%s: content type %q gzipped, %q plain", path, ct, plainResp.Header.Get("Content-Type"))
		}
	}
	if resp, _ := getRaw(t, h.ts.URL+h.s.assets.url("app.js"), "gzip;q=0"); resp.Header.Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 still got gzip")
	}
}

package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"procscope/web"
)

// assets serves the embedded static files under a content-hashed prefix,
// /static/<hash>/<name>, so they can be cached forever and a redeploy
// changes every URL at once.
type assets struct {
	hash  string
	base  string // the server's base path
	files fs.FS
	body  map[string][]byte // each file as served (trimAsset), made once at startup
	gz    map[string][]byte // gzip of each file that shrinks, made once at startup
}

func loadAssets(base string) (*assets, error) {
	files, err := fs.Sub(web.Static, "static")
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	gz := map[string][]byte{}
	body := map[string][]byte{}
	err = fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		if b, err = trimAsset(p, b); err != nil {
			return err
		}
		body[p] = b
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
		h.Write(b)
		if z := gzipped(b); len(z) < len(b) {
			gz[p] = z
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("hash static files: %w", err)
	}
	return &assets{hash: hex.EncodeToString(h.Sum(nil))[:12], base: base, files: files, body: body, gz: gz}, nil
}

// gzipped is b compressed as hard as gzip goes: it is done once.
func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// acceptsGzip says whether the request's Accept-Encoding allows gzip.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.000"
		}
	}
	return false
}

// url is the cacheable address of a static file.
func (a *assets) url(name string) string { return a.base + "/static/" + a.hash + "/" + name }

func (a *assets) serve(w http.ResponseWriter, r *http.Request) {
	name := path.Clean(chi.URLParam(r, "*"))
	if strings.HasPrefix(name, ".") || name == "" {
		http.NotFound(w, r)
		return
	}
	if chi.URLParam(r, "hash") == a.hash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		// An old page asking for old files gets today's, uncached.
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.Header().Add("Vary", "Accept-Encoding")
	if z, ok := a.gz[name]; ok && acceptsGzip(r) {
		w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Length", strconv.Itoa(len(z)))
		if r.Method != http.MethodHead {
			_, _ = w.Write(z)
		}
		return
	}
	b, ok := a.body[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
}

// serveIcon answers /favicon.ico, which browsers ask for on pages without
// a <link rel=icon> (a plain-text route, an error page), with the SVG icon.
func (a *assets) serveIcon(w http.ResponseWriter, r *http.Request) {
	b, err := fs.ReadFile(a.files, "favicon.svg")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, _ = w.Write(b)
}

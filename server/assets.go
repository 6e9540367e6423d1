package server

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"

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
}

func loadAssets(base string) (*assets, error) {
	files, err := fs.Sub(web.Static, "static")
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	err = fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("hash static files: %w", err)
	}
	return &assets{hash: hex.EncodeToString(h.Sum(nil))[:12], base: base, files: files}, nil
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
	http.ServeFileFS(w, r, a.files, name)
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

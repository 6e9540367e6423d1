package server

import (
	"net/http"
	"strings"
)

// cspBase is the policy every response carries; frame-ancestors is added
// per route.
const cspBase = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'"

// securityHeaders sets the headers every response carries: a strict CSP
// that only lets the page frame itself, nosniff and no referrer. The embed
// handler widens frame-ancestors for its own response (see allowFraming).
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", cspBase+"; frame-ancestors 'self'")
		h.Set("X-Frame-Options", "SAMEORIGIN")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// frameAncestors is the CSP source list allowed to embed the embed route:
// the configured list, or 'self' plus any https origin; -dev adds
// localhost so a local LMS can frame it.
func (c Config) frameAncestors() string {
	src := []string{"'self'"}
	if len(c.FrameAncestors) > 0 {
		src = append(src, c.FrameAncestors...)
	} else {
		src = append(src, "https:")
	}
	if c.Dev {
		src = append(src, "http://localhost:*", "http://127.0.0.1:*")
	}
	return strings.Join(src, " ")
}

// allowFraming lets the configured ancestors frame this response. The
// LMS can only be allowed through CSP: X-Frame-Options cannot list origins,
// so it is removed.
func (s *Server) allowFraming(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", cspBase+"; frame-ancestors "+s.cfg.frameAncestors())
	h.Del("X-Frame-Options")
}

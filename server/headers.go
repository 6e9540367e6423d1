package server

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// cspBase is the policy every response carries; frame-ancestors is added
// per route.
const cspBase = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'"

// securityHeaders sets the headers every response carries: a strict CSP
// that only lets the page frame itself, nosniff and no referrer. The embed
// handler widens frame-ancestors for its own response (see allowFraming).
//
// No Cross-Origin-Opener-Policy: the embed's "open in a new tab" opens
// the full page from inside an LMS's frame, and a frame sandboxed the way
// Canvas does it (allow-popups without allow-popups-to-escape-sandbox)
// makes that tab a sandboxed popup, which browsers refuse to load when the
// page sends any COOP but unsafe-none. The page holds no cross-window
// secret COOP would guard: no cookies, and the teacher's room token lives
// in the page's own URL fragment, which another window cannot read.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", cspBase+"; frame-ancestors 'self'")
		h.Set("X-Frame-Options", "SAMEORIGIN")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}

// frameAncestors is the CSP source list allowed to embed the embed route:
// 'self' plus the configured list, or plus any https origin; -dev adds
// localhost so a local LMS can frame it. A configured 'none' stands alone
// (Validate checks that), and a source is named once.
func (c Config) frameAncestors() string {
	conf := c.FrameAncestors
	if len(conf) == 0 {
		conf = []string{"https:"}
	}
	if slices.ContainsFunc(conf, isNone) {
		return "'none'"
	}
	src := []string{"'self'"}
	if c.Dev {
		conf = append(slices.Clip(conf), "http://localhost:*", "http://127.0.0.1:*")
	}
	for _, s := range conf {
		if !slices.ContainsFunc(src, func(have string) bool { return strings.EqualFold(have, s) }) {
			src = append(src, s)
		}
	}
	return strings.Join(src, " ")
}

func isNone(s string) bool { return strings.EqualFold(s, "'none'") }

// cspScheme and cspHost are CSP Level 3's scheme-source ("https:") and
// host-source ("https://*.example.edu:8443/lms"), written out.
var (
	cspScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:$`)
	cspHost   = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*://)?(\*|(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*)(:([0-9]{1,5}|\*))?(/[^\s;,'"]*)?$`)
)

// checkFrameAncestors reports every entry of a frame-ancestors list that
// is no CSP source: it accepts the keywords 'self' and 'none' (alone),
// scheme sources and host sources, which is what the docs show.
func checkFrameAncestors(list []string) []error {
	var errs []error
	for _, s := range list {
		ok := strings.EqualFold(s, "'self'") || isNone(s) || cspScheme.MatchString(s) || cspHost.MatchString(s)
		if !ok {
			errs = append(errs, fmt.Errorf("frame ancestor %q: want a CSP source like 'self', https: or https://lms.example.edu", s))
		}
	}
	if slices.ContainsFunc(list, isNone) && len(list) > 1 {
		errs = append(errs, fmt.Errorf("frame ancestors %q: 'none' must stand alone", strings.Join(list, " ")))
	}
	return errs
}

// allowFraming lets the configured ancestors frame this response. The
// LMS can only be allowed through CSP: X-Frame-Options cannot list origins,
// so it is removed.
func (s *Server) allowFraming(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", cspBase+"; frame-ancestors "+s.cfg.frameAncestors())
	h.Del("X-Frame-Options")
}

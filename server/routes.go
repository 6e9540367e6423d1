package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/pprof"
	"runtime/debug"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

// routes mounts the lab under the base path. Health and readiness also
// answer at the root, where probes look; metrics are not here at all but
// on their own listener (MetricsHandler, -metrics-addr). The
// WebSocket route has no Timeout or Compress middleware: it lives for
// hours and compression is off (see STYLE.md).
func (s *Server) routes() chi.Router {
	app := chi.NewRouter()
	// Pages are compressed as they are written (gzip level 5: a ~100 KB
	// page in a millisecond or two); static files were compressed once at
	// startup; the socket is not (see docs/performance.md).
	pages := app.With(middleware.Compress(5, "text/html"))
	pages.Get("/", s.handlePage)
	pages.Get("/embed/v1/{lesson}", s.handleEmbed)
	app.Get("/r/{code}", s.handleJoin)
	app.Get("/verify", s.handleVerify) // lesson completion codes (lesson.go)
	app.Get("/ws", s.handleSocket)
	app.Get("/static/{hash}/*", s.assets.serve)
	app.Get("/favicon.ico", s.assets.serveIcon)
	s.opsRoutes(app)

	root := chi.NewRouter()
	// GetHead lets HEAD reach the GET routes: link checkers and some LMS
	// embed dialogs probe a URL with HEAD before framing it.
	root.Use(s.recoverer, s.accessLog, securityHeaders, middleware.GetHead)
	if s.cfg.BasePath == "" {
		root.Mount("/", app)
		return root
	}
	s.opsRoutes(root)
	root.Mount(s.cfg.BasePath, app)
	return root
}

func (s *Server) opsRoutes(r chi.Router) {
	r.Get("/healthz", handleHealth)
	r.Get("/readyz", s.handleReady)
}

// MetricsHandler serves /metrics (Prometheus), for a scraper's probe
// /healthz, and Go's profiles under /debug/pprof/ (how the figures in
// docs/performance.md were traced to their causes). It belongs on a
// listener of its own that only the operator reaches: live session and
// room counts, the Go version, descriptors, memory and profiles are
// nobody else's business.
func (s *Server) MetricsHandler() http.Handler {
	r := chi.NewRouter()
	r.Method(http.MethodGet, "/metrics", s.metrics.handler())
	r.Get("/healthz", handleHealth)
	r.Get("/debug/pprof/", pprof.Index)
	r.Get("/debug/pprof/profile", pprof.Profile)
	r.Get("/debug/pprof/trace", pprof.Trace)
	r.Get("/debug/pprof/symbol", pprof.Symbol)
	r.Get("/debug/pprof/{name}", pprof.Index) // heap, goroutine, allocs …
	return r
}

func handleHealth(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// handleReady says whether the server accepts new work: 503 while it
// shuts down, so a load balancer stops sending before sockets close.
func (s *Server) handleReady(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if !s.ready.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("shutting down\n"))
		return
	}
	if err := s.relayReady(); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("relay: " + err.Error() + "\n"))
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}

// recoverer turns a panic in a handler into a logged 500.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("handler panic", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				http.Error(w, CodeInternal.message("en")+"\n"+CodeInternal.message("ko"), http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// accessLog logs each request at debug level: method, path, status and
// duration — no query, no client address (see docs/privacy.md).
func (s *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.log.Enabled(r.Context(), slog.LevelDebug) {
			next.ServeHTTP(w, r)
			return
		}
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", ww.Status(), "dur", time.Since(start))
	})
}

// originPatterns are the origins allowed to open the socket besides the
// page's own: the configured ones, and localhost in development.
func (s *Server) originPatterns() []string {
	p := append([]string(nil), s.cfg.OriginPatterns...)
	if s.cfg.Dev {
		p = append(p, "localhost:*", "127.0.0.1:*")
	}
	return p
}

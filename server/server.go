// Package server serves the lab: the page, its static files and the
// WebSocket that carries commands to a simulated machine and frames back.
// It holds no simulation rules; those live in package sim.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"sync"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

// Config is the server's configuration, filled from flags and environment.
type Config struct {
	// Addr is the address to listen on, e.g. ":8080".
	Addr string
	// Dev relaxes what only development needs.
	Dev bool
	// OriginPatterns lists extra origins allowed to open the WebSocket
	// (same-origin is always allowed).
	OriginPatterns []string
	// Logger receives structured logs; nil means slog.Default().
	Logger *slog.Logger
}

// Server is the lab's HTTP handler plus the sockets it has open.
type Server struct {
	cfg    Config
	log    *slog.Logger
	assets *assets
	router chi.Router

	// life is the server's lifetime context: sockets live in it, not in a
	// request's context, and Close cancels it.
	life   context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	closing bool
	sockets map[*socket]struct{}
	wg      sync.WaitGroup
}

// New builds a server from its configuration.
func New(cfg Config) (*Server, error) {
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	life, cancel := context.WithCancel(context.Background())
	s := &Server{cfg: cfg, log: log, assets: a, life: life, cancel: cancel, sockets: map[*socket]struct{}{}}
	s.router = s.routes()
	return s, nil
}

func (s *Server) routes() chi.Router {
	r := chi.NewRouter()
	r.Use(middleware.Recoverer)
	r.Use(securityHeaders)
	r.Get("/", s.handlePage)
	r.Get("/healthz", handleHealth)
	r.Get("/ws", s.handleSocket)
	r.Get("/static/{hash}/*", s.assets.serve)
	return r
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.router.ServeHTTP(w, r) }

// CloseSockets tells every open socket the server is going away and waits
// for their goroutines to end. http.Server.Shutdown does not touch hijacked
// connections, so it must be called too.
func (s *Server) CloseSockets() {
	s.mu.Lock()
	s.closing = true
	open := make([]*socket, 0, len(s.sockets))
	for c := range s.sockets {
		open = append(open, c)
	}
	s.mu.Unlock()
	var closing sync.WaitGroup
	for _, c := range open {
		closing.Go(c.goAway)
	}
	closing.Wait()
	s.cancel()
	s.wg.Wait()
}

func handleHealth(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// securityHeaders sets the headers every response carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}

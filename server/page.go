package server

import (
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"

	"procscope/sim"
)

// handlePage serves the full lab page.
func (s *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	s.servePage(w, r, s.pageParams(r, "", false))
}

// handleEmbed serves /embed/v1/{lesson}: the same lab with minimal chrome,
// framable by the configured ancestors (EMBEDDING.md).
func (s *Server) handleEmbed(w http.ResponseWriter, r *http.Request) {
	s.allowFraming(w)
	s.servePage(w, r, s.pageParams(r, chi.URLParam(r, "lesson"), true))
}

// handleJoin is a room's short join link: it opens the lab following the
// room. The code is not a secret; the teacher's token never appears here.
func (s *Server) handleJoin(w http.ResponseWriter, r *http.Request) {
	code := normalizeCode(chi.URLParam(r, "code"))
	if !roomCode.MatchString(code) {
		http.NotFound(w, r)
		return
	}
	q := url.Values{"room": {code}}
	if l := r.URL.Query().Get("lang"); l == "ko" || l == "en" {
		q.Set("lang", l)
	}
	http.Redirect(w, r, s.cfg.BasePath+"/?"+q.Encode(), http.StatusSeeOther)
}

func (s *Server) servePage(w http.ResponseWriter, r *http.Request, p PageParams) {
	m, err := sim.New(sim.Config{Seed: p.Seed})
	if err != nil {
		s.log.Error("build machine", "err", err)
		http.Error(w, CodeInternal.message(p.Lang), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.renderPage(r.Context(), w, p, m.State(), nil); err != nil {
		s.log.Warn("render page", "err", err)
	}
}

package server

import (
	"context"
	"io"
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"

	"procscope/sim"
)

// pageFunc renders the full lab page for a state.
type pageFunc func(ctx context.Context, w io.Writer, p PageParams, st sim.State) error

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
// room (on the room's lesson, for a self-paced room's link). The code is not a secret; the teacher's token never appears here.
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
	if l := r.URL.Query().Get("lesson"); lessonName.MatchString(l) {
		q.Set("lesson", l) // a self-paced room's lesson: the page opens on it
	}
	http.Redirect(w, r, s.cfg.BasePath+"/?"+q.Encode(), http.StatusSeeOther)
}

// servePage renders the page for the lesson's fresh machine (the saved lab
// in the URL fragment never reaches the server; the socket's first frame
// brings the page to it). An unknown lesson falls back to the default lab.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, p PageParams) {
	l, err := s.buildLab(labConfig{Seed: p.Seed, Lesson: p.Lesson})
	if err != nil {
		p.Lesson = ""
		l, err = s.buildLab(labConfig{Seed: p.Seed})
	}
	if err != nil {
		s.log.Error("build machine", "err", err)
		http.Error(w, CodeInternal.message(p.Lang), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Add("Vary", "Accept-Language") // without ?lang= the language comes from it
	if err := s.drawPage(r.Context(), w, p, l.Machine().State()); err != nil {
		s.log.Warn("render page", "err", err)
	}
}

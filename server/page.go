package server

import (
	"net/http"

	"procscope/sim"
	"procscope/templates"
)

func (s *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	lang := templates.Lang(r.URL.Query().Get("lang"))
	m, err := sim.New(sim.Config{Seed: 1})
	if err != nil {
		s.log.Error("build machine", "err", err)
		http.Error(w, "could not build the machine", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := templates.LabPage(s.pageView(lang, m)).Render(r.Context(), w); err != nil {
		s.log.Warn("render page", "err", err)
	}
}

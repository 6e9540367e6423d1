package server

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"

	"procscope/sim"
	"procscope/templates"
)

// pageFunc renders the full lab page for a state.
type pageFunc func(w io.Writer, r *http.Request, p PageParams, st sim.State) error

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
	if err := s.drawPage(w, r, p, l.Machine().State()); err != nil {
		s.log.Warn("render page", "err", err)
	}
}

// The interim renderers below keep the current templates working until the
// UI's renderFragments and renderPage replace them (one line each in
// newServer). They draw only what the templates draw today: the address
// spaces of the state's processes.

// interimPage renders the full page with the current templates.
func (s *Server) interimPage(w io.Writer, r *http.Request, p PageParams, st sim.State) error {
	v := s.pageView(p.Lang, st)
	v.WSPath = p.WSPath + "?lang=" + p.Lang
	return templates.LabPage(v).Render(r.Context(), w)
}

// interimFragments renders the fragments of a state with the current
// templates.
func (s *Server) interimFragments(lang string, st sim.State, _ []sim.Event) (map[string]string, error) {
	var buf bytes.Buffer
	if err := templates.AddressSpaces(s.pageView(lang, st)).Render(s.life, &buf); err != nil {
		return nil, err
	}
	return map[string]string{"address-spaces": buf.String()}, nil
}

func (s *Server) pageView(lang string, st sim.State) templates.Page {
	return templates.Page{
		Lang:   lang,
		T:      templates.Catalogs[lang],
		Assets: templates.Assets{CSS: s.assets.url("app.css"), JS: s.assets.url("app.js")},
		WSPath: s.cfg.BasePath + "/ws?lang=" + lang,
		Procs:  interimProcs(lang, st),
	}
}

// interimProcs turns the state's live processes into what the current
// templates show.
func interimProcs(lang string, st sim.State) []templates.Process {
	t := templates.Catalogs[lang]
	var out []templates.Process
	for _, p := range st.Processes {
		if p.State == sim.ProcReaped {
			continue
		}
		v := templates.Process{Pid: p.Pid, PPid: p.PPid, Name: p.Name}
		for _, r := range p.Regions {
			v.Regions = append(v.Regions, templates.Region{
				Kind:  string(r.Kind),
				Label: t.Regions[string(r.Kind)],
				Start: fmt.Sprintf("%#x", r.Start),
				End:   fmt.Sprintf("%#x", r.End),
				Size:  humanSize(r.Size()),
				Perm:  r.Perm.String(),
			})
		}
		out = append(out, v)
	}
	return out
}

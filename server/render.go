package server

import (
	"context"
	"fmt"
	"io"
	"strings"

	"procscope/sim"
	"procscope/templates"
)

// renderPage writes the whole lab page for the parameters and the state:
// the same components the socket's fragments use.
func (s *Server) renderPage(ctx context.Context, w io.Writer, p PageParams, st sim.State, evs []sim.Event) error {
	return templates.LabPage(s.pageFor(p, st, evs)).Render(ctx, w)
}

// pageFor is the view of a whole page.
func (s *Server) pageFor(p PageParams, st sim.State, evs []sim.Event) templates.Page {
	lang := templates.Lang(p.Lang)
	controls, mode := p.Controls, p.Mode
	if controls == "" {
		controls = "full"
	}
	if mode == "" {
		mode = "explore"
	}
	urls := map[string]string{}
	for _, l := range templates.Langs {
		urls[l] = langURL(p, l)
	}
	ws := p.WSPath
	if ws == "" {
		ws = "/ws"
	}
	return templates.Page{
		Lang:      lang,
		T:         templates.For(lang),
		Assets:    templates.Assets{CSS: s.assets.url("app.css"), JS: s.assets.url("app.js")},
		AssetHash: p.AssetHash,
		WSPath:    ws + "?lang=" + lang,
		Step:      p.Step,
		Lesson:    p.Lesson,
		Seed:      p.Seed,
		Room:      p.Room,
		Opts: templates.Options{
			Theme: p.Theme, Motion: map[bool]string{true: "reduce"}[p.ReduceMotion], Controls: controls, Mode: mode,
			Embed: p.Embed, Autoplay: p.Autoplay, Speed: p.Speed, Speeds: Speeds,
			AllowedOrigins: strings.Join(s.cfg.OriginPatterns, " "),
		},
		LangURLs: urls,
		Lab:      labFromState(st, evs),
	}
}

// langURL is this page in another language, keeping the other parameters.
func langURL(p PageParams, lang string) string {
	q := fmt.Sprintf("?lang=%s", lang)
	if p.Step > 0 {
		q += fmt.Sprintf("&step=%d", p.Step)
	}
	if p.Theme != "" {
		q += "&theme=" + p.Theme
	}
	if p.Lesson != "" && !p.Embed {
		q += "&lesson=" + p.Lesson
	}
	if p.Mode != "" && p.Mode != "explore" {
		q += "&mode=" + p.Mode
	}
	if p.Controls != "" && p.Controls != "full" {
		q += "&controls=" + p.Controls
	}
	return q
}

// renderFragments renders every replaceable part of the page, keyed by
// element id: the same components as the first load.
func renderFragments(ctx context.Context, v viewKey, st sim.State, evs []sim.Event) (map[string]string, error) {
	lang := templates.Lang(v.lang)
	p := templates.Page{
		Lang: lang, T: templates.For(lang),
		Opts: templates.Options{Controls: v.controls, Mode: v.mode, Speed: DefaultSpeed, Speeds: Speeds},
		Lab:  labFromState(st, evs),
	}
	out := map[string]string{}
	var b strings.Builder
	for _, f := range templates.Fragments(p) {
		b.Reset()
		if err := f.Component.Render(ctx, &b); err != nil {
			return nil, fmt.Errorf("render fragment %s: %w", f.ID, err)
		}
		out[f.ID] = b.String()
	}
	return out, nil
}

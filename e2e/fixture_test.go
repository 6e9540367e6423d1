package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"procscope/templates"
	"procscope/templates/sample"
	"procscope/web"
)

// The fixture server draws the sample states of package templates/sample
// with the real components, CSS and client script, and answers the socket
// protocol with those states: spawn → Spawned, fork → ForkedClean, write →
// Forked, back → the previous state. It tests the page and its client
// without depending on the simulator or the session layer.

var samples = map[string]func() templates.Lab{
	"fresh": sample.Fresh, "spawned": sample.Spawned, "forked-clean": sample.ForkedClean,
	"forked": sample.Forked, "crowded": sample.Crowded,
}

const fixtureCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'self'"

func fixturePage(r *http.Request, lab templates.Lab) templates.Page {
	q := r.URL.Query()
	lang := templates.Lang(q.Get("lang"))
	opts := templates.Options{Theme: q.Get("theme"), Controls: "full", Mode: "explore", Speed: 5}
	if m := q.Get("mode"); m != "" {
		opts.Mode = m
	}
	state := q.Get("state")
	urls := map[string]string{}
	for _, l := range templates.Langs {
		urls[l] = "?lang=" + l + "&state=" + state
	}
	return templates.Page{
		Lang: lang, T: templates.For(lang), Opts: opts, Lab: lab, LangURLs: urls,
		Assets: templates.Assets{CSS: "/static/t/app.css", JS: "/static/t/app.js"},
		WSPath: "/ws?lang=" + lang + "&state=" + state,
	}
}

func startFixture(t *testing.T) string {
	t.Helper()
	static, err := fs.Sub(web.Static, "static")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /static/t/", http.StripPrefix("/static/t/", http.FileServerFS(static)))
	mux.HandleFunc("GET /lab", func(w http.ResponseWriter, r *http.Request) {
		mk, ok := samples[r.URL.Query().Get("state")]
		if !ok {
			mk = sample.Fresh
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if err := templates.LabPage(fixturePage(r, mk())).Render(r.Context(), w); err != nil {
			t.Errorf("render: %v", err)
		}
	})
	mux.HandleFunc("GET /ws", func(w http.ResponseWriter, r *http.Request) {
		conn, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer conn.CloseNow()
		fixtureSession(r, conn)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", fixtureCSP)
		mux.ServeHTTP(w, r)
	}), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = hs.Shutdown(ctx)
	})
	return "http://" + ln.Addr().String()
}

type fixtureMsg struct {
	Op   string `json:"op"`
	Tid  int    `json:"tid"`
	Pid  int    `json:"pid"`
	N    int64  `json:"n"`
	Name string `json:"name"`
}

func fixtureSession(r *http.Request, conn *websocket.Conn) {
	ctx := r.Context()
	mk, ok := samples[r.URL.Query().Get("state")]
	if !ok {
		mk = sample.Fresh
	}
	history := []templates.Lab{mk()}
	seq := 0
	send := func(v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		return conn.Write(ctx, websocket.MessageText, b)
	}
	frame := func() error {
		seq++
		lab := history[len(history)-1]
		p := fixturePage(r, lab)
		frags := map[string]string{}
		for _, f := range templates.Fragments(p) {
			var buf bytes.Buffer
			if err := f.Component.Render(ctx, &buf); err != nil {
				return err
			}
			frags[f.ID] = buf.String()
		}
		var evs []map[string]any
		for _, e := range lab.Events {
			if e.New {
				evs = append(evs, map[string]any{"kind": e.Kind, "pid": e.Pid, "tid": e.Tid, "other": e.Other})
			}
		}
		return send(map[string]any{"type": "frame", "seq": seq, "tick": lab.Tick, "events": evs, "fragments": frags})
	}
	if frame() != nil {
		return
	}
	for {
		_, data, err := conn.Read(ctx)
		if err != nil {
			return
		}
		var m fixtureMsg
		if err := json.Unmarshal(data, &m); err != nil {
			_ = send(map[string]any{"type": "error", "code": "BADMSG", "message": templates.For("en").ErrorText("BADMSG")})
			continue
		}
		next := map[string]func() templates.Lab{"spawn": sample.Spawned, "fork": sample.ForkedClean, "write": sample.Forked}[m.Op]
		switch {
		case next != nil:
			history = append(history, next())
		case m.Op == "hello":
			continue // the first frame went out already
		case m.Op == "step" || m.Op == "goto":
			// the fixture has no machine: answer with the same state
		case m.Op == "back" && len(history) > 1:
			history = history[:len(history)-1]
		case m.Op == "export":
			_ = send(map[string]any{"type": "export", "name": m.Name, "mime": "text/plain", "body": "spawn 2\n"})
			continue
		default:
			lang := templates.Lang(r.URL.Query().Get("lang"))
			_ = send(map[string]any{"type": "error", "code": "EINVAL", "message": templates.For(lang).ErrorText("EINVAL") + " (" + strings.TrimSpace(m.Op) + ")"})
			continue
		}
		if frame() != nil {
			return
		}
	}
}

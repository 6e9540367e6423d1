package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/coder/websocket"

	"procscope/sim"
	"procscope/templates"
)

// readLimit bounds one client message: commands are tiny.
const readLimit = 4 << 10

// writeTimeout is how long a frame may take to send before the client is
// dropped as too slow.
const writeTimeout = 5 * time.Second

// socket is one open WebSocket.
type socket struct {
	conn *websocket.Conn
}

func (c *socket) goAway() { _ = c.conn.Close(websocket.StatusGoingAway, "server shutting down") }

// frame is the message that carries new state to the page.
type frame struct {
	Type      string            `json:"type"`
	Seq       int               `json:"seq"`
	Tick      uint64            `json:"tick"`
	Fragments map[string]string `json:"fragments,omitempty"`
}

func (s *Server) handleSocket(w http.ResponseWriter, r *http.Request) {
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{OriginPatterns: s.cfg.OriginPatterns})
	if err != nil {
		return // Accept has already answered the request.
	}
	conn.SetReadLimit(readLimit)
	c := &socket{conn: conn}
	if !s.track(c) {
		c.goAway()
		return
	}
	defer s.untrack(c)

	lang := templates.Lang(r.URL.Query().Get("lang"))
	if err := s.sendFirstFrame(c, lang); err != nil {
		s.log.Debug("first frame", "err", err)
		return
	}
	// Read until the client goes; commands arrive with the session issue.
	for {
		if _, _, err := conn.Read(s.life); err != nil {
			if websocket.CloseStatus(err) == -1 && !errors.Is(err, context.Canceled) {
				s.log.Debug("socket read", "err", err)
			}
			return
		}
	}
}

func (s *Server) sendFirstFrame(c *socket, lang string) error {
	m, err := sim.New(sim.Config{Seed: 1})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := templates.AddressSpaces(templates.For(lang), templates.Options{Controls: "full", Mode: "explore"}, labView(m)).Render(s.life, &buf); err != nil {
		return err
	}
	msg, err := json.Marshal(frame{Type: "frame", Seq: 1, Fragments: map[string]string{"address-spaces": buf.String()}})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(s.life, writeTimeout)
	defer cancel()
	return c.conn.Write(ctx, websocket.MessageText, msg)
}

// track registers an open socket; it refuses once the server is closing.
func (s *Server) track(c *socket) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.sockets[c] = struct{}{}
	s.wg.Add(1)
	return true
}

func (s *Server) untrack(c *socket) {
	s.mu.Lock()
	delete(s.sockets, c)
	s.mu.Unlock()
	s.wg.Done()
}

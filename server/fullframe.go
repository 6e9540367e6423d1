package server

import "encoding/json"

// fullFrames are the messages that bring a connection up to date from
// nothing at the session's current state: the full frame of each view in
// use and the JSON snapshot, kept while the session is a room (an idle
// lab of one would hold ~50 KB for nobody). A lecture hall joins at once; the first
// joiner of a view pays for the render (and the saved lab's compression)
// and every other gets the same bytes, so a join costs the same whether
// the room has ten followers or a thousand. Anything that changes what a
// full frame says (a publish, a jump, play or pause, any control op) makes
// them stale.
type fullFrames struct {
	frames   map[viewKey][]byte
	snapshot []byte
}

// staleLocked forgets the full frames: the state they show has changed.
func (s *session) staleLocked() { s.fulls = fullFrames{} }

// sendFullLocked sends one connection a full frame in its current view
// (after it attached, fell behind, or its role changed the controls it
// sees), rendered once per view and state.
func (s *session) sendFullLocked(c *conn) {
	v := c.frameView()
	if b, ok := s.fulls.frames[v]; ok {
		c.send(b)
		return
	}
	fc, err := s.commonLocked(nil, true)
	if err != nil {
		s.log.Error("encode full frame", "err", err)
		return
	}
	b, err := s.frameLocked(v, fc, true, nil)
	if err != nil {
		s.log.Error("render full frame", "err", err)
		return
	}
	if s.room != nil { // a lab of one is not joined: keeping its frame would only hold memory
		if s.fulls.frames == nil {
			s.fulls.frames = map[viewKey][]byte{}
		}
		s.fulls.frames[v] = b
	}
	c.send(b)
}

// snapshotLocked is the full state as JSON, built once per state.
func (s *session) snapshotLocked() ([]byte, error) {
	if s.fulls.snapshot != nil {
		return s.fulls.snapshot, nil
	}
	m, err := wireJSON(s.lab.Machine().State())
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(snapshotMsg{Type: "snapshot", Seq: s.seq, Save: s.saveLocked(), Machine: m})
	if err != nil {
		return nil, err
	}
	if s.room != nil {
		s.fulls.snapshot = b
	}
	return b, nil
}

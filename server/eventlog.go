package server

import (
	"context"
	"strings"

	"procscope/sim"
	"procscope/templates"
	"procscope/viewmodel"
)

// The event log is the one part of the page that only grows: a step adds a
// few lines to a list of up to maxRecentEvents. Once a view's pages hold
// the list, a frame carries only the new items (frameMsg.Log) and the
// page puts them on top; re-rendering and re-sending the whole list on
// every step was a fifth of a frame's CPU and most of its bytes.

// eventWindow is the event log a frame shows: the newest events, oldest
// first, numbered on from first. Numbers run on across frames (an item
// keeps its number, and its element id, as long as it is listed), so a
// page can add new items to the list it has.
type eventWindow struct {
	events []sim.Event
	first  uint64
	// skip leaves the event-log fragment out: the view's pages have the
	// list and get the new items as a logAdd.
	skip bool
}

// logAdd is what a frame adds to the event log of a page that has it.
type logAdd struct {
	Add  string `json:"add"`  // the new items, newest first, as the list shows them
	Keep int    `json:"keep"` // then the list keeps its newest Keep items
}

// windowLocked is the session's event log as a window for the frame.
func (s *session) windowLocked() eventWindow {
	return eventWindow{events: s.recent, first: s.logSeq - uint64(len(s.recent)) + 1}
}

// numberEvents numbers the events of a lab view from first on.
func numberEvents(evs []templates.Event, first uint64) {
	for i := range evs {
		evs[i].Seq = int(first) + i
	}
}

// newEvents renders the items a view's pages lack: those numbered after
// sent. Which of them are marked new follows labFromState (the events of
// the latest tick).
func newEvents(ctx context.Context, v viewKey, w eventWindow, sent uint64) (string, error) {
	end := w.first + uint64(len(w.events)) // the number after the newest
	n := len(w.events)
	if sent+1 > w.first {
		n = int(end - (sent + 1))
	}
	if n <= 0 {
		return "", nil
	}
	last := w.events[len(w.events)-1].Tick
	views := make([]templates.Event, 0, n)
	for _, e := range w.events[len(w.events)-n:] {
		views = append(views, viewmodel.EventView(0, e, e.Tick == last))
	}
	numberEvents(views, end-uint64(n))
	var b strings.Builder
	lang := templates.Lang(v.lang)
	o := templates.Options{Controls: v.controls, Mode: v.mode}
	err := templates.EventItems(templates.For(lang), o, views).Render(ctx, &b)
	return b.String(), err
}

// logFrameLocked decides how a view's frame shows the event log: whole
// (a full frame, or the view's pages have no list yet) or, with skip, as
// the items numbered after sent.
func (s *session) logFrameLocked(v viewKey, full bool) (w eventWindow, sent uint64) {
	w = s.windowLocked()
	sent = s.logSent[v]
	w.skip = !full && sent > 0 && len(w.events) > 0
	return w, sent
}

// logSentLocked records that a view's pages now hold the event log as it
// is: the number of its newest item, or 0 for no list ("no events yet").
func (s *session) logSentLocked(v viewKey) {
	if s.logSent == nil {
		s.logSent = map[viewKey]uint64{}
	}
	s.logSent[v] = 0
	if len(s.recent) > 0 {
		s.logSent[v] = s.logSeq
	}
}

package server

import (
	"strconv"
	"testing"

	"procscope/lessons"
)

// BenchmarkRosterOf300 is what a lecture hall of 300 self-paced students
// costs the teacher's side per roster message when every student changed
// since the last one (the worst case: a message at most every
// rosterEvery): the encoding time and the bytes on the teacher's socket.
func BenchmarkRosterOf300(b *testing.B) {
	l, ok := lessons.Get(pacedLesson)
	if !ok {
		b.Skip("no lesson " + pacedLesson)
	}
	r := &roster{lesson: l, limit: 300, bySession: map[string]*seat{}, dirty: map[*seat]struct{}{}}
	for i := range 300 {
		st, _ := r.sit("session"+strconv.Itoa(i), "")
		st.nick = "학생이름" + strconv.Itoa(i)
	}
	var size int
	for i := 0; b.Loop(); i++ {
		r.mu.Lock()
		for _, st := range r.seats {
			r.markLocked(st, rosterEntry{Step: 1 + i%5, Predicted: i % 3, Correct: i % 2, Connected: true})
		}
		r.mu.Unlock()
		msg, _ := r.takeChanged()
		size = len(msg)
	}
	b.ReportMetric(float64(size), "bytes/msg")
}

package server

import "slices"

// keepFutureLocked remembers the lab before a jump back in time (back,
// goto), so that forward can replay what was undone. Only the first jump
// since the last new command is kept: going back twice keeps the furthest
// future.
func (s *session) keepFutureLocked() {
	if s.future == nil {
		s.future, s.futureLog = s.lab.Clone(), slices.Clone(s.recent)
	}
}

// futureTick is the furthest tick forward can reach (the current tick
// when there is nothing to redo).
func (s *session) futureTick() uint64 {
	if s.future == nil {
		return s.lab.Machine().Tick()
	}
	return max(s.future.Machine().Tick(), s.lab.Machine().Tick())
}

// forwardLocked replays n ticks of the undone future: a copy of the
// remembered lab goes to the target tick by the same replay back uses, so
// the state is the one seen before, bit for bit, and the event log shows
// the events up to that tick again.
func (s *session) forwardLocked(n int64) error {
	now := s.lab.Machine().Tick()
	if n < 1 || s.future == nil || s.futureTick() <= now {
		return errorf(CodeBadTick, "forward %d from tick %d: nothing was undone", n, now)
	}
	target := min(now+uint64(n), s.futureTick())
	l := s.future.Clone()
	if err := l.Goto(target); err != nil {
		return errorf(CodeBadTick, "forward to %d: %v", target, err)
	}
	s.lab = l
	s.recent = s.recent[:0]
	for _, e := range s.futureLog {
		if e.Tick <= target {
			s.recent = append(s.recent, e)
		}
	}
	s.pending, s.full, s.commands = nil, true, len(s.lab.History())
	s.slog = saveLog{} // another history: the next save rebuilds its log
	return nil
}

package server

import (
	"time"

	"procscope/sim"
)

// playPace turns a speed (instructions per second) into a step size and a
// period: one "step k" per period, at most frameRate periods per second.
// k is constant for a speed, so a long play is a run of identical commands
// that the saved log writes once, and the pace is exact: k/period = speed.
func playPace(speed, frameRate int) (k int64, period time.Duration) {
	if speed <= frameRate {
		return 1, time.Second / time.Duration(speed)
	}
	k = int64((speed + frameRate - 1) / frameRate)
	return k, time.Duration(k) * time.Second / time.Duration(speed)
}

// ticker is a source of play ticks; tests replace the real one to move
// time by hand.
type ticker interface {
	C() <-chan time.Time
	Stop()
}

type realTicker struct{ t *time.Ticker }

func (r realTicker) C() <-chan time.Time { return r.t.C }
func (r realTicker) Stop()               { r.t.Stop() }

func newRealTicker(d time.Duration) ticker { return realTicker{time.NewTicker(d)} }

// play runs while the session plays: each tick appends one "step k" to the
// history and publishes one frame. It ends on pause, when the last viewer
// leaves (an unwatched lab costs nothing), when the session ends, or at
// the history limit.
func (s *session) play(stop <-chan struct{}, k int64, t ticker) {
	defer s.srv.wg.Done()
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-s.srv.life.Done():
			return
		case <-t.C():
		}
		more := true
		s.do(nil, "play-step", func() error {
			select {
			case <-stop: // paused while this tick waited for the lock
				more = false
				return nil
			default:
			}
			evs, err := s.stepLocked(k)
			if err != nil {
				s.stopPlayLocked()
				s.broadcastError(err)
				more = false
			}
			if ranIdle(evs) { // nothing left to run: pause instead of spinning
				s.stopPlayLocked()
				more = false
			}
			s.publishLocked(false)
			return nil
		})
		if !more {
			return
		}
	}
}

// ranIdle says whether a step found no thread to run: its last event is
// the machine's idle event.
func ranIdle(evs []sim.Event) bool {
	return len(evs) > 0 && evs[len(evs)-1].Kind == sim.EvIdle
}

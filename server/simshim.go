package server

// Until package sim grows its Lab, Command and Event types (see
// notes/sim-api.md), these stand-ins with the same shape let the server be
// built and tested. Replace them with aliases of the sim types:
// type command = sim.Command, event = sim.Event, simState = sim.State.

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"procscope/sim"
)

// command is sim.Command.
type command struct {
	Op   string
	Tid  int
	Pid  int
	N    int64
	Name string
	Addr uint64
}

// simOps is the simulator's command table (docs/commands.md).
var simOps = []string{"spawn", "fork", "exit", "thread-exit", "call", "ret", "write", "malloc", "free", "kill", "wait", "exec", "subreaper", "step", "run"}

func parseCommand(line string) (command, error) {
	f := strings.Fields(line)
	if len(f) == 0 {
		return command{}, errors.New("empty command")
	}
	c := command{Op: f[0]}
	if len(f) > 1 {
		n, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			return command{}, fmt.Errorf("%s: bad number %q", f[0], f[1])
		}
		if c.Op == "step" {
			c.N = n
		} else {
			c.Tid = int(n)
		}
	}
	return c, c.Validate()
}

func (c command) String() string {
	if c.Op == "step" {
		return fmt.Sprintf("step %d", c.N)
	}
	if c.Tid != 0 {
		return fmt.Sprintf("%s %d", c.Op, c.Tid)
	}
	return c.Op
}

func (c command) Validate() error {
	found := false
	for _, op := range simOps {
		found = found || op == c.Op
	}
	if !found {
		return fmt.Errorf("unknown command %q", c.Op)
	}
	if c.Op == "step" && c.N < 1 {
		return fmt.Errorf("step %d: want a count of at least 1", c.N)
	}
	return nil
}

// event is sim.Event.
type event struct {
	Tick  uint64
	Kind  string
	Pid   int
	Tid   int
	Other int
	Addr  uint64
	Value int64
}

// simState is sim.State.
type simState struct {
	Tick         uint64
	Clock        uint64
	Instructions uint64
	Seed         int64
}

// shimLab is a stand-in lab: a tick counter with a history.
type shimLab struct {
	cfg  labConfig
	st   simState
	hist []command
}

func newShimLab(cfg labConfig) (lab, error) {
	return &shimLab{cfg: cfg, st: simState{Seed: cfg.Seed}}, nil
}

func (l *shimLab) Apply(c command) []event {
	if err := c.Validate(); err != nil {
		return []event{{Tick: l.st.Tick, Kind: "error"}}
	}
	l.hist = append(l.hist, c)
	return l.run(c)
}

func (l *shimLab) run(c command) []event {
	l.st.Tick++
	if c.Op == "step" {
		l.st.Tick += uint64(c.N)
		l.st.Instructions += uint64(c.N)
	}
	l.st.Clock = l.st.Tick * 10
	return []event{{Tick: l.st.Tick, Kind: c.Op, Tid: c.Tid}}
}

func (l *shimLab) Back(n int) error {
	if n < 0 || uint64(n) > l.st.Tick {
		return fmt.Errorf("back %d: only %d ticks of history", n, l.st.Tick)
	}
	return l.Goto(l.st.Tick - uint64(n))
}

func (l *shimLab) Goto(tick uint64) error {
	if tick > l.st.Tick {
		return fmt.Errorf("goto %d: the lab is at tick %d", tick, l.st.Tick)
	}
	old := l.hist
	l.hist, l.st = nil, simState{Seed: l.cfg.Seed}
	for _, c := range old {
		if l.st.Tick >= tick {
			break
		}
		if c.Op == "step" && l.st.Tick+1+uint64(c.N) > tick {
			c.N = int64(tick - l.st.Tick - 1)
			if c.N < 1 {
				break
			}
		}
		l.hist = append(l.hist, c)
		l.run(c)
	}
	return nil
}

func (l *shimLab) History() []command { return append([]command(nil), l.hist...) }
func (l *shimLab) State() simState    { return l.st }

// shimRender renders the address spaces of a fresh machine.
func (s *Server) shimRender(lang string, st simState, _ []event) (map[string]string, error) {
	m, err := sim.New(sim.Config{Seed: st.Seed})
	if err != nil {
		return nil, err
	}
	return renderFragments(s.life, lang, m.State(), nil)
}

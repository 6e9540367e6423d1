package server

import (
	"context"
	"encoding/json"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"

	"procscope/sim"
)

// page is what a browser holds of the page's fragments: the markup of
// each fragment, patched by frames as app.js patches it (a fragment
// replaced whole, a part replaced inside whatever fragment holds it).
type page map[string]string

// apply patches the page with a frame's fragments.
func (p page) apply(t *testing.T, frags map[string]string) {
	t.Helper()
	for id, html := range frags {
		if _, ok := p[id]; ok {
			p[id] = html
			continue
		}
		p.edit(t, id, func(f string, start, end int) string { return f[:start] + html + f[end:] })
	}
}

// appendTo adds markup at the end of element id, as app.js does with a
// frame's append.
func (p page) appendTo(t *testing.T, id, html string) {
	t.Helper()
	p.edit(t, id, func(f string, _, end int) string {
		closing := strings.LastIndex(f[:end], "</")
		return f[:closing] + html + f[closing:]
	})
}

// insert puts an element after or before its sibling, as app.js does
// with a frame's insert.
func (p page) insert(t *testing.T, in insertEdit) {
	t.Helper()
	if in.After != "" {
		p.edit(t, in.After, func(f string, _, end int) string { return f[:end] + in.HTML + f[end:] })
	} else {
		p.edit(t, in.Before, func(f string, start, _ int) string { return f[:start] + in.HTML + f[start:] })
	}
}

// remove drops element id, as app.js does with a frame's remove.
func (p page) remove(t *testing.T, id string) {
	t.Helper()
	p.edit(t, id, func(f string, start, end int) string { return f[:start] + f[end:] })
}

// trim drops the first k child elements of element id, as app.js does
// with a frame's trim.
func (p page) trim(t *testing.T, id string, k int) {
	t.Helper()
	p.edit(t, id, func(f string, start, _ int) string {
		from := start + strings.IndexByte(f[start:], '>') + 1
		pos := from
		for range k {
			child := pos + strings.IndexByte(f[pos:], '<')
			end, _ := elementEnd(f, child)
			if end < 0 || strings.HasPrefix(f[child:], "</") {
				t.Fatalf("trim %d of %s: it has fewer children", k, id)
			}
			pos = end
		}
		return f[:from] + f[pos:]
	})
}

// edit changes element id, wherever a fragment of the page holds it: with
// the fragment's markup and where the element starts and ends in it,
// change returns the fragment's new markup.
func (p page) edit(t *testing.T, id string, change func(f string, start, end int) string) {
	t.Helper()
	for fid, f := range p {
		at := strings.Index(f, ` id="`+id+`"`)
		if at < 0 {
			continue
		}
		start := strings.LastIndexByte(f[:at], '<')
		end, _ := elementEnd(f, start)
		if strings.HasPrefix(f[start:], "<input ") { // a void element ends with its tag
			end = start + strings.IndexByte(f[start:], '>') + 1
		}
		if end < 0 {
			t.Fatalf("element %s: no end in fragment %s", id, fid)
		}
		p[fid] = change(f, start, end)
		return
	}
	t.Fatalf("a frame changes %s, which no fragment of the page holds", id)
}

// frameSession is a solo lab of a lesson watched by one fake connection
// per view, with a page per view built from their frames.
type frameSession struct {
	s       *session
	conns   []*conn
	pages   []page
	bytes   int // the size of the first view's last frame
	appends int // how many appends the frames carried
	trims   int // and how many trims
	inserts int // how many insertions
	removes int // and removals
}

func newFrameSession(t *testing.T, lesson string, views ...viewKey) *frameSession {
	t.Helper()
	return newFrameSessionOf(t, labConfig{Seed: 1, Lesson: lesson}, views...)
}

// newFrameSessionOf is newFrameSession for a lab of any config.
func newFrameSessionOf(t *testing.T, cfg labConfig, views ...viewKey) *frameSession {
	t.Helper()
	srv, err := newServer(Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.CloseSockets)
	s, err := srv.newSession(cfg, nil, netip.Addr{})
	if err != nil {
		t.Fatal(err)
	}
	fs := &frameSession{s: s}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range views {
		c := &conn{srv: srv, out: make(chan []byte, 64), kill: make(chan struct{}), view: v}
		s.attachLocked(c, roleSolo)
		fs.conns = append(fs.conns, c)
		fs.pages = append(fs.pages, page{})
	}
	fs.read(t)
	return fs
}

// read applies every frame the connections got to their pages and
// returns the ids the last frame of the first view carried.
func (fs *frameSession) read(t *testing.T) (last []string) {
	t.Helper()
	for i, c := range fs.conns {
		for len(c.out) > 0 {
			var f struct {
				Type      string            `json:"type"`
				Full      bool              `json:"full"`
				Fragments map[string]string `json:"fragments"`
				Append    map[string]string `json:"append"`
				Trim      map[string]int    `json:"trim"`
				Remove    []string          `json:"remove"`
				Insert    []insertEdit      `json:"insert"`
			}
			msg := <-c.out
			if err := json.Unmarshal(msg, &f); err != nil {
				t.Fatal(err)
			}
			if f.Type != "frame" {
				continue
			}
			if f.Full {
				fs.pages[i] = page{}
				maps.Copy(fs.pages[i], f.Fragments)
			} else {
				for _, id := range f.Remove {
					fs.pages[i].remove(t, id)
					fs.removes++
				}
				for _, in := range f.Insert {
					fs.pages[i].insert(t, in)
					fs.inserts++
				}
				fs.pages[i].apply(t, f.Fragments)
			}
			for id, k := range f.Trim {
				fs.pages[i].trim(t, id, k)
				fs.trims++
			}
			for id, html := range f.Append {
				fs.pages[i].appendTo(t, id, html)
				fs.appends++
			}
			if i == 0 {
				last, fs.bytes = slices.Sorted(maps.Keys(f.Fragments)), len(msg)
				for id := range f.Append {
					last = append(last, "+"+id)
				}
				for _, in := range f.Insert {
					last = append(last, "insert:"+in.After+in.Before)
				}
				last = append(last, f.Remove...)
			}
		}
	}
	return last
}

// do applies a command, publishes its frame and patches the pages.
func (fs *frameSession) do(t *testing.T, c sim.Command) []string {
	t.Helper()
	fs.s.mu.Lock()
	fs.s.applyLocked(c)
	fs.s.publishLocked(false)
	fs.s.mu.Unlock()
	return fs.read(t)
}

// back goes n ticks back, as the page's "back" does.
func (fs *frameSession) back(t *testing.T, n string) {
	t.Helper()
	k, _ := strconv.Atoi(n)
	fs.s.mu.Lock()
	if err := fs.s.controlLocked(request{Op: "back", N: int64(k)}); err != nil {
		t.Fatal(err)
	}
	fs.s.publishLocked(false)
	fs.s.mu.Unlock()
	fs.read(t)
}

// check compares every view's patched page with a fresh render of the
// whole page at the session's state.
func (fs *frameSession) check(t *testing.T, after string) {
	t.Helper()
	fs.s.mu.Lock()
	defer fs.s.mu.Unlock()
	for i, c := range fs.conns {
		v := c.frameView()
		v.lesson = fs.s.cfg.Lesson
		w := fs.s.windowLocked()
		fresh, err := renderFragments(context.Background(), v, fs.s.lab.Machine().State(), w)
		if err != nil {
			t.Fatal(err)
		}
		for id, html := range fresh {
			if id == "event-log" {
				continue // appended by the page, not patched (eventlog_test.go)
			}
			if got := fs.pages[i][id]; got != html {
				t.Fatalf("after %s, view %+v: fragment %s as patched differs from a fresh render:\n%s", after, v, id, firstDiff(got, html))
			}
		}
	}
}

// firstDiff shows where two markups part.
func firstDiff(a, b string) string {
	n := 0
	for n < min(len(a), len(b)) && a[n] == b[n] {
		n++
	}
	from := max(0, n-120)
	return "patched: …" + a[from:min(len(a), n+120)] + "\nfresh:   …" + b[from:min(len(b), n+120)]
}

// A page patched frame by frame with only the fragments and parts whose
// models changed equals the page rendered afresh, after every command of
// sessions that fork, spawn, write, exit, kill, reap, pipe, lock, call
// and step, in two views (a full page in English, a read-only one in
// Korean). A fragment model that missed a value its markup reads would
// leave a stale piece here.
func TestPatchedFramesEqualAFreshRender(t *testing.T) {
	views := []viewKey{
		{lang: "en", controls: "full", mode: "explore"},
		{lang: "ko", controls: "full", mode: "readonly"},
	}
	for _, c := range []struct {
		lesson, prog string
		cmds         []string
	}{
		{"", "", []string{
			"step 1", "step 1", "fork 2", "step 3", "spawn 2 worker", "step 2", "write 3 counter 7", "call 2 3", "malloc 2 64",
			"step 5", "pipe 2", "step 1", "thread-exit 4", "step 2", "kill 3 9", "step 1", "wait 2", "step 4",
			"fork 2", "fork 2", "step 10", "lock 2 counter", "step 3", "unlock 2 counter", "step 1",
		}},
		// threads and processes that come and go: cards, axis rows and
		// text-view rows inserted and removed (keyed parts)
		{"", "", []string{
			"fork 2", "spawn 2 worker", "spawn 2 worker", "spawn 3 worker", "step 4", "thread-exit 5", "step 3",
			"spawn 2 worker", "exit 3 0", "step 2", "wait 2", "step 2", "spawn 2 worker", "kill 2 9", "step 1",
		}},
		{"fork-cow", "", []string{"step 1", "step 5", "step 20", "step 40", "step 1", "step 100", "step 1"}},
		// back in time, then another history: the views kept by version
		// must not be taken for the new history's
		{"", spin, []string{"step 3", "fork 2", "step 2", "step 1", "back 4", "spawn 2", "step 1", "step 1", "back 2", "step 1", "fork 2", "step 2"}},
		// the same pid and version as before the jump, another state
		{"", "", []string{"step 1", "write 2 counter 5", "fork 2", "back 2", "write 2 counter 6", "fork 2", "step 1"}},
		{"race-mutex-atomic", "", []string{"step 1", "step 30", "step 30", "step 1", "step 200", "step 1"}},
		{"pipe-eof", "", []string{"step 10", "step 50", "step 1", "step 200"}},
		// two processes that switch often: steps append to the chart and,
		// once the window of events slides, drop from its start
		{"counter-race", spin, append([]string{"fork 2", "step 40"}, slices.Repeat([]string{"step 1"}, 30)...)},
		{"counter-race", spin, append([]string{"fork 2", "step 600"}, slices.Repeat([]string{"step 1"}, 40)...)},
	} {
		name := c.lesson
		if name == "" {
			name = "free-lab"
		}
		t.Run(name, func(t *testing.T) {
			fs := newFrameSessionOf(t, labConfig{Seed: 1, Lesson: c.lesson, Program: c.prog}, views...)
			fs.check(t, "the first frame")
			for _, line := range c.cmds {
				if n, ok := strings.CutPrefix(line, "back "); ok {
					fs.back(t, n)
					fs.check(t, line)
					continue
				}
				cmd, err := sim.ParseCommand(line)
				if err != nil {
					t.Fatalf("%q: %v", line, err)
				}
				fs.do(t, cmd)
				fs.check(t, line)
			}
			jumps := slices.ContainsFunc(c.cmds, func(l string) bool { return strings.HasPrefix(l, "back ") })
			if c.lesson == "" && !jumps && (fs.inserts == 0 || fs.removes == 0) {
				t.Errorf("%d insertions, %d removals: the test does not check both", fs.inserts, fs.removes)
			}
			if c.lesson == "counter-race" && fs.appends == 0 {
				t.Errorf("no frame appended to the CPU chart: the test does not check appending")
			}
			if c.lesson == "counter-race" && slices.Contains(c.cmds, "step 600") && fs.trims == 0 {
				t.Errorf("no frame trimmed a list: the test does not check trimming")
			}
		})
	}
}

// A step that moves one thread renders the pieces that show it — the
// registers of its card that changed and its line, its text-view rows,
// the CPUs' running slice and cursor, the counters, the program's marks,
// the pc and sp markers in the regions they point into — and none of the
// rest: no card whole, no other thread's register, no region cell whole
// (unless it holds a value the step wrote), no closed slice of the CPU
// chart, not the frames, the tree, the IPC or the action bar. Renders are
// counted, not timed.
func TestAStepRendersOnlyWhatChanged(t *testing.T) {
	fs := newFrameSession(t, "", viewKey{lang: "en", controls: "full", mode: "explore"})
	for _, l := range []string{"fork 2", "spawn 2 worker", "step 1"} {
		cmd, _ := sim.ParseCommand(l)
		fs.do(t, cmd)
	}
	before := pieceRenders.Load()
	step, _ := sim.ParseCommand("step 1")
	sent := fs.do(t, step)
	renders := pieceRenders.Load() - before
	if renders != int64(len(sent)) {
		t.Errorf("%d renders for %d pieces sent %v: a piece was rendered for nothing", renders, len(sent), sent)
	}
	var regs, cells, markers []string
	for _, id := range sent {
		switch {
		case strings.HasPrefix(id, "thread-"):
			t.Errorf("a step that changed registers redrew the card %s (sent %v)", id, sent)
		case strings.HasPrefix(id, "r") && strings.Contains(id, "-") && !strings.HasPrefix(id, "readout"):
			regs = append(regs, id)
		case strings.HasPrefix(id, "cell-"):
			cells = append(cells, id)
		case strings.HasPrefix(id, "mk-"):
			markers = append(markers, id)
		case strings.HasPrefix(id, "gantt-") && id != "gantt-now" && !strings.HasSuffix(id, "-run"):
			t.Errorf("a step without a switch redrew the chart's closed slices %s (sent %v)", id, sent)
		case slices.Contains([]string{"cpus", "address-spaces", "threads", "text-view", "frames", "proc-tree", "ipc", "actions", "toolbar", "lesson", "program-code", "editor-files", "terminal"}, id):
			t.Errorf("a step rendered the whole %s fragment (sent %v)", id, sent)
		}
	}
	if len(regs) == 0 || !slices.Contains(regs, "r2-pc") {
		t.Errorf("a step of thread 2 rendered registers %v, want its pc among them", regs)
	}
	for _, r := range regs {
		if !strings.HasPrefix(r, "r2-") {
			t.Errorf("a step of thread 2 rendered another thread's register %s", r)
		}
	}
	if len(markers) == 0 || len(markers) > 2 {
		t.Errorf("a step moved markers %v, want those in the text and stack regions its pc and sp point into", markers)
	}
	if len(cells) > 1 {
		t.Errorf("a step rendered regions %v, want at most a data region it wrote", cells)
	}
	for _, want := range []string{"readout", "gantt-now", "gantt-0-run"} {
		if !slices.Contains(sent, want) {
			t.Errorf("a step did not render %s (sent %v)", want, sent)
		}
	}
	t.Logf("a step of one thread: a frame of %d bytes carrying %v", fs.bytes, sent)
	if again := fs.do(t, step); slices.Contains(again, "counts") {
		t.Errorf("a step that made and ended nothing rendered the counts again (sent %v)", again)
	}
}

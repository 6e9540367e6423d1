package server

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"procscope/lessons"
	"procscope/sim"
)

// snapshot asks for the machine state and decodes it into sim.State: the
// lower-case wire keys decode straight into the simulator's types.
func (c *client) snapshot() (sim.State, map[string]any) {
	c.t.Helper()
	c.send(map[string]any{"op": "snapshot"})
	b, err := c.readBytes()
	if err != nil {
		c.t.Fatal(err)
	}
	var msg struct {
		Type    string          `json:"type"`
		Machine json.RawMessage `json:"machine"`
	}
	if err := json.Unmarshal(b, &msg); err != nil || msg.Type != "snapshot" {
		c.t.Fatalf("want a snapshot, got %.200s (%v)", b, err)
	}
	var st sim.State
	if err := json.Unmarshal(msg.Machine, &st); err != nil {
		c.t.Fatal(err)
	}
	var raw map[string]any
	json.Unmarshal(msg.Machine, &raw)
	return st, raw
}

func process(t *testing.T, st sim.State, pid int) sim.ProcessState {
	t.Helper()
	for _, p := range st.Processes {
		if p.Pid == pid {
			return p
		}
	}
	t.Fatalf("no process %d in %d processes", pid, len(st.Processes))
	return sim.ProcessState{}
}

func global(t *testing.T, p sim.ProcessState, name string) sim.GlobalState {
	t.Helper()
	for _, g := range p.Globals {
		if g.Name == name {
			return g
		}
	}
	t.Fatalf("pid %d has no global %q", p.Pid, name)
	return sim.GlobalState{}
}

func jsonClient(t *testing.T, h *harness, hello map[string]any) *client {
	t.Helper()
	c := h.dial("/ws")
	if hello == nil {
		hello = map[string]any{}
	}
	hello["format"] = "json"
	c.hello(hello)
	return c
}

func (c *client) do(msg map[string]any) map[string]any {
	c.t.Helper()
	c.send(msg)
	return c.read("frame")
}

func TestSpawnShowsANewThreadWithAGuardPageBelowItsStack(t *testing.T) {
	h := newHarness(t, Config{})
	c := jsonClient(t, h, map[string]any{"lesson": "fork-cow"})
	f := c.do(map[string]any{"op": "spawn", "tid": 2, "name": "main"}) // a C thread starts at a function
	ev := eventOf(f, "thread-created")
	if ev == nil || num(ev, "other") != 3 {
		t.Fatalf("spawn events %v, want thread 3 created", f["events"])
	}
	st, raw := c.snapshot()
	var th *sim.ThreadState
	for i, x := range process(t, st, 2).Threads {
		if x.Tid == 3 {
			th = &process(t, st, 2).Threads[i]
		}
	}
	if th == nil {
		t.Fatal("no thread 3 in process 2")
	}
	if th.Stack.Size() != 64<<10 || th.Guard.End != th.Stack.Start || th.Guard.Size() != sim.PageSize || th.Guard.Kind != sim.RegionGuard {
		t.Errorf("thread 3 stack %#x-%#x guard %#x-%#x (%s), want 64 KiB with a one-page guard directly below",
			th.Stack.Start, th.Stack.End, th.Guard.Start, th.Guard.End, th.Guard.Kind)
	}
	if uint64(num(ev, "start")) != th.Stack.Start || uint64(num(ev, "end")) != th.Stack.End {
		t.Errorf("event stack %v-%v, snapshot %#x-%#x", ev["start"], ev["end"], th.Stack.Start, th.Stack.End)
	}
	// The wire keys are the simulator's field names in lower case.
	p2 := raw["processes"].([]any)[1].(map[string]any)
	t3 := p2["threads"].([]any)[1].(map[string]any)
	for _, k := range []string{"tid", "pid", "state", "regs", "stack", "guard", "frames"} {
		if _, ok := t3[k]; !ok {
			t.Errorf("thread JSON lacks %q: %v", k, t3)
		}
	}
}

func TestForkSharesFramesCopyOnWriteAndAWriteCopiesOnePage(t *testing.T) {
	h := newHarness(t, Config{})
	c := jsonClient(t, h, nil)
	c.do(map[string]any{"op": "write", "tid": 2, "name": "counter", "n": 1}) // counter's page is mapped before the fork
	before, _ := c.snapshot()
	f := c.do(map[string]any{"op": "fork", "tid": 2})
	if ev := eventOf(f, "process-forked"); ev == nil || num(ev, "other") != 3 {
		t.Fatalf("fork events %v, want process 3", f["events"])
	}
	st, _ := c.snapshot()
	parent, child := process(t, st, 2), process(t, st, 3)
	if child.PPid != 2 || len(child.Threads) != 1 || child.Threads[0].Tid != 3 {
		t.Errorf("child ppid %d threads %+v, want ppid 2 and one thread, tid 3", child.PPid, child.Threads)
	}
	if len(parent.Regions) != len(child.Regions) {
		t.Fatalf("parent has %d regions, child %d", len(parent.Regions), len(child.Regions))
	}
	shared := 0
	for i, pr := range parent.Regions {
		cr := child.Regions[i]
		if pr.Start != cr.Start || pr.End != cr.End || pr.Kind != cr.Kind {
			t.Errorf("region %d: parent %s %#x-%#x, child %s %#x-%#x", i, pr.Kind, pr.Start, pr.End, cr.Kind, cr.Start, cr.End)
		}
		if len(pr.Pages) != len(cr.Pages) {
			t.Errorf("%s: parent maps %d pages, child %d", pr.Kind, len(pr.Pages), len(cr.Pages))
			continue
		}
		for j, pp := range pr.Pages {
			cp := cr.Pages[j]
			if pp.Addr != cp.Addr || pp.Frame != cp.Frame {
				t.Errorf("%s page %#x: parent frame %d, child frame %d", pr.Kind, pp.Addr, pp.Frame, cp.Frame)
			}
			if pr.Perm&sim.PermWrite != 0 && (!pp.COW || !cp.COW) {
				t.Errorf("%s page %#x: cow %v/%v, want both marked", pr.Kind, pp.Addr, pp.COW, cp.COW)
			}
			shared++
		}
	}
	if shared == 0 {
		t.Error("no page is shared after fork")
	}

	old := global(t, parent, "counter")
	f = c.do(map[string]any{"op": "write", "tid": 3, "name": "counter", "n": 7})
	cow := eventOf(f, "cow-fault")
	if cow == nil || num(cow, "pid") != 3 || num(cow, "oldframe") == num(cow, "newframe") {
		t.Fatalf("write events %v, want a cow-fault in pid 3 to a new frame", f["events"])
	}
	st, _ = c.snapshot()
	if g := global(t, process(t, st, 3), "counter"); g.Value != 7 {
		t.Errorf("child's counter %d, want 7", g.Value)
	}
	if g := global(t, process(t, st, 2), "counter"); g.Value != old.Value || old.Value == 7 {
		t.Errorf("parent's counter %d after the child's write, want it unchanged at %d", g.Value, old.Value)
	}

	// back 1 returns to the state before the write, bit for bit; two more
	// return to before the fork.
	c.do(map[string]any{"op": "back", "n": 1})
	if again, _ := c.snapshot(); global(t, process(t, again, 3), "counter").Value != old.Value {
		t.Errorf("after back 1 the child's counter is %d, want %d", global(t, process(t, again, 3), "counter").Value, old.Value)
	}
	c.do(map[string]any{"op": "back", "n": 1})
	if again, _ := c.snapshot(); !reflect.DeepEqual(again, before) {
		t.Errorf("after back 2 the state differs from the one before fork")
	}
}

func TestARefusedCommandIsAnErrorWithTheSimulatorsCode(t *testing.T) {
	h := newHarness(t, Config{})
	for _, tc := range []struct {
		lang, code, word string
		msg              map[string]any
	}{
		{"ko", "ESRCH", "스레드", map[string]any{"op": "fork", "tid": 99, "ref": 5}},
		{"en", "ESRCH", "thread", map[string]any{"op": "fork", "tid": 99, "ref": 5}},
		{"en", "ENOENT", "name", map[string]any{"op": "write", "tid": 2, "name": "nosuch", "n": 1, "ref": 5}},
		{"en", "EPERM", "allow", map[string]any{"op": "kill", "pid": 1, "ref": 5}},
		{"en", "ECHILD", "child", map[string]any{"op": "wait", "pid": 1, "ref": 5}},
	} {
		t.Run(tc.code+" in "+tc.lang, func(t *testing.T) {
			c := h.dial("/ws")
			c.hello(map[string]any{"lang": tc.lang})
			c.send(tc.msg)
			f := c.read("frame") // everyone sees the refused command's tick
			if ev := eventOf(f, "error"); ev == nil || num(f, "tick") != 1 {
				t.Errorf("frame %v, want tick 1 with an error event", f["events"])
			}
			e := c.wantError(Code(tc.code))
			if !strings.Contains(e["message"].(string), tc.word) || e["detail"] == "" || num(e, "ref") != 5 || e["op"] != tc.msg["op"] {
				t.Errorf("error %v, want a %s message, the simulator's detail and ref 5", e, tc.lang)
			}
			c.do(map[string]any{"op": "step", "n": 1}) // still usable
		})
	}
}

func TestForkBombGetsEAGAINAndTheServerStaysResponsive(t *testing.T) {
	h := newHarness(t, Config{Limits: Limits{CommandsPerSecond: 1000, CommandBurst: 1000}})
	bomb := jsonClient(t, h, nil)
	other := jsonClient(t, h, nil)
	forks, eagain := 0, 0
	for range 80 {
		bomb.send(map[string]any{"op": "fork", "tid": 2})
		f := bomb.read("frame")
		if eventOf(f, "process-forked") != nil {
			forks++
			continue
		}
		bomb.wantError(CodeEAGAIN)
		eagain++
		other.do(map[string]any{"op": "step", "n": 1}) // another lab is unaffected
	}
	// init and pid 2 plus 62 children: the machine's 64 processes.
	if forks != 62 || eagain != 18 {
		t.Errorf("%d forks and %d EAGAIN errors, want 62 and 18", forks, eagain)
	}
	st, _ := bomb.snapshot()
	if len(st.Processes) != 64 {
		t.Errorf("%d processes, want the limit of 64", len(st.Processes))
	}
	bomb.do(map[string]any{"op": "kill", "pid": 3})
}

func TestLoadALessonOrAProgram(t *testing.T) {
	h := newHarness(t, Config{})
	c := jsonClient(t, h, nil)
	c.do(map[string]any{"op": "load", "lesson": "counter-race"})
	st, _ := c.snapshot()
	if st.Profile != "ostep" || len(process(t, st, 2).Threads) != 2 || global(t, process(t, st, 2), "count").Addr != 100 {
		t.Errorf("counter-race: profile %s, %d threads, want ostep with two threads and count at 100", st.Profile, len(process(t, st, 2).Threads))
	}
	c.do(map[string]any{"op": "step", "n": 5})
	c.send(map[string]any{"op": "snapshot"})
	saveBefore := c.read("snapshot")["save"]

	t.Run("a program that does not assemble changes nothing", func(t *testing.T) {
		c.send(map[string]any{"op": "load", "program": ".main\nfoo %ax\nmov $1, %ax\n"})
		e := c.wantError(CodeBadProgram)
		probs, _ := e["problems"].([]any)
		if len(probs) == 0 || num(probs[0].(map[string]any), "line") != 2 || !strings.Contains(e["message"].(string), "line 2: ") {
			t.Errorf("error %v, want the problem on line 2 listed", e)
		}
		c.send(map[string]any{"op": "snapshot"})
		snap := c.read("snapshot")
		if snap["save"] != saveBefore || num(snap["machine"].(map[string]any), "tick") != 5 {
			t.Errorf("the lab changed after a failed load: tick %v", snap["machine"].(map[string]any)["tick"])
		}
	})
	t.Run("a program runs on the current lesson's machine", func(t *testing.T) {
		c.do(map[string]any{"op": "load", "program": ".var x\n.main\nmov $4, %ax\nmov %ax, x\nhalt\n"})
		c.do(map[string]any{"op": "step", "n": 2})
		st, _ := c.snapshot()
		if st.Profile != "ostep" || global(t, process(t, st, 2), "x").Value != 4 {
			t.Errorf("profile %s globals %+v, want x = 4 on the ostep machine", st.Profile, process(t, st, 2).Globals)
		}
	})
	t.Run("an unknown lesson", func(t *testing.T) {
		c.send(map[string]any{"op": "load", "lesson": "no-such-lesson"})
		c.wantError(CodeUnknownLesson)
	})
	t.Run("every built-in lesson loads", func(t *testing.T) {
		for _, name := range lessons.Names() {
			if f := c.do(map[string]any{"op": "load", "lesson": name}); num(f, "tick") != 0 || f["full"] != true {
				t.Errorf("load %s: %v", name, f)
			}
		}
	})
}

func TestABadProgramIsExplainedInThePagesLanguage(t *testing.T) {
	const src = ".main\nmvo $1, %ax\nj .x\nhalt\n"
	tests := []struct {
		lang  string
		lines []string // each problem as the client lists it
		msgs  []string // problems[].message
	}{
		{"ko", []string{
			`2행: 알 수 없는 명령어입니다: "mvo". 쓸 수 있는 명령어는 mov, add, sub, test, j..., push, pop, call, ret, xchg, halt 등입니다.`,
			"3행: j: `.x` 레이블이 이 프로그램에 없습니다.",
		}, []string{
			`알 수 없는 명령어입니다: "mvo". 쓸 수 있는 명령어는 mov, add, sub, test, j..., push, pop, call, ret, xchg, halt 등입니다.`,
			"j: `.x` 레이블이 이 프로그램에 없습니다.",
		}},
		{"en", []string{
			`line 2: expected an instruction (mov, add, sub, test, j..., push, pop, call, ret, xchg, halt, ...), found unknown mnemonic "mvo"`,
			"line 3: j: no label `.x` in this program",
		}, []string{
			`expected an instruction (mov, add, sub, test, j..., push, pop, call, ret, xchg, halt, ...), found unknown mnemonic "mvo"`,
			"j: no label `.x` in this program",
		}},
	}
	h := newHarness(t, Config{})
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			c := jsonClient(t, h, map[string]any{"lang": tt.lang})
			c.send(map[string]any{"op": "load", "program": src})
			e := c.wantError(CodeBadProgram)
			want := strings.Join(append([]string{CodeBadProgram.message(tt.lang)}, tt.lines...), "\n")
			if e["message"] != want {
				t.Errorf("message:\n%v\nwant:\n%s", e["message"], want)
			}
			probs, _ := e["problems"].([]any)
			if len(probs) != len(tt.msgs) {
				t.Fatalf("problems %v, want %d", probs, len(tt.msgs))
			}
			for i, p := range probs {
				p := p.(map[string]any)
				if num(p, "line") != int64(i+2) || p["message"] != tt.msgs[i] || len(p) != 2 {
					t.Errorf("problem %d = %v, want line %d: %s (and no other field)", i, p, i+2, tt.msgs[i])
				}
			}
		})
	}
}

func TestAPlayedLabReplaysExactlyFromItsSave(t *testing.T) {
	h := newHarness(t, Config{})
	c := jsonClient(t, h, map[string]any{"lesson": "zombie-orphan", "seed": 9})
	c.do(map[string]any{"op": "play", "speed": 1000})
	for range 4 {
		h.tick()
		if c.read("frame")["playing"] == false { // a lesson's step was done: Play paused
			c.do(map[string]any{"op": "play", "speed": 1000})
		}
	}
	c.do(map[string]any{"op": "pause"})
	// A thread still alive forks; a tid that was never made (or is gone)
	// is refused, and the refusal is in the log too: both must replay.
	live, played := liveTid(t, c)
	if f := c.do(map[string]any{"op": "fork", "tid": live}); eventOf(f, "process-forked") == nil {
		t.Errorf("thread %d could not fork: %v", live, f["events"])
	}
	c.do(map[string]any{"op": "fork", "tid": 999})
	c.wantError(CodeESRCH)
	c.send(map[string]any{"op": "snapshot"})
	snap := c.read("snapshot")

	other := newHarness(t, Config{})
	c2 := other.dial("/ws")
	c2.hello(map[string]any{"format": "json", "save": snap["save"]})
	c2.send(map[string]any{"op": "snapshot"})
	snap2 := c2.read("snapshot")
	if !reflect.DeepEqual(snap["machine"], snap2["machine"]) {
		t.Error("the restored machine differs from the one that was saved")
	}
	if m := snap2["machine"].(map[string]any); num(m, "instructions") < played || played == 0 {
		t.Errorf("restored after %d instructions, want at least the %d the four play steps ran", num(m, "instructions"), played)
	}
}

// liveTid is a thread of the lab that has not exited, and how many
// instructions the machine has run.
func liveTid(t *testing.T, c *client) (int, int64) {
	t.Helper()
	c.send(map[string]any{"op": "snapshot"})
	m := c.read("snapshot")["machine"].(map[string]any)
	procs, _ := m["processes"].([]any)
	for _, p := range procs {
		threads, _ := p.(map[string]any)["threads"].([]any)
		for _, th := range threads {
			th := th.(map[string]any)
			if th["state"] != "exited" && num(th, "pid") > 1 {
				return int(num(th, "tid")), num(m, "instructions")
			}
		}
	}
	t.Fatalf("no live thread in %v", procs)
	return 0, 0
}

func TestAPlayingLabPausesWhenNothingCanRun(t *testing.T) {
	h := newHarness(t, Config{})
	c := jsonClient(t, h, nil)
	c.do(map[string]any{"op": "load", "program": ".main\nmov $1, %ax\nhalt\n"})
	c.do(map[string]any{"op": "play", "speed": 1000})
	h.tick()
	f := c.read("frame")
	if f["playing"] != false || eventOf(f, "idle") == nil || f["save"] == nil {
		t.Errorf("frame after the program halted: playing %v, events %v", f["playing"], f["events"])
	}
}

func TestTheLessonPageDrawsTheLessonsMachine(t *testing.T) {
	_, ts := newTestServer(t)
	_, body := get(t, ts.URL+"/?lesson=stack-overflow")
	// (the lesson's text mentions the usual 8 MiB; the drawn sizes must not)
	if !strings.Contains(body, `class="size">64 KiB<`) || strings.Contains(body, `class="size">8 MiB<`) {
		t.Errorf("the stack-overflow page does not show its 64 KiB stack")
	}
	_, body = get(t, ts.URL+"/embed/v1/no-such-lesson")
	if !strings.Contains(body, "8 MiB") {
		t.Errorf("an unknown lesson does not fall back to the default lab")
	}
}

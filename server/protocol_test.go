package server

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

func TestHelloStartsASessionWithAFullFrame(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws")
	hello, f := c.hello(map[string]any{"lang": "ko", "assets": h.s.assets.hash})
	if hello["session"] == "" || hello["role"] != roleSolo || hello["reload"] != false {
		t.Errorf("hello = %v", hello)
	}
	if f["full"] != true || num(f, "tick") != 0 || f["save"] == "" {
		t.Errorf("first frame = %v, want a full frame at tick 0 with a save", f)
	}
	frags, _ := f["fragments"].(map[string]any)
	if html, _ := frags["address-spaces"].(string); !strings.Contains(html, "주소 공간") {
		t.Errorf("fragment is not the Korean address space: %.80q", html)
	}
}

func TestJSONOnlyClientGetsSnapshotAndNoHTML(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws")
	_, f := c.hello(map[string]any{"format": "json"})
	if _, ok := f["fragments"]; ok {
		t.Errorf("JSON-only frame carries fragments: %v", f)
	}
	c.send(map[string]any{"op": "step", "n": 3})
	f = c.read("frame")
	if _, ok := f["fragments"]; ok || num(f, "instructions") != 3 {
		t.Errorf("frame after step 3 = %v", f)
	}
	c.send(map[string]any{"op": "snapshot"})
	snap := c.read("snapshot")
	m, _ := snap["machine"].(map[string]any)
	if num(m, "instructions") != 3 {
		t.Errorf("snapshot machine = %v, want lower-case keys and 3 instructions", m)
	}
}

func TestEverySimulatorOpMakesAFrameWithItsEvents(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws")
	c.hello(map[string]any{"format": "json"})
	f := c.loadAsmCounter() // its global buffer, spawn without a function
	tick, seq := num(f, "tick"), num(f, "seq")
	for _, tc := range []struct {
		msg  map[string]any
		want string // an event kind the command causes
	}{
		{map[string]any{"op": "malloc", "tid": 2, "n": 64}, "page-fault"}, // the heap is untouched until malloc writes a chunk header
		{map[string]any{"op": "write", "tid": 2, "name": "buffer", "n": 1}, "write"},
		{map[string]any{"op": "spawn", "tid": 2}, "thread-created"},
		{map[string]any{"op": "step", "n": 110}, "switch"}, // two threads, interrupt every 50: T3 at 50, T2 again at 100
		{map[string]any{"op": "fork", "tid": 2}, "process-forked"},
		{map[string]any{"op": "write", "tid": 4, "name": "counter", "n": 7}, "cow-fault"},
		{map[string]any{"op": "read", "tid": 4, "name": "counter"}, "read"},
		{map[string]any{"op": "malloc", "tid": 2, "n": 64}, "malloc"},
		{map[string]any{"op": "call", "tid": 3, "n": 2}, "call"},
		{map[string]any{"op": "ret", "tid": 3}, "ret"},
		{map[string]any{"op": "schedule", "tid": 3}, "switch"},
		{map[string]any{"op": "run", "tid": 2}, "switch"},
		{map[string]any{"op": "thread-exit", "tid": 3}, "thread-exited"},
		{map[string]any{"op": "subreaper", "pid": 2}, "subreaper"},
		{map[string]any{"op": "exec", "pid": 4, "name": "hello"}, "exec"},
		{map[string]any{"op": "exit", "tid": 4, "n": 3}, "process-exited"},
		{map[string]any{"op": "wait", "pid": 4}, "reaped"},
		{map[string]any{"op": "fork", "tid": 2}, "process-forked"},
		{map[string]any{"op": "kill", "pid": 5}, "killed"},
	} {
		op := tc.msg["op"].(string)
		t.Run(op+" gives "+tc.want, func(t *testing.T) {
			c.send(tc.msg)
			f := c.read("frame")
			if num(f, "tick") <= tick || num(f, "seq") != seq+1 {
				t.Errorf("frame tick %d seq %d after tick %d seq %d", num(f, "tick"), num(f, "seq"), tick, seq)
			}
			if ev := eventOf(f, tc.want); ev == nil {
				t.Errorf("events %v, want a %s", f["events"], tc.want)
			}
			tick, seq = num(f, "tick"), num(f, "seq")
		})
	}
	t.Run("free of a malloc pointer", func(t *testing.T) {
		c.send(map[string]any{"op": "malloc", "tid": 2, "n": 100})
		ev := eventOf(c.read("frame"), "malloc")
		c.send(map[string]any{"op": "free", "tid": 2, "addr": ev["addr"]})
		if ev := eventOf(c.read("frame"), "free"); ev == nil || ev["addr"] == 0.0 {
			t.Errorf("free event %v", ev)
		}
	})
}

func TestBackGotoResetAndLoad(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws")
	c.hello(nil)
	c.send(map[string]any{"op": "step", "n": 100})
	at := num(c.read("frame"), "tick")
	c.send(map[string]any{"op": "back", "n": 40})
	if f := c.read("frame"); num(f, "tick") != at-40 || f["full"] != true {
		t.Errorf("back 40 from %d: %v", at, f)
	}
	c.send(map[string]any{"op": "goto", "tick": 10})
	if f := c.read("frame"); num(f, "tick") != 10 {
		t.Errorf("goto 10: tick %d", num(f, "tick"))
	}
	c.send(map[string]any{"op": "goto", "tick": 9999})
	c.wantError(CodeBadTick)
	c.send(map[string]any{"op": "back", "n": 9999})
	c.wantError(CodeBadTick)
	c.send(map[string]any{"op": "reset", "seed": 7})
	if f := c.read("frame"); num(f, "tick") != 0 || f["full"] != true {
		t.Errorf("reset: %v", f)
	}
	c.send(map[string]any{"op": "load", "lesson": "fork-cow"})
	if f := c.read("frame"); num(f, "tick") != 0 {
		t.Errorf("load: %v", f)
	}
	c.send(map[string]any{"op": "load", "lesson": "../etc"})
	c.wantError(CodeBadCommand)
}

func TestPlayAppendsStepsAtTheChosenSpeed(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.dial("/ws")
	c.hello(nil)
	for _, tc := range []struct {
		speed  int
		k      int64
		period time.Duration
	}{
		{1, 1, time.Second},
		{10, 1, 100 * time.Millisecond},
		{1000, 34, 34 * time.Millisecond},
	} {
		c.send(map[string]any{"op": "play", "speed": tc.speed})
		f := c.read("frame")
		if f["playing"] != true || num(f, "speed") != int64(tc.speed) {
			t.Fatalf("play at %d: %v", tc.speed, f)
		}
		before := num(f, "instructions")
		for i := range 3 {
			if p := h.tick(); p != tc.period {
				t.Errorf("speed %d: period %v, want %v", tc.speed, p, tc.period)
			}
			f = c.read("frame")
			if got := num(f, "instructions") - before; got != tc.k*int64(i+1) {
				t.Errorf("speed %d tick %d: %d instructions, want %d", tc.speed, i+1, got, tc.k*int64(i+1))
			}
			if f["save"] != nil {
				t.Errorf("a playing frame carries the save")
			}
		}
	}
	c.send(map[string]any{"op": "pause"})
	if f := c.read("frame"); f["playing"] != false || f["save"] == nil {
		t.Errorf("pause: %v", f)
	}
	c.send(map[string]any{"op": "speed", "speed": 7})
	c.wantError(CodeBadSpeed)
}

func TestBadMessagesGetAnErrorAndTheConnectionStaysUsable(t *testing.T) {
	h := newHarness(t, Config{Limits: Limits{MaxStepsPerCommand: 1000}})
	c := h.dial("/ws")
	c.raw(`{"op":"step","n":1}`)
	c.wantError(CodeNotHello)
	c.hello(nil)
	for _, tc := range []struct {
		name string
		msg  string
		code Code
	}{
		{"malformed JSON", `{"op":`, CodeBadJSON},
		{"not an object", `[1,2]`, CodeBadJSON},
		{"unknown op", `{"op":"format-disk"}`, CodeUnknownOp},
		{"no op", `{"n":1}`, CodeUnknownOp},
		{"op of the wrong type", `{"op":5}`, CodeBadType},
		{"tid of the wrong type", `{"op":"fork","tid":"two"}`, CodeBadType},
		{"negative tick", `{"op":"goto","tick":-1}`, CodeBadType},
		{"invalid command", `{"op":"step","n":-1}`, CodeBadCommand},
		{"command without its thread", `{"op":"fork"}`, CodeBadCommand},
		{"too many instructions", `{"op":"step","n":1001}`, CodeTooManySteps},
		{"oversized", `{"op":"load","program":"` + strings.Repeat("x", readLimit) + `"}`, CodeTooLarge},
		{"goto without tick", `{"op":"goto"}`, CodeBadCommand},
		{"room op by a solo page", `{"op":"handover","to":"f1"}`, CodeNotTeacher},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c.raw(tc.msg)
			e := c.wantError(tc.code)
			if e["message"] == "" {
				t.Error("error without a message")
			}
			c.send(map[string]any{"op": "snapshot"})
			c.read("snapshot")
		})
	}
	t.Run("binary message", func(t *testing.T) {
		ctx := t.Context()
		if err := c.ws.Write(ctx, websocket.MessageBinary, []byte{1, 2}); err != nil {
			t.Fatal(err)
		}
		c.wantError(CodeBadJSON)
	})
	t.Run("ref is echoed and message is in the page language", func(t *testing.T) {
		c.send(map[string]any{"op": "hello", "protocol": 1, "lang": "ko"})
		c.read("hello")
		c.read("frame")
		c.raw(`{"op":"step","n":5000,"ref":42}`)
		e := c.wantError(CodeTooManySteps)
		if num(e, "ref") != 42 || !strings.Contains(e["message"].(string), "명령") {
			t.Errorf("error = %v", e)
		}
	})
}

func TestOutdatedPageIsToldToReload(t *testing.T) {
	h := newHarness(t, Config{})
	for _, tc := range []struct {
		name string
		msg  map[string]any
	}{
		{"old protocol", map[string]any{"op": "hello", "protocol": 0}},
		{"old assets", map[string]any{"op": "hello", "protocol": 1, "assets": "0123456789ab"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := h.dial("/ws")
			c.send(tc.msg)
			if hello := c.read("hello"); hello["reload"] != true {
				t.Errorf("hello = %v, want reload", hello)
			}
			c.wantError(CodeOutdated)
		})
	}
}

func TestCommandRateIsLimitedPerConnection(t *testing.T) {
	h := newHarness(t, Config{Limits: Limits{CommandsPerSecond: 2, CommandBurst: 3}})
	c := h.dial("/ws")
	c.hello(nil) // takes one token
	// Two within the burst, then three more waiting their turn (the
	// harness's clock does not move while they wait), then a refusal.
	for range 2 + 3 {
		c.send(map[string]any{"op": "snapshot"})
		c.read("snapshot")
	}
	c.send(map[string]any{"op": "snapshot"})
	c.wantError(CodeRateLimited)
	h.advance(time.Second) // two more tokens
	c.send(map[string]any{"op": "snapshot"})
	c.read("snapshot")
}

func TestABurstOfCommandsGetsOneRateLimitedErrorAndTheSocketStaysOpen(t *testing.T) {
	h := newHarness(t, Config{}) // default rate 20/s, burst 40
	c := h.dial("/ws")
	c.hello(map[string]any{"format": "json"}) // takes one token
	const burst = 1000
	allowed := 2*h.s.cfg.Limits.CommandBurst - 1 // the burst, then as many paced
	for range burst {
		c.raw(`{"op":"step","n":1}`)
	}
	refusals := h.s.metrics.errors.WithLabelValues(string(CodeRateLimited))
	waitUntil(t, func() bool { return testCounter(refusals) == float64(burst-allowed) })
	h.advance(time.Second) // the bucket refills
	c.send(map[string]any{"op": "step", "n": 1})
	// The client reads only now: the frames of the allowed steps (those it
	// was too far behind for are let go, then one snapshot and full frame
	// catch it up), at most one rate-limited error, then the last step.
	var limited int
	for {
		b, err := c.readBytes()
		if err != nil {
			t.Fatalf("after %d rate-limited errors the socket ended: %v (close status %d)", limited, err, websocket.CloseStatus(err))
		}
		var m map[string]any
		json.Unmarshal(b, &m)
		switch {
		case m["type"] == "frame" && num(m, "tick") == int64(allowed+1):
			if limited > 1 {
				t.Errorf("%d rate-limited errors for one burst, want at most 1", limited)
			}
			return
		case m["type"] == "frame" && num(m, "tick") > int64(allowed+1):
			t.Fatalf("tick %d: more than %d steps ran", num(m, "tick"), allowed+1)
		case m["code"] == string(CodeRateLimited):
			limited++
		case m["type"] == "frame" || m["type"] == "snapshot":
		default:
			t.Fatalf("unexpected message %.200s", b)
		}
	}
}

// paddedProgram is a program that assembles, padded with a comment of pad
// characters to exactly size bytes.
func paddedProgram(t *testing.T, size int, pad string) string {
	t.Helper()
	body := "# padding\n.main\nexit $0\n#"
	if len(body) > size {
		t.Fatalf("size %d below the program body", size)
	}
	p := body + strings.Repeat(pad, (size-len(body))/len(pad))
	return p + strings.Repeat(" ", size-len(p))
}

func TestProgramsUpToTheLimitLoadAndLargerOnesSaySo(t *testing.T) {
	for _, tc := range []struct {
		name string
		pad  string // JSON escapes < as \u003c: six bytes on the wire per byte
	}{
		{"plain text", "x"},
		{"every byte escaped six times over", "<"},
		{"tabs quotes and backslashes", "\t\"\\"},
	} {
		t.Run("a 16 KiB program of "+tc.name+" loads", func(t *testing.T) {
			c := newHarness(t, Config{}).dial("/ws")
			c.hello(map[string]any{"format": "json"})
			prog := paddedProgram(t, maxProgram, tc.pad)
			c.send(map[string]any{"op": "load", "program": prog})
			if f := c.read("frame"); num(f, "tick") != 0 || f["full"] != true {
				t.Errorf("load of a %d-byte program: %v", len(prog), f)
			}
			c.send(map[string]any{"op": "snapshot"})
			snap := c.read("snapshot")
			m, _ := snap["machine"].(map[string]any)
			if p, _ := m["program"].(map[string]any); p == nil || len(p["source"].([]any)) < 3 {
				t.Errorf("the loaded program is not the machine's: %v", m["program"])
			}
		})
	}
	for _, tc := range []struct {
		lang, want string
	}{
		{"en", "The program is too large: 16385 bytes; the limit is 16384 bytes."},
		{"ko", "프로그램이 너무 큽니다: 16385바이트이며, 한도는 16384바이트입니다."},
	} {
		t.Run("a program one byte over the limit says so in "+tc.lang, func(t *testing.T) {
			c := newHarness(t, Config{}).dial("/ws")
			c.hello(map[string]any{"format": "json", "lang": tc.lang})
			c.send(map[string]any{"op": "load", "program": paddedProgram(t, maxProgram+1, "x"), "ref": 3})
			e := c.wantError(CodeTooLarge)
			if e["message"] != tc.want || e["op"] != "load" || num(e, "ref") != 3 {
				t.Errorf("error %v, want message %q for op load ref 3", e, tc.want)
			}
			c.send(map[string]any{"op": "step", "n": 1})
			if f := c.read("frame"); num(f, "tick") != 1 {
				t.Errorf("the lab after a refused load is at tick %d, want 1", num(f, "tick"))
			}
		})
	}
	for _, tc := range []struct {
		lang, want string
	}{
		{"en", fmt.Sprintf("The message is too large: %d bytes; the limit is %d bytes.", readLimit+1, readLimit)},
		{"ko", fmt.Sprintf("메시지가 너무 큽니다: %d바이트이며, 한도는 %d바이트입니다.", readLimit+1, readLimit)},
	} {
		t.Run("a message one byte over the read limit says so in "+tc.lang, func(t *testing.T) {
			c := newHarness(t, Config{}).dial("/ws")
			c.hello(map[string]any{"format": "json", "lang": tc.lang})
			msg := `{"op":"load","program":"` // padded to readLimit+1 bytes
			c.raw(msg + strings.Repeat("x", readLimit+1-len(msg)-2) + `"}`)
			if e := c.wantError(CodeTooLarge); e["message"] != tc.want {
				t.Errorf("message %q, want %q", e["message"], tc.want)
			}
		})
	}
}

func TestOversizedMessagesAreAnsweredAndTheConnectionStaysUsable(t *testing.T) {
	for _, tc := range []struct {
		name string
		size int
	}{
		{"a 1 MB load", 1 << 20},
		{"a 10 MB frame", 10 << 20},
		{"a message right at the drain limit", maxDrain},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Config{})
			c := h.dial("/ws")
			c.hello(map[string]any{"format": "json"})
			msg := `{"op":"load","program":"`
			c.raw(msg + strings.Repeat("x", tc.size-len(msg)-2) + `"}`)
			e := c.wantError(CodeTooLarge)
			want := fmt.Sprintf("The message is too large: %d bytes; the limit is %d bytes.", tc.size, readLimit)
			if e["message"] != want {
				t.Errorf("message %q, want %q", e["message"], want)
			}
			c.send(map[string]any{"op": "step", "n": 2})
			if f := c.read("frame"); num(f, "tick") != 2 {
				t.Errorf("after the oversized message a step made tick %d, want 2", num(f, "tick"))
			}
		})
	}
	t.Run("a message past the drain limit is answered, then closed with 1009", func(t *testing.T) {
		h := newHarness(t, Config{})
		c := h.dial("/ws")
		c.hello(map[string]any{"format": "json"})
		go func() { // the server stops reading part-way: the write may fail
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			c.ws.Write(ctx, websocket.MessageText, make([]byte, maxDrain+1<<20))
		}()
		e := c.wantError(CodeTooLarge)
		if want := fmt.Sprintf("The message is too large: %d bytes; the limit is %d bytes.", maxDrain+1, readLimit); e["message"] != want {
			t.Errorf("message %q, want %q", e["message"], want)
		}
		if st := c.closed(); st != websocket.StatusMessageTooBig {
			t.Errorf("closed with %d, want %d", st, websocket.StatusMessageTooBig)
		}
	})
}

func TestBadTypeAndBadCommandNameTheField(t *testing.T) {
	for _, tc := range []struct {
		name, msg string
		code      Code
		detail    string
	}{
		{"a string tid", `{"op":"fork","tid":"two"}`, CodeBadType, `field "tid": want an integer, got string`},
		{"a fractional tid", `{"op":"fork","tid":1.5}`, CodeBadType, `field "tid": want an integer, got number 1.5`},
		{"a boolean pid", `{"op":"kill","pid":true}`, CodeBadType, `field "pid": want an integer, got bool`},
		{"a number as a name", `{"op":"exec","pid":2,"name":3}`, CodeBadType, `field "name": want a string, got number`},
		{"a negative tick", `{"op":"goto","tick":-1}`, CodeBadType, `field "tick": want a non-negative integer, got number -1`},
		{"an op that is a number", `{"op":5}`, CodeBadType, `field "op": want a string, got number`},
		{"a seed that is an object", `{"op":"reset","seed":{}}`, CodeBadType, `field "seed": want an integer, got object`},
		{"a command without its thread", `{"op":"fork"}`, CodeBadCommand, `fork: needs a tid`},
		{"goto without tick", `{"op":"goto"}`, CodeBadCommand, `field "tick": required: the tick to go to`},
		{"a lesson name with a path", `{"op":"load","lesson":"../etc"}`, CodeBadCommand, `field "lesson": want a lesson name: a-z, 0-9 and -, at most 64`},
		{"an export format", `{"op":"export","format":"pdf"}`, CodeBadCommand, `field "format": want text or json`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newHarness(t, Config{}).dial("/ws")
			c.hello(map[string]any{"format": "json", "lang": "ko"})
			c.raw(tc.msg)
			e := c.wantError(tc.code)
			if e["detail"] != tc.detail {
				t.Errorf("detail %q, want %q", e["detail"], tc.detail)
			}
			if e["message"] != tc.code.message("ko") {
				t.Errorf("message %q, want the Korean %q", e["message"], tc.code.message("ko"))
			}
		})
	}
}

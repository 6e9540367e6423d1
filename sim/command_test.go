package sim

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseRejectsBadNumbersWithASpecificError(t *testing.T) {
	for _, tc := range []struct{ name, line, want string }{
		{"step 0 would silently run one instruction", "step 0", "step: the count must be at least 1"},
		{"a negative step", "step -3", "count -3: want at least 1"},
		{"a step past int64", "step 99999999999999999999", "out of range"},
		{"a step that is not a number", "step many", `"many" is not an integer`},
		{"until without a condition", "until", "want until switch|halt [MAX]"},
		{"until an unknown condition", "until forever", `condition "forever": want switch or halt`},
		{"until with a zero bound", "until switch 0", "until: the bound must be at least 1"},
		{"until with a negative bound", "until halt -1", "bound -1: want at least 1"},
		{"call depth 0", "call 2 0", "call: the depth must be at least 1"},
		{"a negative call depth", "call 2 -5", "depth -5: want 1..1000000"},
		{"a call past the depth limit", "call 2 1000001", "depth 1000001: want 1..1000000"},
		{"ret 0", "ret 2 0", "ret: the count must be at least 1"},
		{"malloc 0", "malloc 2 0", "size 0: want at least 1 byte"},
		{"a negative malloc", "malloc 2 -64", "size -64: want at least 1 byte"},
		{"an exit status over 255", "exit 2 256", "status 256: want 0..255"},
		{"a negative exit status", "thread-exit 2 -1", "status -1: want 0..255"},
		{"signal 0", "kill 2 0", `"0" is not a signal (1..64`},
		{"signal 65", "kill 2 65", `"65" is not a signal`},
		{"an unknown signal name", "kill 2 HUP", `"HUP" is not a signal`},
		{"a negative fd", "close 2 -1", `"-1" is not a file descriptor (a number from 0 to 1048576)`},
		{"a huge fd", "read-fd 2 99999999", `"99999999" is not a file descriptor`},
		{"a value past int64", "write-fd 2 4 9223372036854775808", "out of range"},
		{"a negative address", "write 2 -5 1", `name "-5": want a label, global or program name`},
		{"an address past 64 bits", "read 2 0x10000000000000000", "is not an address (0 to 0xffffffffffffffff)"},
		{"free of a name", "free 2 counter", `"counter" is not an address`},
		{"tid 0", "fork 0", `tid "0" is not a positive number`},
		{"a tid past int", "fork 99999999999999999999", "is not a positive number"},
		{"a negative pid", "wait -2", `pid "-2" is not a positive number`},
		{"a program name with a slash", "exec 2 ../bin/sh", `name "../bin/sh"`},
		{"subreaper maybe", "subreaper 2 maybe", `"maybe": want on or off`},
		{"too many arguments", "fork 2 3", "fork: got 1 arguments after the id, want fork TID"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseCommand(tc.line)
			if err == nil || !errors.Is(err, ErrSyntax) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%q: error %v, want SYNTAX containing %q", tc.line, err, tc.want)
			}
		})
	}
}

// Commands built in Go (the protocol decodes them) skip the parser: the
// machine still refuses each bad value with one specific error event, in
// one tick, and changes nothing else.
func TestMachineRefusesBadValuesAndChangesNothing(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    Command
		code string
		want string
	}{
		{"a negative step", Command{Op: CmdStep, N: -1}, "SYNTAX", "count -1"},
		{"a step over the limit", Command{Op: CmdStep, N: 1001}, "EAGAIN", "at most 1000 instructions"},
		{"until a made-up condition", Command{Op: CmdUntil, Name: "never"}, "SYNTAX", `condition "never"`},
		{"until over the limit", Command{Op: CmdUntil, Name: UntilHalt, N: 5000}, "EAGAIN", "at most 1000 instructions"},
		{"a negative call depth", Command{Op: CmdCall, Tid: 2, N: -1}, "SYNTAX", "depth -1"},
		{"ret past the frames", Command{Op: CmdRet, Tid: 2, N: 3}, "EINVAL", "has 0 call frames"},
		{"a negative malloc", Command{Op: CmdMalloc, Tid: 2, N: -8}, "SYNTAX", "size -8"},
		{"a malloc over 1 TiB", Command{Op: CmdMalloc, Tid: 2, N: 1 << 62}, "EINVAL", "between 1 and 1 TiB"},
		{"a read of a global that does not exist", Command{Op: CmdRead, Tid: 2, Name: "nosuch"}, "ENOENT", `no global "nosuch"`},
		{"spawn at a label that does not exist", Command{Op: CmdSpawn, Tid: 2, Name: "nowhere"}, "ENOENT", `no label "nowhere"`},
		{"unlock of a mutex nobody holds", Command{Op: CmdUnlock, Tid: 2, Name: "counter"}, "EPERM", ""},
		{"run a thread that does not exist", Command{Op: CmdRun, Tid: 99}, "ESRCH", "99"},
		{"free of a pointer malloc never returned", Command{Op: CmdFree, Tid: 2, Addr: 0x10}, "EINVAL", "not"},
		{"an exit status of 256", Command{Op: CmdExit, Tid: 2, N: 256}, "SYNTAX", "status 256"},
		{"signal 99", Command{Op: CmdKill, Pid: 2, N: 99}, "SYNTAX", "signal 99"},
		{"an fd past the table", Command{Op: CmdClose, Tid: 2, FD: 1 << 21}, "SYNTAX", "file descriptor 2097152"},
		{"an fd never opened", Command{Op: CmdReadFD, Tid: 2, FD: 60}, "EBADF", "60"},
		{"close of the terminal (0-2 are not modelled)", Command{Op: CmdClose, Tid: 2, FD: 0}, "EBADF", "descriptor 0 is not open"},
		{"a negative fd", Command{Op: CmdWriteFD, Tid: 2, FD: -1}, "SYNTAX", "file descriptor -1"},
		{"a tid on a machine command", Command{Op: CmdStep, Tid: 2}, "SYNTAX", "takes no tid"},
		{"a name with a space", Command{Op: CmdRead, Tid: 2, Name: "a b"}, "SYNTAX", `name "a b"`},
		{"no such thread", Command{Op: CmdFork, Tid: 1 << 40}, "ESRCH", "no thread"},
		{"exec of init", Command{Op: CmdExec, Pid: 1, Name: "hello"}, "EPERM", "init"},
		{"exec of an unknown program", Command{Op: CmdExec, Pid: 2, Name: "bash"}, "ENOENT", "bash"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newMachine(t, Config{MemSize: 0, Limits: Limits{MaxStepsPerCommand: 1000, MaxFrames: 512}})
			mustApply(t, m, "step 20", "spawn 2 worker", "pipe 2")
			before := m.State()
			evs := m.Apply(tc.c)
			if len(evs) != 1 || evs[0].Kind != EvError || evs[0].Err == nil {
				t.Fatalf("%+v: events %+v, want exactly one error event", tc.c, evs)
			}
			if e := evs[0].Err; e.Code != tc.code || !strings.Contains(e.Msg, tc.want) {
				t.Errorf("%+v: %s %q, want %s containing %q", tc.c, e.Code, e.Msg, tc.code, tc.want)
			}
			after := m.State()
			if after.Tick != before.Tick+1 {
				t.Errorf("tick %d -> %d: a refused command takes exactly one tick", before.Tick, after.Tick)
			}
			after.Tick = before.Tick
			if !reflect.DeepEqual(before, after) {
				t.Errorf("%+v changed the state:\n%s", tc.c, stateDiff(before, after))
			}
			if err := checkInvariants(m); err != nil {
				t.Error(err)
			}
		})
	}
}

// stateDiff names the top-level State fields that differ.
func stateDiff(a, b State) string {
	var out []string
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for i := range va.NumField() {
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			out = append(out, va.Type().Field(i).Name)
		}
	}
	return strings.Join(out, ", ")
}

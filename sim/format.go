package sim

import (
	"fmt"
	"strconv"
	"strings"
)

// FormatEvent prints one event as one line of a text trace, "tick KIND
// key=value ...", with only the fields that are set. It is the format of
// `procscope trace --script` and of the lab's text export, so both print
// the same bytes for the same events.
func FormatEvent(e Event) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%6d %-15s pid=%d tid=%d", e.Tick, e.Kind, e.Pid, e.Tid)
	kv := func(k string, v any, set bool) {
		if set {
			fmt.Fprintf(&b, " %s=%v", k, v)
		}
	}
	kv("other", e.Other, e.Other != 0)
	kv("cpu", e.CPU, e.CPU != 0)
	kv("addr", fmt.Sprintf("%#x", e.Addr), e.Addr != 0)
	kv("range", fmt.Sprintf("%#x-%#x", e.Start, e.End), e.End != 0)
	kv("frame", fmt.Sprintf("%d->%d", e.OldFrame, e.NewFrame), e.OldFrame > 0 || e.NewFrame > 0)
	// A value read or written is shown even when it is 0: after a fork,
	// "the child reads 0" is the point of the lesson.
	kv("value", e.Value, e.Value != 0 || e.Kind == EvRead || e.Kind == EvWrite || e.Kind == EvPipeRead || e.Kind == EvPipeWrite)
	kv("signal", e.Signal, e.Signal != 0)
	kv("switch", e.Switch, e.Switch != "")
	kv("fd", e.FD, e.FD != 0)
	kv("object", e.Object, e.Object != 0)
	if len(e.Tids) > 0 {
		ids := make([]string, len(e.Tids))
		for i, t := range e.Tids {
			ids[i] = strconv.Itoa(t)
		}
		kv("tids", strings.Join(ids, ","), true)
	}
	kv("name", quoteField(e.Name), e.Name != "")
	kv("cost_ns", e.Cost, e.Cost != 0)
	if e.Err != nil {
		fmt.Fprintf(&b, " error=%q", e.Err.Error())
	}
	return b.String()
}

// FormatCommandHeader is the line a text trace prints before the events of
// one command: "# N: command", N counting from 1 (a script's line number).
func FormatCommandHeader(n int, c Command) string {
	return fmt.Sprintf("# %d: %s", n, c.String())
}

func quoteField(s string) string {
	if strings.ContainsAny(s, " \t\"=") {
		return strconv.Quote(s)
	}
	return s
}

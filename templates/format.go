package templates

import (
	"strconv"
	"strings"
)

func itoa(n int) string { return strconv.Itoa(n) }

func utoa(n uint64) string { return strconv.FormatUint(n, 10) }

func i64(n int64) string { return strconv.FormatInt(n, 10) }

// num prints a chart coordinate compactly.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// tc is the CSS class of a thread colour; the palette has eight colours.
func tc(color int) string {
	if color < 0 {
		color = -color
	}
	return "tc-" + itoa(color%8)
}

// tlabel is the short label that always goes with a thread's colour.
func tlabel(tid int) string { return "T" + itoa(tid) }

// plabel is the short label of a process.
func plabel(pid int) string { return "P" + itoa(pid) }

// id joins the parts of an element id: id("p", 2, "fork") = "p2-fork".
func id(prefix string, n int, suffix string) string {
	return prefix + itoa(n) + "-" + suffix
}

// procByPid finds a process of the page by pid.
func procByPid(ps []Process, pid int) (Process, bool) {
	for _, p := range ps {
		if p.Pid == pid {
			return p, true
		}
	}
	return Process{}, false
}

// roots are the processes whose parent is not on the page (init, orphans of
// a reaped parent).
func roots(ps []Process) []Process {
	var out []Process
	for _, p := range ps {
		if _, ok := procByPid(ps, p.PPid); !ok || p.PPid == p.Pid {
			out = append(out, p)
		}
	}
	return out
}

// mainTid is the thread a process-level command acts from: its first thread.
func mainTid(p Process) int {
	if len(p.Threads) > 0 {
		return p.Threads[0].Tid
	}
	return p.Pid
}

// laneY is the top of a CPU's lane in the timeline chart.
func laneY(i int) float64 { return float64(i)*laneH + 4 }

const laneH = 30

func chartH(lanes int) string { return num(float64(lanes)*laneH + 22) }

// speeds are the choices of the speed control.
func speeds(o Options) []int {
	if len(o.Speeds) > 0 {
		return o.Speeds
	}
	return []int{1, 2, 5, 10, 30, 100, 1000, 10000}
}

// execPrograms are the built-in programs exec can load (docs/commands.md).
var execPrograms = []string{"hello", "counter", "spin", "recurse", "init"}

// fdID is the id of a control on a descriptor row: "p2-fd3-close".
func fdID(pid, fd int, what string) string {
	return "p" + itoa(pid) + "-fd" + itoa(fd) + "-" + what
}

func boolAttr(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// mutexName is the global a mutex lives in, or its address.
func mutexName(m Mutex) string {
	if m.Name != "" {
		return m.Name
	}
	return m.Addr
}

// alarm marks the events that mean the machine is stuck.
func alarm(kind string) bool { return kind == "deadlock" || kind == "all-blocked" }

// lineNumbers is the editor's gutter for src: "1\n2\n…", one number per
// line of src and at least rows of them, so the gutter fills the box.
func lineNumbers(src string, rows int) string {
	n := max(strings.Count(src, "\n")+1, rows)
	var b strings.Builder
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteByte('\n')
		}
		b.WriteString(strconv.Itoa(i))
	}
	return b.String()
}

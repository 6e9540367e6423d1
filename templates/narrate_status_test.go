package templates

import (
	"strings"
	"testing"
)

// Exit statuses read as wait reports them: "exited with status N" or
// "killed by signal N (SIGKILL)", decoded with the W* macros where a
// status is explained; 128 + N only as the shell's $?; no core dump,
// since the model writes none (ulimit -c 0).
func TestExitStatusesReadAsWaitReportsThem(t *testing.T) {
	killed := Event{Pid: 3, Other: 2, Signal: 9}
	exited := Event{Pid: 3, Other: 2, Value: 4}
	tests := []struct {
		kind     string
		e        Event
		en, ko   []string
		notEN    []string
		forWhich string
	}{
		{"zombie", killed, []string{"killed by signal 9 (SIGKILL)"}, []string{"시그널 9번(SIGKILL)"}, []string{"exit status 0"}, "SIGKILL"},
		{"reaped", killed, []string{"was killed by signal 9 (SIGKILL)", "WIFSIGNALED(status) is true, WTERMSIG(status) == 9"},
			[]string{"시그널 9번(SIGKILL)", "WIFSIGNALED(status)가 참이고 WTERMSIG(status) == 9"}, []string{"exit status 0", "137"}, "SIGKILL"},
		{"reaped", exited, []string{"exited with status 4", "WIFEXITED(status) is true, WEXITSTATUS(status) == 4"},
			[]string{"종료 코드 4", "WEXITSTATUS(status) == 4"}, nil, "exit 4"},
		{"process-exited", killed, []string{"was killed by signal 9 (SIGKILL)"}, []string{"시그널 9번(SIGKILL)"}, []string{"status 0"}, "SIGKILL"},
		{"killed", Event{Pid: 3, Signal: 11, Value: 139}, []string{"killed by signal 11 (SIGSEGV)", "A shell would show $? = 139 (128 + 11)"},
			[]string{"시그널 11번(SIGSEGV)", "$? = 139"}, []string{"exit 139", "status 139"}, "SIGSEGV"},
		{"signal", Event{Pid: 3, Signal: 11, Name: "SIGSEGV: core"}, []string{"no core file is written"}, []string{"코어 파일을 쓰지 않습니다"},
			[]string{"and dumps core", "core dumped"}, "SIGSEGV"},
	}
	for _, tt := range tests {
		t.Run(tt.kind+"/"+tt.forWhich, func(t *testing.T) {
			tt.e.Kind = tt.kind
			en, ko := For("en").Narrate(tt.e), For("ko").Narrate(tt.e)
			for _, w := range tt.en {
				if !strings.Contains(en, w) {
					t.Errorf("en %q does not say %q", en, w)
				}
			}
			for _, w := range tt.ko {
				if !strings.Contains(ko, w) {
					t.Errorf("ko %q does not say %q", ko, w)
				}
			}
			for _, w := range append(tt.notEN, "core dumped") {
				if strings.Contains(en, w) {
					t.Errorf("en %q says %q", en, w)
				}
			}
		})
	}
}

// A malloc with a mapping of its own is not said to be on the heap.
func TestMallocNarrationSaysWhereTheBlockIs(t *testing.T) {
	e := Event{Kind: "malloc", Pid: 2, Tid: 2, Addr: "0x7ffff7d93010", Size: "196 KiB", Name: "mmap"}
	en, ko := For("en").Narrate(e), For("ko").Narrate(e)
	if strings.Contains(en, "on the heap") || !strings.Contains(en, "mapping of its own") {
		t.Errorf("en %q", en)
	}
	if strings.Contains(ko, "힙 0x") || !strings.Contains(ko, "따로 매핑한 영역") {
		t.Errorf("ko %q", ko)
	}
	e.Name = "heap"
	if en := For("en").Narrate(e); !strings.Contains(en, "on the heap") {
		t.Errorf("heap malloc: en %q", en)
	}
}

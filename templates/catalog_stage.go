package templates

import "strings"

// StageText is the text of the stage: the toolbar's new controls, the
// thread cards, the one address axis, the links to frames, the action bar
// and the command line.
type StageText struct {
	Forward, ForwardHint, BackHint, StepHint, PlayHint string
	Timeline, TimelineHint, More, Tools                string
	Threads, Registers, Changed, RegsChanged           string // Registers: %d
	LineOf, NoLine                                     string // LineOf: %d
	ActingAs, ProcMenu, ThreadMenu                     string // ProcMenu: %d
	Choose                                             string // %s: the thread or process
	NotMapped, AxisCaption, PageLink, LinksNote        string // PageLink: "%s → frame %d"
	Owners                                             string // %d
	CmdLabel, CmdPlaceholder, CmdRun, CmdHint          string
	CmdUnknown                                         string
	Lesson, LessonShow                                 string
	PeekOpen, PeekHint                                 string // the one-line step in the bar
	Stage                                              string
	Below                                              string
	// Args names the placeholders of the command forms (TID, PID …) in
	// the page's language; the command words stay as typed.
	Args map[string]string
}

// CmdForm is how a command is typed, with its placeholders in the
// catalog's language.
func (t *Catalog) CmdForm(form string) string {
	words := strings.FieldsFunc(form, func(r rune) bool { return r == ' ' || r == '[' || r == ']' || r == '|' })
	for _, w := range words {
		if a, ok := t.Stage.Args[w]; ok {
			form = strings.Replace(form, w, a, 1)
		}
	}
	return form
}

// cmdSyntax is how each command of the command line is typed (the table
// of docs/commands.md plus the session's own). Its words are the command
// language itself, the same in every page language.
var cmdSyntax = []struct{ Op, Form string }{
	{"step", "step [N]"}, {"back", "back [N]"}, {"forward", "forward [N]"}, {"goto", "goto TICK"},
	{"play", "play [SPEED]"}, {"pause", "pause"}, {"until", "until switch|halt [MAX]"},
	{"spawn", "spawn TID [LABEL]"}, {"fork", "fork TID"}, {"write", "write TID GLOBAL|ADDR VALUE"},
	{"read", "read TID GLOBAL|ADDR"}, {"call", "call TID [DEPTH]"}, {"ret", "ret TID [N]"},
	{"malloc", "malloc TID SIZE"}, {"free", "free TID ADDR"}, {"run", "run TID"},
	{"thread-exit", "thread-exit TID [STATUS]"}, {"exit", "exit TID [STATUS]"}, {"kill", "kill PID [SIGNAL]"},
	{"wait", "wait PID"}, {"exec", "exec PID PROGRAM"}, {"subreaper", "subreaper PID [on|off]"},
	{"pipe", "pipe TID"}, {"close", "close TID FD"}, {"write-fd", "write-fd TID FD VALUE"}, {"read-fd", "read-fd TID FD"},
	{"shm", "shm TID KEY"}, {"lock", "lock TID GLOBAL|ADDR"}, {"unlock", "unlock TID GLOBAL|ADDR"},
	{"atomic-add", "atomic-add TID GLOBAL|ADDR VALUE"}, {"speed", "speed SPEED"}, {"load", "load [LESSON]"}, {"reset", "reset"},
	{"random", "random SEED"},
}

func init() {
	en.Stage = StageText{
		Forward: "Forward", ForwardHint: "Replay what Back undid", BackHint: "Go back one tick", StepHint: "Run one instruction",
		PlayHint: "Run at the chosen speed",
		Timeline: "Timeline", TimelineHint: "Drag to any tick; marks are events", More: "More", Tools: "More tools",
		Threads: "Threads", Registers: "Registers of thread %d", Changed: "changed in the last step",
		RegsChanged: "Registers changed:", LineOf: "line %d", NoLine: "outside the program",
		ActingAs: "Acting as", ProcMenu: "Process %d", ThreadMenu: "More for this thread",
		Choose:    "Choose %s",
		NotMapped: "not mapped here", AxisCaption: "Each process's memory on one address axis: the same address is at the same height in every column. Squares are mapped pages, each with its frame.",
		PageLink: "page %s → frame %d", LinksNote: "Lines join each mapped page to its physical frame: two lines into one frame means a shared frame.",
		Owners:   "%d pages",
		CmdLabel: "Command", CmdPlaceholder: "e.g. fork 2 · write 3 value 7 · back", CmdRun: "Run",
		CmdHint: "Tab completes a command; ↑ and ↓ recall earlier ones.", CmdUnknown: "No such command",
		Lesson: "Lesson", LessonShow: "Show or hide the lesson",
		PeekOpen: "Open", PeekHint: "Open the lesson at this step",
		Stage: "The machine", Below: "More views",
	}
	ko.Stage = StageText{
		Forward: "앞으로", ForwardHint: "뒤로 가며 되돌린 것을 다시 재생합니다", BackHint: "한 틱 뒤로 갑니다", StepHint: "명령어 하나를 실행합니다",
		PlayHint: "고른 속도로 실행합니다",
		Timeline: "타임라인", TimelineHint: "끌어서 원하는 틱으로 갑니다. 눈금은 사건입니다", More: "더 보기", Tools: "다른 도구",
		Threads: "스레드", Registers: "스레드 %d의 레지스터", Changed: "지난 단계에서 바뀜",
		RegsChanged: "바뀐 레지스터:", LineOf: "%d행", NoLine: "프로그램 밖",
		ActingAs: "실행 주체", ProcMenu: "프로세스 %d", ThreadMenu: "이 스레드의 다른 명령",
		Choose:    "%s 고르기",
		NotMapped: "여기는 매핑 안 됨", AxisCaption: "프로세스마다의 메모리를 한 주소 축에 그렸습니다. 같은 주소는 모든 열에서 같은 높이에 있습니다. 네모는 매핑된 페이지이고 프레임 번호가 적혀 있습니다.",
		PageLink: "페이지 %s → 프레임 %d", LinksNote: "선은 매핑된 페이지와 그 물리 프레임을 잇습니다. 한 프레임에 선이 둘이면 공유 프레임입니다.",
		Owners:   "페이지 %d개",
		CmdLabel: "명령", CmdPlaceholder: "예: fork 2 · write 3 value 7 · back", CmdRun: "실행",
		CmdHint: "Tab은 명령을 완성하고 ↑ ↓는 앞서 친 명령을 불러옵니다.", CmdUnknown: "그런 명령이 없습니다",
		Lesson: "단원", LessonShow: "단원 보이기·숨기기",
		PeekOpen: "열기", PeekHint: "단원을 이 단계에서 펼칩니다",
		Stage: "머신", Below: "다른 보기",
		Args: map[string]string{
			"TID": "스레드", "PID": "프로세스", "N": "개수", "TICK": "틱", "SPEED": "속도", "MAX": "최대", "LABEL": "레이블",
			"GLOBAL": "전역변수", "ADDR": "주소", "VALUE": "값", "DEPTH": "깊이", "SIZE": "크기", "STATUS": "종료코드",
			"SIGNAL": "시그널", "PROGRAM": "프로그램", "FD": "fd번호", "KEY": "키", "LESSON": "주제", "SEED": "시드",
		},
	}
}

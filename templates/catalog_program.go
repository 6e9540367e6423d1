package templates

// ProgText is the text of the program view (the C listing, the assembly
// of a line, the variables), the terminal and the editor's files.
type ProgText struct {
	CNote, AsmTitle, AsmHint, AsmOf, AsmNone string // AsmOf: %d (the line)
	SymKinds                                 map[string]string
	SymAt, SymLocal                          string // SymAt: name, kind, type, section, address, line; SymLocal: name, kind, type, function, line
	ThreadAt                                 string // %s thread, %s process
	Terminal                                 string
	TerminalLine                             string // %d pid, %s text: the text view and the live region
	Download, Open, TooBig                   string // TooBig: %d KB limit
	NotText                                  string
}

func init() {
	en.Prog = ProgText{
		CNote:    "A mark shows the line each thread runs next (T: thread, P: its process). Choose a line for the instructions it compiled to, or a variable for its place in memory.",
		AsmTitle: "Assembly", AsmHint: "Choose a line of the program to see the instructions the compiler made for it.",
		AsmOf: "Instructions for line %d", AsmNone: "This line compiled to no instructions.",
		SymKinds: map[string]string{
			"global": "global variable", "static": "static variable", "literal": "string literal",
			"local": "local variable", "param": "parameter",
		},
		SymAt:        "%s: %s of type %s, in %s at %s (line %d)",
		SymLocal:     "%s: %s of type %s in %s (line %d), in the stack frame of each call",
		ThreadAt:     "thread %s of process %s",
		Terminal:     "Terminal",
		TerminalLine: "Process %d printed: %s",
		Download:     "Download main.c", Open: "Open a .c or .s file…",
		TooBig:  "That file is too big for the lab (at most %d KB).",
		NotText: "That file is not a text file (.c or .s).",
	}
	ko.Prog = ProgText{
		CNote:    "표시는 각 스레드가 다음에 실행할 줄입니다(T는 스레드, P는 그 스레드의 프로세스). 줄을 고르면 그 줄이 번역된 명령어가, 변수를 고르면 그 변수가 메모리의 어디에 있는지가 보입니다.",
		AsmTitle: "어셈블리", AsmHint: "프로그램의 줄을 고르면 컴파일러가 그 줄로 만든 명령어가 보입니다.",
		AsmOf: "%d행의 명령어", AsmNone: "이 줄로 만들어진 명령어는 없습니다.",
		SymKinds: map[string]string{
			"global": "전역 변수", "static": "정적 변수", "literal": "문자열 리터럴",
			"local": "지역 변수", "param": "매개변수",
		},
		SymAt:        "%s: %s, 자료형 %s, %s 영역의 %s (%d행)",
		SymLocal:     "%s: %s, 자료형 %s, 함수 %s (%d행). 호출될 때마다 그 스택 프레임에 놓입니다",
		ThreadAt:     "프로세스 %[2]s의 스레드 %[1]s",
		Terminal:     "터미널",
		TerminalLine: "프로세스 %d의 출력: %s",
		Download:     "main.c 내려받기", Open: ".c·.s 파일 열기…",
		TooBig:  "실습에 쓰기에는 파일이 너무 큽니다(최대 %dKB).",
		NotText: "텍스트 파일(.c 또는 .s)이 아닙니다.",
	}
}

package templates

var ko = Catalog{
	Lang:     "ko",
	LangName: "한국어",

	Title:     "procscope — 눈으로 보는 프로세스와 스레드",
	Tagline:   "프로세스가 무엇을 가지고 스레드가 무엇을 공유하는지 보여 주는 가상 머신입니다.",
	SkipToLab: "실습 화면으로 건너뛰기",
	NoScript:  "자바스크립트 없이도 읽을 수 있습니다. 머신을 조작하려면 자바스크립트를 켜 주세요.",

	Live: "연결됨", Connecting: "연결 중…", Reconnecting: "다시 연결 중…", Offline: "오프라인",
	Language: "언어", Theme: "테마", ThemeSystem: "시스템", ThemeLight: "밝게",
	ThemeDark: "어둡게", ThemeProjector: "프로젝터", Help: "단축키", OpenFull: "새 탭에서 열기",

	Toolbar: "머신 조작", Play: "재생", Pause: "일시 정지", Step: "한 단계", StepBack: "한 단계 뒤로",
	RunSwitch: "다음 문맥 교환까지", RunHalt: "모두 멈출 때까지", Speed: "속도", SpeedUnit: "초당 명령어 수",
	Reset: "처음으로", Share: "공유", Export: "내보내기", ExportTrace: "실행 기록 (텍스트)", ExportEvents: "이벤트 로그 (JSON)",
	TickLabel: "틱", ClockLabel: "가상 시간", InstrLabel: "명령어",
	ProcCount: "프로세스 %d개", ThreadCount: "스레드 %d개",

	AddressSpace: "주소 공간",
	MapsNote:     "프로세스마다 자기만의 주소 공간이 있습니다. 위쪽이 높은 주소입니다. 한 프로세스의 스레드들은 스택만 따로 갖고 나머지는 모두 공유합니다.",
	ProcessLabel: "프로세스", ThreadLabel: "스레드",
	ProcCaption:   "프로세스 %d · %s",
	HighAddresses: "높은 주소", LowAddresses: "낮은 주소",
	Region: "영역", Range: "주소 범위", Size: "크기", Perm: "권한", Pages: "페이지",
	Unmapped: "매핑 안 됨", SharedBy: "공유하는 스레드", StackOf: "스레드 %d의 스택", GuardOf: "스레드 %d의 가드 페이지",
	GuardNote: "접근 금지: 건드리면 세그멘테이션 오류",
	Globals:   "전역 변수", HeapBlocks: "힙 블록", Free: "해제됨", InUse: "사용 중",
	StackFrames: "호출 프레임", RetAddr: "복귀 주소", SavedBP: "저장된 bp", Locals: "지역 변수", FrameBase: "프레임 위치",
	CowPages: "쓰기 시 복사(COW)로 공유 중인 페이지 %d개",
	PCAt:     "스레드 %d의 PC", SPAt: "스레드 %d의 SP", LineN: "%d번 줄",

	ProcControls: "프로세스 %d 명령", ThreadControls: "스레드 %d 명령",
	SpawnThread: "스레드 생성", Fork: "fork (복제)", Exec: "exec (교체)", ExecName: "프로그램", Kill: "강제 종료", Wait: "wait (기다리기)",
	Reap: "부모가 wait (회수)", InitNote: "시스템의 첫 프로세스입니다. 고아 프로세스를 입양하고 회수합니다. 여기서는 명령을 받지 않습니다.", ShowMap: "메모리 맵", FrameBytes: "스택에서 %s",
	Malloc: "malloc (할당)", MallocSize: "크기", Bytes: "바이트", WriteGlobal: "전역 변수 쓰기",
	GlobalName: "전역 변수", Value: "값", CallDeeper: "더 깊이 호출", Depth: "깊이", RunNext: "다음에 실행",
	ThreadExit: "스레드 종료", ThreadsOf: "프로세스 %d의 스레드",
	ExitStatus: "종료 코드 %d", Adopted: "입양됨", Subreaper: "서브리퍼", Main: "메인", OnCPU: "CPU %d에서 실행",

	FramesTitle: "물리 페이지 프레임",
	FramesNote:  "상자 하나가 실제 메모리의 프레임 하나입니다. 어느 프로세스의 어느 페이지가 이 프레임을 가리키는지, 몇 개가 가리키는지(참조 횟수)를 보여 줍니다.",
	FrameN:      "프레임 %d", RefCount: "×%d", Cow: "COW", Fresh: "방금 복사됨", NoFrames: "사용 중인 프레임 없음",

	TreeTitle: "프로세스 트리", CPUsTitle: "CPU", CPUN: "CPU %d", Idle: "쉬는 중",
	TimelineTitle: "누가 언제 실행되었나",
	TimelineNote:  "막대 하나가 CPU 위의 스레드 하나입니다. 표시: T = 같은 프로세스의 스레드 사이 문맥 교환, P = 프로세스 사이 문맥 교환(주소 공간도 바뀜).",
	TimeAxis:      "틱", CostCount: "%d회", NoTimeline: "아직 실행된 것이 없습니다",

	ProgramTitle: "프로그램", ProgramNote: "표시는 각 스레드가 다음에 실행할 줄입니다.",
	Editor: "내 프로그램 불러오기", EditorLabel: "어셈블러 소스", Load: "불러와서 처음부터",
	ErrorsTitle: "어셈블러 오류", ErrorAt: "%d번 줄: %s", Reference: "명령어 설명",
	RefInstr: "명령어", RefMeaning: "뜻",

	LegendTitle: "범례", LogTitle: "이벤트 기록",
	LogNote:  "일어난 일을 한 문장씩 적습니다. 문장을 고르면 그 단계로 돌아갑니다.",
	LogEmpty: "아직 아무 일도 없습니다. 한 단계나 재생을 눌러 보세요.", GoTo: "틱 %d (이 단계로 이동)",

	TextViewTitle: "글로 보기 (표)",
	TextViewNote:  "같은 상태를 표로 보여 줍니다.",
	TProcs:        "프로세스", TThreads: "스레드", TRegions: "영역", TFrames: "프레임",
	TPid: "pid", TPPid: "부모", TTid: "tid", TState: "상태", TName: "이름", TPC: "PC", TSP: "SP",
	TLine: "줄", TKind: "종류", TOwner: "주인", TMaps: "가리키는 페이지", TShared: "공유",

	HelpTitle: "키보드", HelpIntro: "모든 조작은 Tab으로 갈 수 있는 버튼입니다. 글 입력 칸에 있지 않을 때 아래 단축키가 동작합니다.",
	Key: "키", Action: "동작", Close: "닫기", ShortcutsOn: "한 글자 단축키 사용",

	ShareTitle: "이 실습 공유하기", ShareLink: "이 단계로 가는 링크", EmbedCode: "삽입 코드 (Moodle, Canvas)",
	Copy: "복사", Copied: "복사됨", EmbedTitle: "procscope: 프로세스와 스레드 실습",
	UnknownError: "머신이 명령을 거절했습니다: %s",

	Regions: map[string]string{
		"text": "코드 영역 (.text)", "rodata": "상수 영역 (.rodata)", "data": "데이터 영역 (.data)",
		"bss": "BSS 영역 (.bss)", "heap": "힙", "mmap": "mmap 영역", "shared": "공유 메모리",
		"stack": "스택", "guard": "가드 페이지", "kernel": "커널 공간", "lib": "공유 라이브러리",
	},
	States: map[string]string{
		"running": "실행 중", "ready": "준비", "blocked": "대기", "zombie": "좀비",
		"reaped": "회수됨", "halted": "멈춤", "exited": "종료됨",
	},
	SwitchKind: map[string]string{"thread": "스레드 문맥 교환", "process": "프로세스 문맥 교환"},
	Errors:     errorsKO,
	Legend: []LegendItem{
		{"lg-shared", "", "프로세스의 모든 스레드가 공유 (코드·데이터·힙)"},
		{"lg-stack", "T3", "스레드 하나의 것: 그 스레드의 스택 (색과 이름표로 스레드를 표시)"},
		{"lg-guard", "", "가드 페이지: 접근 금지, 빗금"},
		{"lg-gap", "…", "매핑되지 않은 아주 큰 빈 곳: 짧게 그리고 크기를 적음"},
		{"lg-pc", "PC", "스레드가 다음에 실행할 명령어의 위치"},
		{"lg-sp", "SP", "스레드 스택의 꼭대기"},
		{"lg-cow", "COW", "쓰기 시 복사로 공유된 프레임: 처음 쓸 때 복사됨"},
		{"lg-fresh", "새", "쓰기 시 복사 폴트로 방금 복사된 프레임"},
		{"lg-zombie", "Z", "좀비: 종료했고 부모의 wait를 기다리는 중"},
		{"lg-switch-t", "T", "같은 프로세스의 스레드 사이 문맥 교환 (가벼움)"},
		{"lg-switch-p", "P", "프로세스 사이 문맥 교환 (주소 공간이 바뀜)"},
	},
	Shortcuts: []Shortcut{
		{"p", "play", "재생 / 일시 정지"},
		{"s", "step", "명령어 하나 실행"},
		{"b", "back", "한 단계 뒤로"},
		{"n", "until-switch", "다음 문맥 교환까지 실행"},
		{"h", "until-halt", "모든 스레드가 멈출 때까지 실행"},
		{"?", "help", "이 도움말 보기"},
	},
	Instrs: []Instr{
		{"mov src, dst", "값 복사 (레지스터, 숫자 $5, 메모리 2000 또는 (%ax))"},
		{"add src, dst / sub src, dst", "dst에 더하기 / 빼기"},
		{"inc dst / dec dst", "1 더하기 / 1 빼기"},
		{"cmp a, b / test a, b", "비교해서 조건 플래그 설정"},
		{"jmp L / je, jne, jlt, jlte, jgt, jgte L", "레이블 L로 점프 (항상 / 마지막 비교 결과가 맞을 때)"},
		{"push r / pop r", "이 스레드의 스택에 넣기 / 꺼내기"},
		{"call L / ret", "함수 호출 (새 스택 프레임) / 복귀"},
		{"fork / spawn L", "이 프로세스 복제 / 레이블 L에서 시작하는 스레드 생성"},
		{"malloc n / free r", "힙에 n바이트 할당 / 블록 해제"},
		{"wait / exit n", "자식 기다리기 / 상태 n으로 종료"},
		{"yield / halt", "CPU 양보 / 이 스레드 멈추기"},
	},
	Narrate: narrateKO,
}

// errorsKO words the sim's error codes for a user.
var errorsKO = map[string]string{
	"ESRCH":     "그런 프로세스나 스레드가 없습니다.",
	"EAGAIN":    "한도에 닿았습니다: 프로세스나 스레드를 더 만들 수 없습니다.",
	"ENOMEM":    "메모리가 부족합니다: 빈 프레임이나 주소 공간이 없습니다.",
	"EINVAL":    "여기서는 할 수 없는 명령입니다.",
	"ZOMBIE":    "이미 종료된 프로세스입니다. 부모가 wait 할 때까지 좀비로 남습니다.",
	"ECHILD":    "기다릴 자식 프로세스가 없습니다.",
	"SEGV":      "세그멘테이션 오류입니다.",
	"BADMSG":    "서버가 이해할 수 없는 메시지입니다.",
	"READONLY":  "이 실습은 읽기 전용입니다.",
	"RATELIMIT": "명령이 너무 많습니다. 조금 천천히 해 주세요.",
}

package templates

// Catalog is the text of the page in one language. Every visible string
// comes from a catalog, so a page in Korean has no English left in it.
type Catalog struct {
	Title         string
	Tagline       string
	Live          string
	Connecting    string
	Reconnecting  string
	Offline       string
	AddressSpace  string
	ProcessLabel  string
	Region        string
	Range         string
	Size          string
	Perm          string
	HighAddresses string
	LowAddresses  string
	NoScript      string
	Regions       map[string]string
}

// Catalogs holds one catalog per supported language.
var Catalogs = map[string]Catalog{
	"en": {
		Title:         "procscope — processes and threads, seen",
		Tagline:       "A simulated machine that shows what a process owns and what its threads share.",
		Live:          "live",
		Connecting:    "connecting…",
		Reconnecting:  "reconnecting…",
		Offline:       "offline",
		AddressSpace:  "Address space",
		ProcessLabel:  "process",
		Region:        "region",
		Range:         "address range",
		Size:          "size",
		Perm:          "permissions",
		HighAddresses: "high addresses",
		LowAddresses:  "low addresses",
		NoScript:      "This page works without JavaScript to read; turn it on to drive the machine.",
		Regions: map[string]string{
			"text": "code (.text)", "rodata": "constants (.rodata)", "data": "initialised globals (.data)",
			"bss": "zeroed globals (.bss)", "heap": "heap", "mmap": "mmap area", "shared": "shared memory",
			"stack": "stack", "guard": "guard page",
		},
	},
	"ko": {
		Title:         "procscope — 눈으로 보는 프로세스와 스레드",
		Tagline:       "프로세스가 무엇을 가지고 스레드가 무엇을 공유하는지 보여 주는 가상 머신입니다.",
		Live:          "연결됨",
		Connecting:    "연결 중…",
		Reconnecting:  "다시 연결 중…",
		Offline:       "오프라인",
		AddressSpace:  "주소 공간",
		ProcessLabel:  "프로세스",
		Region:        "영역",
		Range:         "주소 범위",
		Size:          "크기",
		Perm:          "권한",
		HighAddresses: "높은 주소",
		LowAddresses:  "낮은 주소",
		NoScript:      "자바스크립트 없이도 읽을 수 있습니다. 머신을 조작하려면 자바스크립트를 켜 주세요.",
		Regions: map[string]string{
			"text": "코드 (.text)", "rodata": "상수 (.rodata)", "data": "초기화된 전역 변수 (.data)",
			"bss": "0으로 초기화된 전역 변수 (.bss)", "heap": "힙", "mmap": "mmap 영역", "shared": "공유 메모리",
			"stack": "스택", "guard": "가드 페이지",
		},
	},
}

// Lang returns a supported language: the one asked for, else English.
func Lang(asked string) string {
	if _, ok := Catalogs[asked]; ok {
		return asked
	}
	return "en"
}

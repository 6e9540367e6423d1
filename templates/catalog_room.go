package templates

// The strings of the classroom panel, the export buttons and the signal
// picker, set into the two catalogs at init.
func init() {
	roomEN(&en)
	roomKO(&ko)
}

// Signals lists the signals the kill picker offers, with their Linux x86-64
// numbers (the kill command's N), most used first.
var Signals = []struct {
	Name string
	N    int
}{{"KILL", 9}, {"TERM", 15}, {"SEGV", 11}, {"INT", 2}, {"ABRT", 6}, {"PIPE", 13}}

func roomEN(c *Catalog) {
	c.ClassTitle = "Classroom"
	c.TeachLive = "Teach this lab live"
	c.TeachNote = "Students follow your lab live, read-only, from a short code."
	c.JoinClass, c.JoinCodeHint, c.Join = "Join a class", "e.g. K7P2QXHM", "Join"
	c.ClassLive, c.JoinCode, c.JoinLink = "Class is live", "Join code", "Join link for students"
	c.FollowerCount, c.NoFollowers = "%d students following", "No student has joined yet."
	c.RosterTitle, c.GiveControl, c.GiveControlTo = "Students", "Give control", "Give control to %s"
	c.InControl, c.TakeBack = "in control", "Take back control"
	c.TeacherInControl, c.StudentInControl = "You are in control.", "%s is in control."
	c.EndClass = "End class"
	c.Following = "Following the teacher's lab — read-only"
	c.YouHaveControl = "Your teacher gave you control: your commands run on the class lab."
	c.LeaveClass = "Leave"
	c.ClassEnded = "The class has ended. You carry on with this lab on your own."
	c.LeftClass = "You left the class. This lab is now yours."
	c.Exported, c.ExportTruncated = "Downloaded %s", "(shortened: the history was too long)"
	c.Signal = "signal"
	c.SignalNames = map[string]string{
		"KILL": "SIGKILL: end now", "TERM": "SIGTERM: please end", "SEGV": "SIGSEGV: bad memory access",
		"INT": "SIGINT: Ctrl-C", "ABRT": "SIGABRT: abort", "PIPE": "SIGPIPE: broken pipe",
	}
}

func roomKO(c *Catalog) {
	c.ClassTitle = "수업"
	c.TeachLive = "수업 시작"
	c.TeachNote = "학생들이 짧은 코드로 이 실습을 실시간으로 (읽기 전용) 따라갑니다."
	c.JoinClass, c.JoinCodeHint, c.Join = "수업 참여", "예: K7P2QXHM", "참여"
	c.ClassLive, c.JoinCode, c.JoinLink = "수업 진행 중", "참여 코드", "학생용 참여 링크"
	c.FollowerCount, c.NoFollowers = "학생 %d명이 따라오는 중", "아직 참여한 학생이 없습니다."
	c.RosterTitle, c.GiveControl, c.GiveControlTo = "학생", "조작 넘기기", "%s에게 조작 넘기기"
	c.InControl, c.TakeBack = "조작 중", "조작 되찾기"
	c.TeacherInControl, c.StudentInControl = "선생님이 조작하고 있습니다.", "%s 학생이 조작하고 있습니다."
	c.EndClass = "수업 끝내기"
	c.Following = "선생님의 실습을 따라가는 중 — 읽기 전용"
	c.YouHaveControl = "선생님이 조작을 넘겨주었습니다: 내 명령이 수업 실습에서 실행됩니다."
	c.LeaveClass = "나가기"
	c.ClassEnded = "수업이 끝났습니다. 이 실습을 혼자 이어서 할 수 있습니다."
	c.LeftClass = "수업에서 나왔습니다. 이제 이 실습은 내 것입니다."
	c.Exported, c.ExportTruncated = "%s 파일을 내려받았습니다", "(기록이 너무 길어 줄였습니다)"
	c.Signal = "시그널"
	c.SignalNames = map[string]string{
		"KILL": "SIGKILL: 즉시 종료", "TERM": "SIGTERM: 종료 요청", "SEGV": "SIGSEGV: 잘못된 메모리 접근",
		"INT": "SIGINT: Ctrl-C", "ABRT": "SIGABRT: 비정상 종료", "PIPE": "SIGPIPE: 끊어진 파이프",
	}
}

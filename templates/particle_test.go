package templates

import "testing"

func TestParticlesFollowTheWordsFinalSound(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"프로세스 2이(가) 자식 4을(를) 만들었습니다", "프로세스 2가 자식 4를 만들었습니다"},
		{"스레드 3이(가) 값 7을(를) 썼습니다", "스레드 3이 값 7을 썼습니다"},
		{"프로세스 10이(가) 끝났습니다", "프로세스 10이 끝났습니다"},
		{"종료 코드 1(으)로, 시그널 9(으)로, 프레임 3(으)로", "종료 코드 1로, 시그널 9로, 프레임 3으로"},
		{"프레임 100을(를), 1000은(는), 20000와(과)", "프레임 100을, 1000은, 20000과"},
		{"0은(는) 영", "0은 영"},
		{"스레드은(는) 프로세스와(과) 메모리를(를)", "스레드는 프로세스와 메모리를(를)"},
		{"힙은(는) 공유, 스택은(는) 따로; 파일(으)로", "힙은 공유, 스택은 따로; 파일로"},
		{"`counter`이(가) 바뀌었습니다", "`counter`가 바뀌었습니다"},
		{"signal이(가)", "signal이"},
		{"English (with parentheses) stays", "English (with parentheses) stays"},
	} {
		if got := Particles(tc.in); got != tc.want {
			t.Errorf("Particles(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Every Korean sentence the page generates has its particles chosen: no
// "이(가)" is left in a narrated event or a formatted catalog string.
func TestKoreanTextHasNoTwoFormParticles(t *testing.T) {
	ko := For("ko")
	for _, e := range []Event{
		{Kind: "process-forked", Pid: 2, Other: 4},
		{Kind: "cow-fault", Pid: 4, Addr: "0x5558000", OldFrame: 3, NewFrame: 9},
		{Kind: "write", Pid: 2, Tid: 3, Name: "counter", Addr: "0x10", Value: 7},
		{Kind: "zombie", Pid: 4, Other: 2, Value: 1},
	} {
		if got := ko.Narrate(e); Particles(got) != got || containsMark(got) {
			t.Errorf("%s: %q still has a two-form particle", e.Kind, got)
		}
	}
}

func containsMark(s string) bool {
	for _, m := range particleMarks {
		for i := 0; i+len(m.mark) <= len(s); i++ {
			if s[i:i+len(m.mark)] == m.mark {
				return true
			}
		}
	}
	return false
}

package templates

// PacedText is the text of a self-paced class: the teacher's form that
// opens one, the teacher's roster and the student's banner.
type PacedText struct {
	Open, OpenNote, LessonLabel, Local                   string
	RosterTitle, Summary, Empty                          string // Summary: %d %d %d
	ColStudent, ColStep, ColRight, ColStatus             string
	StudentN, StepOf, RightOf, Finished, Code            string // StudentN: %d; StepOf, RightOf: %d %d; Code: %s
	Here, Gone, Off                                      string
	Banner, NickLabel, NickHint, NickSave, ShownAs, Kept string // Banner, ShownAs: %s
}

func init() {
	en.Paced = PacedText{
		Open:        "Open a self-paced class",
		OpenNote:    "Each student works through the lesson in a lab of their own; you see who is on which step.",
		LessonLabel: "Lesson",
		Local:       "This site runs several servers: students must reach this same one, because self-paced classes do not span servers yet.",
		RosterTitle: "Self-paced class:",
		Summary:     "students: %d · here: %d · finished: %d",
		Empty:       "No student has joined yet. Give them the code or the link.",
		ColStudent:  "Student", ColStep: "Step", ColRight: "Predictions right", ColStatus: "Status",
		StudentN: "student %d", StepOf: "%d of %d", RightOf: "%d of %d", Finished: "finished", Code: "code %s",
		Here: "here", Gone: "gone", Off: "in another lab",
		Banner:    "Self-paced class %s: you work through the lesson in your own lab, and your teacher sees your step and your predictions.",
		NickLabel: "Your name for the teacher (optional)",
		NickHint:  "At most 20 characters: letters, digits, spaces and - _ . '",
		NickSave:  "Save name",
		ShownAs:   "Your teacher sees you as: %s",
		Kept:      "Kept in the server's memory for this class only, never stored.",
	}
	ko.Paced = PacedText{
		Open:        "자율 진행 수업 열기",
		OpenNote:    "학생마다 자기 실습에서 단원을 스스로 진행하고, 선생님은 누가 어느 단계에 있는지 봅니다.",
		LessonLabel: "단원",
		Local:       "이 사이트는 서버 여러 대로 운영됩니다. 자율 진행 수업은 아직 여러 서버에 걸쳐 열리지 않으므로 학생들이 이 서버에 접속해야 합니다.",
		RosterTitle: "자율 진행 수업:",
		Summary:     "학생 %d명 · 접속 중 %d명 · 완료 %d명",
		Empty:       "아직 참여한 학생이 없습니다. 참여 코드나 링크를 알려 주세요.",
		ColStudent:  "학생", ColStep: "단계", ColRight: "예측 정답", ColStatus: "상태",
		StudentN: "학생 %d", StepOf: "%d / %d단계", RightOf: "%d / %d", Finished: "완료", Code: "완료 코드 %s",
		Here: "접속 중", Gone: "나감", Off: "다른 실습 중",
		Banner:    "자율 진행 수업 %s: 자기 실습에서 단원을 스스로 진행합니다. 선생님은 내가 어느 단계에 있는지와 예측 결과를 봅니다.",
		NickLabel: "선생님께 보일 이름 (선택)",
		NickHint:  "20자까지: 글자, 숫자, 띄어쓰기, - _ . '",
		NickSave:  "이름 저장",
		ShownAs:   "선생님 화면에 보이는 이름: %s",
		Kept:      "이 수업 동안 서버 메모리에만 있고 어디에도 저장되지 않습니다.",
	}
}

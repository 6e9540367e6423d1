package templates

// The strings of the lesson's step panel and the /verify page, set into
// the two catalogs at init.
func init() {
	lessonEN(&en)
	lessonKO(&ko)
}

func lessonEN(c *Catalog) {
	c.StepOf, c.StepsDone, c.LessonScore = "Step %d of %d", "%d of %d steps done", "Predictions right: %d of %d."
	c.LessonDone = "Lesson complete"
	c.LessonRunIs = "Do it yourself on the command line, or press the button:"
	c.LessonDoIt = "Do it for me"
	c.LessonPredict = "Lock in my prediction"
	c.LessonYourNumber = "Your prediction"
	c.LessonPredicted = "Prediction locked in. Now run the step and see."
	c.LessonRight = "Right! Your prediction matches what the machine did."
	c.LessonNotQuite = "Not quite."
	c.LessonAnswerWas = "The machine's answer:"
	c.LessonNoPrediction = "You ran the step without predicting."
	c.LessonNext, c.LessonFinish = "Next step", "Finish the lesson"
	c.LessonCodeNote = "Your completion code. Paste it where your teacher asks (an LMS quiz, for example); the teacher can check it."
	c.LessonCodeLabel, c.LessonCopyCode = "Completion code", "Copy code"
	c.VerifyTitle = "Check a completion code"
	c.VerifyNote = "Paste the code a student got at the end of a lesson. Only this server (with its key) can check it."
	c.VerifyCode, c.VerifyButton = "Completion code", "Check"
	c.VerifyOK = "Valid: lesson %s finished, %d steps, %d of %d predictions right."
	c.VerifyBad = "Not a valid completion code for this server."
}

func lessonKO(c *Catalog) {
	c.StepOf, c.StepsDone, c.LessonScore = "%d / %d단계", "%d / %d단계 완료", "맞힌 예측: %d / %d개"
	c.LessonDone = "단원 완료"
	c.LessonRunIs = "명령줄에 직접 입력하거나 버튼을 누르세요:"
	c.LessonDoIt = "대신 실행하기"
	c.LessonPredict = "예측 확정"
	c.LessonYourNumber = "나의 예측"
	c.LessonPredicted = "예측을 확정했습니다. 이제 단계를 실행해 결과를 확인해 보세요."
	c.LessonRight = "맞았습니다! 머신은 예측한 대로 동작했습니다."
	c.LessonNotQuite = "예측과 다릅니다."
	c.LessonAnswerWas = "실제 결과:"
	c.LessonNoPrediction = "예측하지 않고 단계를 실행했습니다."
	c.LessonNext, c.LessonFinish = "다음 단계", "단원 마치기"
	c.LessonCodeNote = "완료 코드입니다. 선생님이 알려 준 곳(예: LMS 퀴즈)에 붙여 넣으세요. 선생님이 코드를 확인할 수 있습니다."
	c.LessonCodeLabel, c.LessonCopyCode = "완료 코드", "코드 복사"
	c.VerifyTitle = "완료 코드 확인"
	c.VerifyNote = "학생이 단원을 마치고 받은 코드를 붙여 넣으세요. 이 서버(와 그 키)만 확인할 수 있습니다."
	c.VerifyCode, c.VerifyButton = "완료 코드", "확인"
	c.VerifyOK = "유효한 코드입니다: 단원 %s 완료, %d단계, 예측 %d / %d개 맞힘."
	c.VerifyBad = "이 서버의 유효한 완료 코드가 아닙니다."
}

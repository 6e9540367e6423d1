package templates

// The "try random interrupts" control of the OSTEP lessons (random.templ).
func init() {
	en.RandomNote = "Now try random interrupts (x86.py -r -s SEED): the lab starts over, and the seed decides how many instructions each thread runs before the timer fires. The same seed always gives the same run; “random SEED” on the command line picks any seed. When every thread has halted, the process ends and its memory with it: step back once to read the final values."
	en.RandomNow = "Random interrupts now: seed %d, 1 to %d instructions between interrupts."
	en.RandomTry = "Start over with seed %d"
	ko.RandomNote = "이제 무작위 인터럽트(x86.py -r -s 시드)로 해 보세요. 실습이 처음부터 다시 시작하고, 타이머가 울리기 전까지 스레드마다 명령어를 몇 개 실행할지 시드가 정합니다. 시드가 같으면 실행도 늘 같습니다. 명령줄에 “random 시드”를 입력하면 원하는 시드를 고를 수 있습니다. 모든 스레드가 멈추면 프로세스가 메모리와 함께 끝나므로, 마지막 값은 한 단계 뒤로 가서 읽으세요."
	ko.RandomNow = "지금은 무작위 인터럽트: 시드 %d, 인터럽트 사이에 명령어 1~%d개."
	ko.RandomTry = "시드 %d로 처음부터 다시"
}

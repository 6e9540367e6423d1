package templates

// The "try random interrupts" control of the OSTEP lessons (random.templ).
func init() {
	en.RandomNote = "The lesson ran on a fixed schedule. Now try random interrupts (x86.py -r -s SEED): the machine starts over, each thread runs a random number of instructions before the timer fires, and the seed decides them, so the same seed always gives the same run. Run it and compare the result; typing “random SEED” on the command line picks any seed."
	en.RandomNow = "Random interrupts now: seed %d, 1 to %d instructions between interrupts."
	en.RandomTry = "Start over with seed %d"
	ko.RandomNote = "이 실습은 고정된 스케줄로 실행했습니다. 이제 무작위 인터럽트(x86.py -r -s 시드)로 해 보세요. 기계는 처음부터 다시 시작하고, 타이머가 울리기 전까지 스레드가 실행하는 명령어 수를 시드가 무작위로 정합니다. 시드가 같으면 실행도 늘 같습니다. 실행해서 결과를 비교해 보세요. 명령줄에 “random 시드”를 입력하면 원하는 시드를 고를 수 있습니다."
	ko.RandomNow = "지금은 무작위 인터럽트: 시드 %d, 인터럽트 사이에 명령어 1~%d개."
	ko.RandomTry = "시드 %d로 처음부터 다시"
}

package templates

import (
	"fmt"
	"strings"
)

// narrateEN says what an event means in one plain English sentence. It only
// words the numbers the event carries; it decides nothing about the model.
func narrateEN(e Event) string {
	switch e.Kind {
	case "thread-created":
		return fmt.Sprintf("Thread %d created in process %d: its own stack is at %s–%s (%s) with a guard page below; code, data and heap are shared.", e.Other, e.Pid, e.Start, e.End, e.Size)
	case "process-forked":
		return fmt.Sprintf("Process %d forked child %d: the same addresses. Code and read-only data share their frames read-only; the private writable pages (data, heap, stacks) are now shared copy-on-write.", e.Pid, e.Other)
	case "cow-fault":
		return fmt.Sprintf("Process %d wrote to a shared page at %s: copy-on-write copied frame %d to frame %d, so the other process keeps its value.", e.Pid, e.Addr, e.OldFrame, e.NewFrame)
	case "cow-reuse":
		return fmt.Sprintf("Process %d wrote to %s, a copy-on-write page no other process maps any more: the write still faults, and the kernel reuses frame %d instead of copying it (%s).", e.Pid, e.Addr, e.NewFrame, e.Cost)
	case "page-fault":
		return fmt.Sprintf("Process %d touched %s for the first time: a fresh frame %d was mapped.", e.Pid, e.Addr, e.NewFrame)
	case "segfault":
		return fmt.Sprintf("Thread %d of process %d touched %s, which it may not: segmentation fault, the whole process dies.", e.Tid, e.Pid, e.Addr)
	case "oom-kill":
		return fmt.Sprintf("Out of memory: no page frame is free for process %d's page fault, so the OOM killer sends SIGKILL to process %d, which holds the most memory (%d pages).", e.Other, e.Pid, e.Value)
	case "process-exited":
		return fmt.Sprintf("Process %d %s: all its threads are gone and its memory is freed.", e.Pid, statusEN(e))
	case "thread-exited":
		return fmt.Sprintf("Thread %d of process %d exited; its stack %s–%s is unmapped.", e.Tid, e.Pid, e.Start, e.End)
	case "zombie":
		return fmt.Sprintf("Process %d is a zombie: it %s and keeps its pid and that status until parent %d waits.", e.Pid, statusEN(e), e.Other)
	case "reaped":
		return fmt.Sprintf("Process %d waited for child %d, which %s: %s. The child is gone.", e.Pid, e.Other, statusEN(e), macros(e))
	case "adopted":
		return fmt.Sprintf("Process %d lost its parent and was adopted by process %d.", e.Pid, e.Other)
	case "switch":
		if e.Tid == 0 {
			return fmt.Sprintf("CPU %d was idle and now runs thread %d of process %d.", e.CPU, e.Other, e.Pid)
		}
		if e.Switch == "process" {
			return fmt.Sprintf("The CPU switched from thread %d to thread %d of another process: the address space changes too (%s).", e.Tid, e.Other, e.Cost)
		}
		return fmt.Sprintf("The CPU switched from thread %d to thread %d of the same process: only registers and stack change (%s).", e.Tid, e.Other, e.Cost)
	case "exec":
		return fmt.Sprintf("Process %d ran exec %s: its whole image was replaced, the pid stays %d.", e.Pid, e.Name, e.Pid)
	case "malloc":
		if e.Name == "mmap" {
			return fmt.Sprintf("Thread %d allocated %s at %s in a mapping of its own: the top of the heap could not hold it and it is at least malloc's mmap threshold. Every thread of process %d can see it.", e.Tid, e.Size, e.Addr, e.Pid)
		}
		return fmt.Sprintf("Thread %d allocated %s on the heap of process %d at %s; every thread of the process can see it.", e.Tid, e.Size, e.Pid, e.Addr)
	case "free":
		return fmt.Sprintf("Thread %d freed the heap block at %s.", e.Tid, e.Addr)
	case "write":
		return fmt.Sprintf("Thread %d of process %d wrote %d to %s (%s).", e.Tid, e.Pid, e.Value, e.Name, e.Addr)
	case "call":
		return fmt.Sprintf("Thread %d called %d function(s) deeper: its own stack grew down to SP %s.", e.Tid, e.Value, e.Addr)
	case "ret":
		return fmt.Sprintf("Thread %d returned from %d function(s): its stack shrank back up to SP %s.", e.Tid, e.Value, e.Addr)
	case "blocked":
		switch e.Name {
		case "mutex held":
			return fmt.Sprintf("Thread %d of process %d is blocked: the mutex it wants is held by thread %d, so it sleeps in the mutex's queue.", e.Tid, e.Pid, e.Other)
		case "pipe empty":
			return fmt.Sprintf("Thread %d of process %d is blocked: pipe %d is empty, so its read sleeps until a word arrives.", e.Tid, e.Pid, e.Other)
		case "pipe full":
			return fmt.Sprintf("Thread %d of process %d is blocked: pipe %d is full, so its write sleeps until a read makes room.", e.Tid, e.Pid, e.Other)
		}
		return fmt.Sprintf("Thread %d of process %d is blocked, waiting.", e.Tid, e.Pid)
	case "pipe-created":
		return fmt.Sprintf("Thread %d of process %d made pipe %d: fd %d is its read end, fd %d its write end. A fork will copy both descriptors.", e.Tid, e.Pid, e.Object, e.FD, e.Value)
	case "pipe-write":
		return fmt.Sprintf("Thread %d of process %d wrote %d into pipe %d through fd %d: the word waits in the kernel's buffer (%s).", e.Tid, e.Pid, e.Value, e.Object, e.FD, e.Cost)
	case "pipe-read":
		if e.Name == "eof" {
			return fmt.Sprintf("Thread %d of process %d read from pipe %d through fd %d and got end of file: every write end is closed.", e.Tid, e.Pid, e.Object, e.FD)
		}
		return fmt.Sprintf("Thread %d of process %d read %d from pipe %d through fd %d: the word left the buffer (%s).", e.Tid, e.Pid, e.Value, e.Object, e.FD, e.Cost)
	case "close":
		return fmt.Sprintf("Thread %d of process %d closed fd %d (the %s end of pipe %d).", e.Tid, e.Pid, e.FD, pipeEnd(e.Name), e.Object)
	case "shm-mapped":
		return fmt.Sprintf("Process %d mapped shared memory segment %d (key %d) at %s–%s: every process that maps it uses the same frame, with no copy-on-write.", e.Pid, e.Object, e.Value, e.Start, e.End)
	case "lock":
		if e.Value == 1 {
			return fmt.Sprintf("Thread %d of process %d now holds the mutex %s, after waiting for it.", e.Tid, e.Pid, e.Name2())
		}
		return fmt.Sprintf("Thread %d of process %d locked the mutex %s; any other thread that locks it now waits.", e.Tid, e.Pid, e.Name2())
	case "unlock":
		if e.Other != 0 {
			return fmt.Sprintf("Thread %d of process %d unlocked the mutex %s and handed it to thread %d, the first in its queue.", e.Tid, e.Pid, e.Name2(), e.Other)
		}
		return fmt.Sprintf("Thread %d of process %d unlocked the mutex %s; nobody was waiting.", e.Tid, e.Pid, e.Name2())
	case "atomic-add":
		return fmt.Sprintf("Thread %d of process %d added to %s in one indivisible step (an atomic add): it is now %d; no update can be lost.", e.Tid, e.Pid, e.Name2(), e.Value)
	case "signal":
		sig, act := signalParts(e)
		return fmt.Sprintf("Process %d got %s (signal %d): %s.", e.Pid, sig, e.Signal, actionEN[act])
	case "deadlock":
		return fmt.Sprintf("Deadlock: threads %s wait for each other in a cycle, so none of them can ever go on.", tidCycle(e.Tids))
	case "all-blocked":
		return fmt.Sprintf("Every thread is blocked (%s) and nothing can wake them: the machine can never go on.", tidList(e.Tids))
	case "woken":
		return fmt.Sprintf("Thread %d of process %d woke up and is ready to run.", e.Tid, e.Pid)
	case "killed":
		return fmt.Sprintf("Process %d was killed by signal %d (%s): every one of its threads dies with it. A shell would show $? = %d (128 + %d).", e.Pid, e.Signal, sigName(e.Signal), e.Value, e.Signal)
	case "halt":
		return fmt.Sprintf("Thread %d of process %d halted.", e.Tid, e.Pid)
	case "read":
		return fmt.Sprintf("Thread %d of process %d read %s (%s): %d.", e.Tid, e.Pid, e.Name, e.Addr, e.Value)
	case "print":
		return fmt.Sprintf("Thread %d of process %d printed %d.", e.Tid, e.Pid, e.Value)
	case "output":
		return fmt.Sprintf("Process %d wrote %q to the terminal.", e.Pid, e.Name)
	case "subreaper":
		if e.Value == 0 {
			return fmt.Sprintf("Process %d no longer adopts its orphaned descendants.", e.Pid)
		}
		return fmt.Sprintf("Process %d is now a subreaper: it adopts its orphaned descendants instead of init.", e.Pid)
	case "random-interrupts":
		return fmt.Sprintf("The machine started over with random interrupts: each thread runs 1 to %d instructions before the timer fires, drawn from seed %d (x86.py -r -s %d). The same seed gives the same run.", e.Other, e.Value, e.Value)
	case "idle":
		return "No thread can run: every CPU is idle."
	case "stopped":
		ran := instructionsEN(e.Value)
		switch {
		case e.Name == "switch":
			return fmt.Sprintf("Ran %s and stopped at the context switch.", ran)
		case e.Name == "halt" && e.Value == 0:
			return "Nothing ran: no thread can run (every one has halted, exited or is blocked)."
		case e.Name == "halt":
			return fmt.Sprintf("Ran %s and stopped: no thread can run any more (every one has halted, exited or is blocked).", ran)
		case e.Name == "line":
			return fmt.Sprintf("Ran %s: thread %d reached the next source line.", ran, e.Tid)
		case e.Name == "return":
			return fmt.Sprintf("Ran %s: thread %d's function returned.", ran, e.Tid)
		case e.Name == "gone":
			return fmt.Sprintf("Ran %s: thread %d ended.", ran, e.Tid)
		}
		return fmt.Sprintf("Ran %s and stopped at the limit of one command: threads can still run.", ran)
	case "error":
		return fmt.Sprintf("Refused: %s", errorText(errorsEN, "The machine refused: %s", e.ErrCode))
	}
	return fmt.Sprintf("%s (process %d, thread %d).", e.Kind, e.Pid, e.Tid)
}

// narrateKO says what an event means in one plain Korean sentence.
func narrateKO(e Event) string {
	switch e.Kind {
	case "thread-created":
		return fmt.Sprintf("프로세스 %d에 스레드 %d이(가) 생성되었습니다: 자기 스택은 %s–%s (%s)이고 아래에 가드 페이지가 있습니다. 코드·데이터·힙은 공유합니다.", e.Pid, e.Other, e.Start, e.End, e.Size)
	case "process-forked":
		return fmt.Sprintf("프로세스 %d이(가) 자식 프로세스 %d을(를) fork 했습니다: 주소는 같습니다. 코드와 읽기 전용 데이터는 프레임을 읽기 전용으로 공유하고, 쓰기 가능한 개인 페이지(데이터·힙·스택)는 쓰기 시 복사(COW)로 공유합니다.", e.Pid, e.Other)
	case "cow-fault":
		return fmt.Sprintf("프로세스 %d이(가) 공유 페이지 %s에 썼습니다: 쓰기 시 복사로 프레임 %d을(를) 프레임 %d(으)로 복사했으므로 다른 프로세스의 값은 그대로입니다.", e.Pid, e.Addr, e.OldFrame, e.NewFrame)
	case "cow-reuse":
		return fmt.Sprintf("프로세스 %d이(가) %s에 썼습니다: 쓰기 시 복사 페이지지만 이제 다른 프로세스가 매핑하지 않으므로, 쓰기는 여전히 폴트를 일으키고 커널은 복사하지 않고 프레임 %d을(를) 그대로 다시 씁니다 (%s).", e.Pid, e.Addr, e.NewFrame, e.Cost)
	case "page-fault":
		return fmt.Sprintf("프로세스 %d이(가) %s을(를) 처음 건드렸습니다: 새 프레임 %d이(가) 매핑되었습니다.", e.Pid, e.Addr, e.NewFrame)
	case "segfault":
		return fmt.Sprintf("프로세스 %d의 스레드 %d이(가) 접근할 수 없는 %s을(를) 건드렸습니다: 세그멘테이션 오류로 프로세스 전체가 종료됩니다.", e.Pid, e.Tid, e.Addr)
	case "oom-kill":
		return fmt.Sprintf("메모리가 부족합니다: 프로세스 %d의 페이지 폴트에 줄 빈 페이지 프레임이 없어, OOM 킬러가 메모리를 가장 많이 쓰는 프로세스 %d(%d페이지)에 SIGKILL을 보냅니다.", e.Other, e.Pid, e.Value)
	case "process-exited":
		return fmt.Sprintf("프로세스 %d이(가) %s: 모든 스레드가 사라지고 메모리가 해제됩니다.", e.Pid, statusKO(e, "종료했습니다", "강제 종료되었습니다"))
	case "thread-exited":
		return fmt.Sprintf("프로세스 %d의 스레드 %d이(가) 종료했습니다. 스택 %s–%s의 매핑이 해제됩니다.", e.Pid, e.Tid, e.Start, e.End)
	case "zombie":
		return fmt.Sprintf("프로세스 %d은(는) 좀비입니다: %s, 부모 %d이(가) wait 할 때까지 pid와 그 종료 상태를 남겨 둡니다.", e.Pid, statusKO(e, "종료했고", "강제 종료되었고"), e.Other)
	case "reaped":
		return fmt.Sprintf("프로세스 %d이(가) 자식 %d을(를) 기다렸습니다. 자식은 %s: %s. 자식은 사라졌습니다.", e.Pid, e.Other, statusKO(e, "종료했습니다", "강제 종료되었습니다"), macrosKO(e))
	case "adopted":
		return fmt.Sprintf("프로세스 %d의 부모가 사라져 프로세스 %d이(가) 입양했습니다.", e.Pid, e.Other)
	case "switch":
		if e.Tid == 0 {
			return fmt.Sprintf("쉬고 있던 CPU %d이(가) 프로세스 %d의 스레드 %d을(를) 실행합니다.", e.CPU, e.Pid, e.Other)
		}
		if e.Switch == "process" {
			return fmt.Sprintf("CPU가 스레드 %d에서 다른 프로세스의 스레드 %d(으)로 문맥 교환했습니다: 주소 공간도 바뀝니다 (%s).", e.Tid, e.Other, e.Cost)
		}
		return fmt.Sprintf("CPU가 스레드 %d에서 같은 프로세스의 스레드 %d(으)로 문맥 교환했습니다: 레지스터와 스택만 바뀝니다 (%s).", e.Tid, e.Other, e.Cost)
	case "exec":
		return fmt.Sprintf("프로세스 %d이(가) exec %s을(를) 실행했습니다: 이미지 전체가 바뀌고 pid는 %d 그대로입니다.", e.Pid, e.Name, e.Pid)
	case "malloc":
		if e.Name == "mmap" {
			return fmt.Sprintf("스레드 %d이(가) %s을(를) 따로 매핑한 영역 %s에 할당했습니다: 힙의 꼭대기(top 청크)에 들어가지 않고 크기가 malloc의 mmap 임계값 이상이기 때문입니다. 프로세스 %d의 모든 스레드가 볼 수 있습니다.", e.Tid, e.Size, e.Addr, e.Pid)
		}
		return fmt.Sprintf("스레드 %d이(가) 프로세스 %d의 힙 %s에 %s을(를) 할당했습니다. 프로세스의 모든 스레드가 볼 수 있습니다.", e.Tid, e.Pid, e.Addr, e.Size)
	case "free":
		return fmt.Sprintf("스레드 %d이(가) 힙 블록 %s을(를) 해제했습니다.", e.Tid, e.Addr)
	case "write":
		return fmt.Sprintf("프로세스 %d의 스레드 %d이(가) %s (%s)에 %d을(를) 썼습니다.", e.Pid, e.Tid, e.Name, e.Addr, e.Value)
	case "call":
		return fmt.Sprintf("스레드 %d이(가) 함수를 %d단계 더 깊이 호출했습니다: 자기 스택이 SP %s까지 아래로 자랐습니다.", e.Tid, e.Value, e.Addr)
	case "ret":
		return fmt.Sprintf("스레드 %d이(가) 함수 %d개에서 복귀했습니다: 스택이 SP %s까지 줄었습니다.", e.Tid, e.Value, e.Addr)
	case "blocked":
		switch e.Name {
		case "mutex held":
			return fmt.Sprintf("프로세스 %d의 스레드 %d이(가) 대기합니다: 원하는 뮤텍스를 스레드 %d이(가) 잡고 있어서 뮤텍스의 대기열에서 잠듭니다.", e.Pid, e.Tid, e.Other)
		case "pipe empty":
			return fmt.Sprintf("프로세스 %d의 스레드 %d이(가) 대기합니다: 파이프 %d이(가) 비어 있어서 워드가 올 때까지 읽기가 잠듭니다.", e.Pid, e.Tid, e.Other)
		case "pipe full":
			return fmt.Sprintf("프로세스 %d의 스레드 %d이(가) 대기합니다: 파이프 %d이(가) 가득 차서 읽기로 자리가 날 때까지 쓰기가 잠듭니다.", e.Pid, e.Tid, e.Other)
		}
		return fmt.Sprintf("프로세스 %d의 스레드 %d이(가) 대기 상태가 되었습니다.", e.Pid, e.Tid)
	case "pipe-created":
		return fmt.Sprintf("프로세스 %d의 스레드 %d이(가) 파이프 %d을(를) 만들었습니다: fd %d은(는) 읽기 끝, fd %d은(는) 쓰기 끝입니다. fork 하면 두 디스크립터가 함께 복사됩니다.", e.Pid, e.Tid, e.Object, e.FD, e.Value)
	case "pipe-write":
		return fmt.Sprintf("프로세스 %d의 스레드 %d이(가) fd %d을(를) 통해 파이프 %d에 %d을(를) 썼습니다: 워드는 커널의 버퍼에서 기다립니다 (%s).", e.Pid, e.Tid, e.FD, e.Object, e.Value, e.Cost)
	case "pipe-read":
		if e.Name == "eof" {
			return fmt.Sprintf("프로세스 %d의 스레드 %d이(가) fd %d로 파이프 %d에서 읽었는데 파일 끝(EOF)입니다: 쓰기 끝이 모두 닫혔습니다.", e.Pid, e.Tid, e.FD, e.Object)
		}
		return fmt.Sprintf("프로세스 %d의 스레드 %d이(가) fd %d로 파이프 %d에서 %d을(를) 읽었습니다: 워드가 버퍼를 떠났습니다 (%s).", e.Pid, e.Tid, e.FD, e.Object, e.Value, e.Cost)
	case "close":
		return fmt.Sprintf("프로세스 %d의 스레드 %d이(가) fd %d (파이프 %d의 %s 끝)을(를) 닫았습니다.", e.Pid, e.Tid, e.FD, e.Object, endKO[pipeEnd(e.Name)])
	case "shm-mapped":
		return fmt.Sprintf("프로세스 %d이(가) 공유 메모리 세그먼트 %d (키 %d)을(를) %s–%s에 매핑했습니다: 매핑한 모든 프로세스가 같은 프레임을 쓰며 쓰기 시 복사는 없습니다.", e.Pid, e.Object, e.Value, e.Start, e.End)
	case "lock":
		if e.Value == 1 {
			return fmt.Sprintf("프로세스 %d의 스레드 %d이(가) 기다린 끝에 뮤텍스 %s을(를) 잡았습니다.", e.Pid, e.Tid, e.Name2())
		}
		return fmt.Sprintf("프로세스 %d의 스레드 %d이(가) 뮤텍스 %s을(를) 잡았습니다. 이제 다른 스레드가 잡으려 하면 기다립니다.", e.Pid, e.Tid, e.Name2())
	case "unlock":
		if e.Other != 0 {
			return fmt.Sprintf("프로세스 %d의 스레드 %d이(가) 뮤텍스 %s을(를) 풀고 대기열 맨 앞의 스레드 %d에게 넘겼습니다.", e.Pid, e.Tid, e.Name2(), e.Other)
		}
		return fmt.Sprintf("프로세스 %d의 스레드 %d이(가) 뮤텍스 %s을(를) 풀었습니다. 기다리는 스레드는 없었습니다.", e.Pid, e.Tid, e.Name2())
	case "atomic-add":
		return fmt.Sprintf("프로세스 %d의 스레드 %d이(가) %s에 나눌 수 없는 한 단계로 더했습니다(원자적 더하기): 이제 %d이고 잃어버리는 갱신이 없습니다.", e.Pid, e.Tid, e.Name2(), e.Value)
	case "signal":
		sig, act := signalParts(e)
		return fmt.Sprintf("프로세스 %d이(가) %s (시그널 %d)을(를) 받았습니다: %s.", e.Pid, sig, e.Signal, actionKO[act])
	case "deadlock":
		return fmt.Sprintf("교착 상태: 스레드 %s이(가) 서로를 빙 둘러 기다리므로 어느 것도 더 나아갈 수 없습니다.", tidCycle(e.Tids))
	case "all-blocked":
		return fmt.Sprintf("모든 스레드가 대기 중이고(%s) 깨워 줄 것이 없습니다: 머신은 더 나아갈 수 없습니다.", tidList(e.Tids))
	case "woken":
		return fmt.Sprintf("프로세스 %d의 스레드 %d이(가) 깨어나 실행을 기다립니다.", e.Pid, e.Tid)
	case "killed":
		return fmt.Sprintf("프로세스 %d이(가) 시그널 %d번(%s)으로 강제 종료되었습니다: 모든 스레드가 함께 죽습니다. 셸이라면 $? = %d (128 + %d)로 보여 줍니다.", e.Pid, e.Signal, sigName(e.Signal), e.Value, e.Signal)
	case "halt":
		return fmt.Sprintf("프로세스 %d의 스레드 %d이(가) 멈췄습니다.", e.Pid, e.Tid)
	case "read":
		return fmt.Sprintf("프로세스 %d의 스레드 %d이(가) %s (%s)을(를) 읽었습니다: %d.", e.Pid, e.Tid, e.Name, e.Addr, e.Value)
	case "print":
		return fmt.Sprintf("프로세스 %d의 스레드 %d이(가) %d을(를) 출력했습니다.", e.Pid, e.Tid, e.Value)
	case "output":
		return fmt.Sprintf("프로세스 %d이(가) 터미널에 %q을(를) 썼습니다.", e.Pid, e.Name)
	case "subreaper":
		if e.Value == 0 {
			return fmt.Sprintf("프로세스 %d은(는) 더 이상 고아가 된 자손을 입양하지 않습니다.", e.Pid)
		}
		return fmt.Sprintf("프로세스 %d이(가) 서브리퍼가 되었습니다: init 대신 고아가 된 자손을 입양합니다.", e.Pid)
	case "random-interrupts":
		return fmt.Sprintf("기계가 무작위 인터럽트로 처음부터 다시 시작했습니다. 타이머가 울리기 전까지 스레드는 명령어 1~%d개를 실행하며, 그 수는 시드 %d에서 뽑습니다(x86.py -r -s %d). 시드가 같으면 실행도 같습니다.", e.Other, e.Value, e.Value)
	case "idle":
		return "실행할 수 있는 스레드가 없습니다: 모든 CPU가 쉬고 있습니다."
	case "stopped":
		switch {
		case e.Name == "switch":
			return fmt.Sprintf("명령어 %d개를 실행하고 문맥 교환에서 멈췄습니다.", e.Value)
		case e.Name == "halt" && e.Value == 0:
			return "실행할 수 있는 스레드가 없어 아무것도 실행하지 않았습니다 (모두 멈췄거나 종료했거나 기다리는 중)."
		case e.Name == "halt":
			return fmt.Sprintf("명령어 %d개를 실행하고 멈췄습니다: 더 이상 실행할 수 있는 스레드가 없습니다 (모두 멈췄거나 종료했거나 기다리는 중).", e.Value)
		case e.Name == "line":
			return fmt.Sprintf("명령어 %d개를 실행했습니다: 스레드 %d이(가) 다음 소스 줄에 도착했습니다.", e.Value, e.Tid)
		case e.Name == "return":
			return fmt.Sprintf("명령어 %d개를 실행했습니다: 스레드 %d의 함수가 반환했습니다.", e.Value, e.Tid)
		case e.Name == "gone":
			return fmt.Sprintf("명령어 %d개를 실행했습니다: 스레드 %d이(가) 끝났습니다.", e.Value, e.Tid)
		}
		return fmt.Sprintf("명령어 %d개를 실행하고 한 번에 실행할 수 있는 한도에서 멈췄습니다: 아직 실행할 수 있는 스레드가 있습니다.", e.Value)
	case "error":
		return fmt.Sprintf("거절됨: %s", errorText(errorsKO, "머신이 명령을 거절했습니다: %s", e.ErrCode))
	}
	return fmt.Sprintf("%s (프로세스 %d, 스레드 %d).", e.Kind, e.Pid, e.Tid)
}

func errorText(m map[string]string, unknown, code string) string {
	if s, ok := m[code]; ok {
		return s
	}
	return fmt.Sprintf(unknown, code)
}

// signalParts splits a signal event's "SIGKILL: terminate" into the
// signal's name and its action.
func signalParts(e Event) (sig, action string) {
	sig, action, _ = strings.Cut(e.Name, ": ")
	if sig == "" {
		sig = fmt.Sprintf("SIG%d", e.Signal)
	}
	return sig, action
}

var actionEN = map[string]string{
	"terminate": "its default action ends every thread of the process",
	"core":      "its default action ends every thread of the process and would dump core, but with the usual ulimit -c 0 no core file is written",
	"ignore":    "its default action is to ignore it",
	"zombie":    "the process has already exited, so kill succeeds and changes nothing; only its parent's wait removes a zombie",
	"":          "it is delivered",
}

var actionKO = map[string]string{
	"terminate": "기본 동작으로 프로세스의 모든 스레드가 종료됩니다",
	"core":      "기본 동작으로 프로세스의 모든 스레드가 종료됩니다. 코어 덤프 대상이지만 흔한 설정인 ulimit -c 0에서는 코어 파일을 쓰지 않습니다",
	"ignore":    "기본 동작은 무시입니다",
	"zombie":    "이미 종료한 프로세스라 kill은 성공하지만 아무것도 바뀌지 않습니다. 좀비는 부모가 wait 해야만 사라집니다",
	"":          "전달되었습니다",
}

// statusEN says what wait reports for an exit event (Value = the exit
// status, Signal = the killing signal): "exited with status 3", "was
// killed by signal 9 (SIGKILL)". No "(core dumped)": the model writes no
// core file (ulimit -c 0).
func statusEN(e Event) string {
	if e.Signal != 0 {
		return fmt.Sprintf("was killed by signal %d (%s)", e.Signal, sigName(e.Signal))
	}
	return fmt.Sprintf("exited with status %d", e.Value)
}

// statusKO is statusEN in Korean, ending in exited or killed.
func statusKO(e Event, exited, killed string) string {
	if e.Signal != 0 {
		return fmt.Sprintf("시그널 %d번(%s)으로 %s", e.Signal, sigName(e.Signal), killed)
	}
	return fmt.Sprintf("종료 코드 %d(으)로 %s", e.Value, exited)
}

// macros is how a C program reads the status wait stored, in the W*
// macros of <sys/wait.h>.
func macros(e Event) string {
	if e.Signal != 0 {
		return fmt.Sprintf("WIFSIGNALED(status) is true, WTERMSIG(status) == %d", e.Signal)
	}
	return fmt.Sprintf("WIFEXITED(status) is true, WEXITSTATUS(status) == %d", e.Value)
}

// macrosKO is macros in Korean.
func macrosKO(e Event) string {
	if e.Signal != 0 {
		return fmt.Sprintf("WIFSIGNALED(status)가 참이고 WTERMSIG(status) == %d입니다", e.Signal)
	}
	return fmt.Sprintf("WIFEXITED(status)가 참이고 WEXITSTATUS(status) == %d입니다", e.Value)
}

// sigName names a Linux x86-64 signal number ("SIGKILL"), or "SIG" and
// the number.
func sigName(n int) string {
	if s, ok := signalNames[n]; ok {
		return s
	}
	return fmt.Sprintf("SIG%d", n)
}

var signalNames = map[int]string{1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS",
	8: "SIGFPE", 9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM", 17: "SIGCHLD"}

var endKO = map[string]string{"read": "읽기", "write": "쓰기", "": ""}

// pipeEnd is which end a close event names: "read" or "write" (the
// simulator says "read end").
func pipeEnd(name string) string { return strings.TrimSuffix(name, " end") }

// tidCycle writes a wait-for cycle: "T2 → T3 → T2".
func tidCycle(tids []int) string {
	if len(tids) == 0 {
		return "?"
	}
	return joinInts(append(tids[:len(tids):len(tids)], tids[0]), " → ")
}

// tidList writes threads as "T2, T3".
func tidList(tids []int) string { return joinInts(tids, ", ") }

func joinInts(tids []int, sep string) string {
	var b strings.Builder
	for i, t := range tids {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(tlabel(t))
	}
	return b.String()
}

// instructionsEN counts instructions in English: "1 instruction", "37 instructions".
func instructionsEN(n int64) string {
	if n == 1 {
		return "1 instruction"
	}
	return fmt.Sprintf("%d instructions", n)
}

package templates

// The strings of the cost, IPC, sync and lesson panels, set into the two
// catalogs at init so each catalog file stays one screenful per topic.
func init() {
	ipcEN(&en)
	ipcKO(&ko)
}

func ipcEN(c *Catalog) {
	c.CostsTitle = "Where the time went"
	c.CPUTime, c.ProcCPUTime = "CPU %s", "CPU time of its threads: %s"
	c.OverheadNote = "Simulated time by category; the rows add up to the clock (%s)."
	c.CostKinds = map[string]string{
		"creation": "creating (fork, threads, exec)", "switching": "context switches", "faults": "page faults",
		"communication": "communication (pipes, shared memory)", "sync": "locks and atomics", "work": "useful work (instructions)",
		"other": "other system calls",
	}
	c.IPCTitle = "Pipes, locks and shared memory"
	c.IPCNote = "Processes talk through the kernel (a pipe); threads share memory and need locks."
	c.PipesTitle, c.NoPipes = "Pipes", "No pipe is open. Use “Make a pipe” on a thread."
	c.MutexesTitle, c.NoMutexes = "Held mutexes", "No mutex is held."
	c.InSegment, c.HeldBy, c.OwnerDead = "in segment %d", "held by", "owner died"
	c.Queue, c.NoOne, c.SegmentsTitle = "waiting in order", "nobody", "Shared memory segments"
	c.SegmentLine = "segment %d (key %d): frame"
	c.SegmentRow = "shared memory segment %d (key %d): the same frame in every process that maps it, shared, never copy-on-write. Frame"
	c.PipeN, c.PipeFill = "pipe %d", "%d of %d words buffered"
	c.PipeEnds, c.PipeWords = "read ends open: %d, write ends open: %d", "%d words passed through"
	c.PipeBuffer = "buffer of pipe %d: %d of %d words"
	c.NextRead, c.EmptyCell = "(read next)", "empty"
	c.PipeDir = "oldest word first: read takes from the left, write adds on the right"
	c.FDEnd, c.WaitRead, c.WaitWrite = "fd %d (%s)", "asleep until a word arrives", "asleep until there is room"
	c.CompareTitle = "%d threads vs %d processes: the same work"
	c.CompareNote = "A built-in experiment: create the workers, each adds its share of a counter and reports back; once with threads (shared memory), once with processes (fork and a pipe). Default costs, calibrated to Linux x86-64."
	c.Measure, c.Side, c.Bar, c.Amount = "measure", "with", "bar", "amount"
	c.ThreadsSide, c.ProcessesSide = "threads", "processes"
	c.RatiosTitle = "Processes ÷ threads"
	c.Measures = map[string]string{
		"creation": "creating the workers", "switching": "context switches", "communication": "reporting back",
		"memory": "memory (frames + page table entries)", "total": "total time",
	}
	c.RatioNames = map[string]string{
		"create": "creating one worker", "switch": "one context switch", "message": "one 64-byte report", "total": "the whole run",
	}
	c.CompareText = []string{
		"The study note is right about the direction: a process costs more to create, to switch to and to talk to than a thread, because each process has its own address space and talking between them needs the kernel (IPC), while threads share one address space.",
		"It overstates one part. The note says a process switch also resets the caches between RAM and the CPU. On a modern CPU with tagged TLBs that is not what is measured: a switch between processes costs only about 25% more than one between threads. The big differences are elsewhere: creating a process (fork) costs about 7–20× a pthread_create, and a pipe message costs about 20–80× a hand-off through shared memory. The bars above show the same pattern.",
	}
	c.LessonsTitle, c.LessonPick = "Lessons", "Choose a lesson"
	c.FreeLab, c.FreeLabNote = "Free lab", "The free lab runs the default counter program. Choose a lesson to load its machine and read its text here."
	c.FDsOf, c.FDTarget, c.FDCommands = "Open file descriptors of process %d", "points to", "commands"
	c.PipeEnd, c.ValueFor = "pipe %d, %s end", "value to write to fd %d"
	c.WriteFD, c.ReadFD, c.CloseFD = "Write", "Read", "Close"
	c.SyncCommands, c.MakePipe = "Pipes and locks", "Make a pipe"
	c.Lock, c.Unlock, c.AtomicAdd = "Lock", "Unlock", "Atomic add"
	c.ShmKey, c.MapShm, c.ShmFrame = "key", "Map shared memory", "segment %d, shared"
	c.WaitMutex, c.WaitPipeRead, c.WaitPipeWrite = "waiting: mutex held by T%d", "waiting: pipe %d is empty", "waiting: pipe %d is full"
	c.WaitJoin, c.WaitChildN, c.WaitChild = "waiting for T%d to finish", "waiting for child P%d", "waiting for a child to exit"
	c.TCPU, c.TWaiting, c.AlarmMark = "CPU time", "waiting for", "⚠ Stuck:"
	c.Ends = map[string]string{"read": "read", "write": "write"}
	c.Legend = append(c.Legend,
		LegendItem{"lg-shm", "SHM", "shared memory segment: the same frame in every process that maps it, never copied"},
		LegendItem{"lg-cell", "42", "a word waiting in a pipe's buffer (empty cells are striped)"},
		LegendItem{"lg-why", "‖", "a blocked thread, with what it waits for in words"},
		LegendItem{"lg-alarm", "⚠", "deadlock or every thread blocked: the machine cannot go on"},
	)
	for k, v := range map[string]string{
		"EPERM":   "Not allowed now (a blocked thread can make no system call, or it does not own that lock).",
		"EBADF":   "No such open file descriptor (or the wrong end of the pipe).",
		"EDEADLK": "That thread already holds this lock: locking it again would wait forever.",
		"ENOENT":  "No such name.",
		"EBUSY":   "That process has not exited yet.",
	} {
		errorsEN[k] = v
	}
}

func ipcKO(c *Catalog) {
	c.CostsTitle = "시간이 어디에 쓰였나"
	c.CPUTime, c.ProcCPUTime = "CPU %s", "스레드들이 쓴 CPU 시간: %s"
	c.OverheadNote = "항목별 가상 시간입니다. 모두 더하면 시계(%s)와 같습니다."
	c.CostKinds = map[string]string{
		"creation": "생성 (fork, 스레드, exec)", "switching": "문맥 교환", "faults": "페이지 폴트",
		"communication": "통신 (파이프, 공유 메모리)", "sync": "락과 원자적 연산", "work": "실제 작업 (명령어)",
		"other": "기타 시스템 콜",
	}
	c.IPCTitle = "파이프, 락, 공유 메모리"
	c.IPCNote = "프로세스는 커널을 거쳐(파이프) 대화하고, 스레드는 메모리를 공유하므로 락이 필요합니다."
	c.PipesTitle, c.NoPipes = "파이프", "열린 파이프가 없습니다. 스레드에서 “파이프 만들기”를 누르세요."
	c.MutexesTitle, c.NoMutexes = "잡혀 있는 뮤텍스", "잡혀 있는 뮤텍스가 없습니다."
	c.InSegment, c.HeldBy, c.OwnerDead = "세그먼트 %d 안", "소유자", "소유자가 죽음"
	c.Queue, c.NoOne, c.SegmentsTitle = "대기 순서", "없음", "공유 메모리 세그먼트"
	c.SegmentLine = "세그먼트 %d (키 %d): 프레임"
	c.SegmentRow = "공유 메모리 세그먼트 %d (키 %d): 매핑한 모든 프로세스에서 같은 프레임이며, 쓰기 시 복사 없이 공유됩니다. 프레임"
	c.PipeN, c.PipeFill = "파이프 %d", "버퍼에 %d / %d 워드"
	c.PipeEnds, c.PipeWords = "열린 읽기 끝 %d개, 쓰기 끝 %d개", "지금까지 %d 워드가 지나감"
	c.PipeBuffer = "파이프 %d의 버퍼: %d / %d 워드"
	c.NextRead, c.EmptyCell = "(다음에 읽힘)", "비어 있음"
	c.PipeDir = "가장 오래된 워드가 왼쪽: 읽기는 왼쪽에서 꺼내고 쓰기는 오른쪽에 붙입니다"
	c.FDEnd, c.WaitRead, c.WaitWrite = "fd %d (%s)", "워드가 올 때까지 잠듦", "빈자리가 생길 때까지 잠듦"
	c.CompareTitle = "스레드 %d개 대 프로세스 %d개: 같은 작업"
	c.CompareNote = "내장 실험입니다. 작업자를 만들고, 각자 카운터의 자기 몫을 더해 결과를 보고합니다. 한 번은 스레드(공유 메모리)로, 한 번은 프로세스(fork와 파이프)로 합니다. 비용은 Linux x86-64에 맞춘 기본값입니다."
	c.Measure, c.Side, c.Bar, c.Amount = "항목", "방식", "막대", "값"
	c.ThreadsSide, c.ProcessesSide = "스레드", "프로세스"
	c.RatiosTitle = "프로세스 ÷ 스레드"
	c.Measures = map[string]string{
		"creation": "작업자 생성", "switching": "문맥 교환", "communication": "결과 보고",
		"memory": "메모리 (프레임 + 페이지 테이블 항목)", "total": "전체 시간",
	}
	c.RatioNames = map[string]string{
		"create": "작업자 하나 생성", "switch": "문맥 교환 한 번", "message": "64바이트 보고 한 번", "total": "전체 실행",
	}
	c.CompareText = []string{
		"공부 노트의 방향은 맞습니다. 프로세스는 주소 공간을 따로 가지고 프로세스끼리 대화하려면 커널(IPC)을 거쳐야 하므로, 만들고 전환하고 대화하는 데 스레드보다 비용이 더 듭니다. 스레드는 주소 공간 하나를 공유합니다.",
		"다만 한 부분은 조금 과장되어 있습니다. 노트는 프로세스 문맥 교환 때 RAM과 CPU 사이의 캐시까지 초기화된다고 하지만, 태그가 달린 TLB를 쓰는 요즘 CPU에서 재어 보면 프로세스 사이 전환은 스레드 사이 전환보다 약 25% 더 들 뿐입니다. 큰 차이는 다른 곳에 있습니다. 프로세스 생성(fork)은 pthread_create의 약 7–20배, 파이프 메시지는 공유 메모리로 넘기는 것의 약 20–80배입니다. 위 막대도 같은 모양을 보여 줍니다.",
	}
	c.LessonsTitle, c.LessonPick = "단원", "단원 고르기"
	c.FreeLab, c.FreeLabNote = "자유 실습", "자유 실습은 기본 카운터 프로그램을 실행합니다. 주제를 고르면 그 머신을 불러오고 설명을 여기에 보여 줍니다."
	c.FDsOf, c.FDTarget, c.FDCommands = "프로세스 %d의 열린 파일 디스크립터", "가리키는 것", "명령"
	c.PipeEnd, c.ValueFor = "파이프 %d, %s 끝", "fd %d에 쓸 값"
	c.WriteFD, c.ReadFD, c.CloseFD = "쓰기", "읽기", "닫기"
	c.SyncCommands, c.MakePipe = "파이프와 락", "파이프 만들기"
	c.Lock, c.Unlock, c.AtomicAdd = "락 잡기", "락 풀기", "원자적 더하기"
	c.ShmKey, c.MapShm, c.ShmFrame = "키", "공유 메모리 매핑", "세그먼트 %d, 공유"
	c.WaitMutex, c.WaitPipeRead, c.WaitPipeWrite = "대기: T%d이(가) 뮤텍스를 잡고 있음", "대기: 파이프 %d이(가) 비어 있음", "대기: 파이프 %d이(가) 가득 참"
	c.WaitJoin, c.WaitChildN, c.WaitChild = "T%d이(가) 끝나기를 기다림", "자식 P%d을(를) 기다림", "자식이 끝나기를 기다림"
	c.TCPU, c.TWaiting, c.AlarmMark = "CPU 시간", "기다리는 것", "⚠ 멈춤:"
	c.Ends = map[string]string{"read": "읽기", "write": "쓰기"}
	c.Legend = append(c.Legend,
		LegendItem{"lg-shm", "SHM", "공유 메모리 세그먼트: 매핑한 모든 프로세스에서 같은 프레임이며 복사되지 않음"},
		LegendItem{"lg-cell", "42", "파이프 버퍼에서 기다리는 워드 (빈칸은 줄무늬)"},
		LegendItem{"lg-why", "‖", "대기 중인 스레드: 무엇을 기다리는지 글로 적음"},
		LegendItem{"lg-alarm", "⚠", "교착 상태 또는 모든 스레드 대기: 머신이 더 나아갈 수 없음"},
	)
	for k, v := range map[string]string{
		"EPERM":   "지금은 할 수 없습니다 (대기 중인 스레드는 시스템 콜을 할 수 없거나, 그 락의 소유자가 아닙니다).",
		"EBADF":   "그런 열린 파일 디스크립터가 없습니다 (또는 파이프의 반대쪽 끝입니다).",
		"EDEADLK": "그 스레드가 이미 이 락을 잡고 있습니다: 다시 잡으면 영원히 기다립니다.",
		"ENOENT":  "그런 이름이 없습니다.",
		"EBUSY":   "그 프로세스는 아직 끝나지 않았습니다.",
	} {
		errorsKO[k] = v
	}
}

package cc

// The headers a program may include and what they declare: the library's
// functions (implemented by the simulator's lib instruction, see
// sim/libc.go), types and constants, with gcc's sizes on x86-64.

var knownHeaders = map[string]bool{
	"stdio.h": true, "stdlib.h": true, "unistd.h": true, "pthread.h": true, "sys/wait.h": true,
	"sys/types.h": true, "sys/mman.h": true, "signal.h": true, "string.h": true, "stdatomic.h": true,
	"sched.h": true, "stdbool.h": true, "stdint.h": true, "stddef.h": true, "errno.h": true,
	"limits.h": true, "fcntl.h": true, "time.h": true, "assert.h": true, "sys/stat.h": true,
}

var (
	tSizeT   = named("size_t", tULong)
	tSSizeT  = named("ssize_t", tLong)
	tPid     = named("pid_t", tInt)
	tPthread = named("pthread_t", tULong)
	tMutex   = opaque("pthread_mutex_t", 40)
	tFile    = opaque("FILE", 216)
)

func named(name string, t *Type) *Type {
	c := *t
	c.name = name
	return &c
}

// libTypedefs are the type names the headers define.
var libTypedefs = map[string]*Type{
	"size_t": tSizeT, "ssize_t": tSSizeT, "pid_t": tPid, "off_t": named("off_t", tLong),
	"pthread_t": tPthread, "pthread_mutex_t": tMutex, "pthread_attr_t": opaque("pthread_attr_t", 56),
	"pthread_mutexattr_t": opaque("pthread_mutexattr_t", 4), "FILE": tFile,
	"atomic_int": named("atomic_int", tInt), "atomic_long": named("atomic_long", tLong),
	"bool": named("bool", tBool), "int8_t": named("int8_t", tChar), "uint8_t": named("uint8_t", tUChar),
	"int16_t": named("int16_t", tShort), "uint16_t": named("uint16_t", tUShort),
	"int32_t": named("int32_t", tInt), "uint32_t": named("uint32_t", tUInt),
	"int64_t": named("int64_t", tLong), "uint64_t": named("uint64_t", tULong),
	"intptr_t": named("intptr_t", tLong), "uintptr_t": named("uintptr_t", tULong),
}

// libConstants are the headers' integer constants.
var libConstants = map[string]int64{
	"EXIT_SUCCESS": 0, "EXIT_FAILURE": 1, "true": 1, "false": 0,
	"SIGHUP": 1, "SIGINT": 2, "SIGQUIT": 3, "SIGILL": 4, "SIGABRT": 6, "SIGFPE": 8, "SIGKILL": 9,
	"SIGUSR1": 10, "SIGSEGV": 11, "SIGUSR2": 12, "SIGPIPE": 13, "SIGALRM": 14, "SIGTERM": 15,
	"SIGCHLD": 17, "SIGCONT": 18, "SIGSTOP": 19,
	"PROT_NONE": 0, "PROT_READ": 1, "PROT_WRITE": 2, "PROT_EXEC": 4,
	"MAP_SHARED": 1, "MAP_PRIVATE": 2, "MAP_ANONYMOUS": 0x20, "MAP_ANON": 0x20,
	"WNOHANG": 1, "STDIN_FILENO": 0, "STDOUT_FILENO": 1, "STDERR_FILENO": 2,
	"INT_MAX": 2147483647, "INT_MIN": -2147483648, "UINT_MAX": 4294967295, "LONG_MAX": 1<<63 - 1,
	"CHAR_BIT": 8, "BUFSIZ": 8192,
}

// libFunc is one library function: its header and its C type.
type libFunc struct {
	header string
	ty     *Type
}

func fn(ret *Type, params ...*Type) *Type  { return funcType(ret, params, false) }
func vfn(ret *Type, params ...*Type) *Type { return funcType(ret, params, true) }

var (
	tCStr    = pointerTo(tChar.withConst())
	tVoidPtr = pointerTo(tVoid)
	tCVoid   = pointerTo(tVoid.withConst())
	tThreadF = pointerTo(fn(tVoidPtr, tVoidPtr))
)

var libFuncs = map[string]libFunc{
	"printf":                {"stdio.h", vfn(tInt, tCStr)},
	"fprintf":               {"stdio.h", vfn(tInt, pointerTo(tFile), tCStr)},
	"puts":                  {"stdio.h", fn(tInt, tCStr)},
	"putchar":               {"stdio.h", fn(tInt, tInt)},
	"fflush":                {"stdio.h", fn(tInt, pointerTo(tFile))},
	"exit":                  {"stdlib.h", fn(tVoid, tInt)},
	"_exit":                 {"unistd.h", fn(tVoid, tInt)},
	"abort":                 {"stdlib.h", fn(tVoid)},
	"malloc":                {"stdlib.h", fn(tVoidPtr, tSizeT)},
	"calloc":                {"stdlib.h", fn(tVoidPtr, tSizeT, tSizeT)},
	"free":                  {"stdlib.h", fn(tVoid, tVoidPtr)},
	"fork":                  {"unistd.h", fn(tPid)},
	"getpid":                {"unistd.h", fn(tPid)},
	"getppid":               {"unistd.h", fn(tPid)},
	"wait":                  {"sys/wait.h", fn(tPid, pointerTo(tInt))},
	"waitpid":               {"sys/wait.h", fn(tPid, tPid, pointerTo(tInt), tInt)},
	"pipe":                  {"unistd.h", fn(tInt, pointerTo(tInt))},
	"read":                  {"unistd.h", fn(tSSizeT, tInt, tVoidPtr, tSizeT)},
	"write":                 {"unistd.h", fn(tSSizeT, tInt, tCVoid, tSizeT)},
	"close":                 {"unistd.h", fn(tInt, tInt)},
	"kill":                  {"signal.h", fn(tInt, tPid, tInt)},
	"sched_yield":           {"sched.h", fn(tInt)},
	"sleep":                 {"unistd.h", fn(tUInt, tUInt)},
	"usleep":                {"unistd.h", fn(tInt, tUInt)},
	"pthread_create":        {"pthread.h", fn(tInt, pointerTo(tPthread), tCVoid, tThreadF, tVoidPtr)},
	"pthread_join":          {"pthread.h", fn(tInt, tPthread, pointerTo(tVoidPtr))},
	"pthread_exit":          {"pthread.h", fn(tVoid, tVoidPtr)},
	"pthread_self":          {"pthread.h", fn(tPthread)},
	"pthread_mutex_init":    {"pthread.h", fn(tInt, pointerTo(tMutex), tCVoid)},
	"pthread_mutex_lock":    {"pthread.h", fn(tInt, pointerTo(tMutex))},
	"pthread_mutex_unlock":  {"pthread.h", fn(tInt, pointerTo(tMutex))},
	"pthread_mutex_destroy": {"pthread.h", fn(tInt, pointerTo(tMutex))},
	"mmap":                  {"sys/mman.h", fn(tVoidPtr, tVoidPtr, tSizeT, tInt, tInt, tInt, named("off_t", tLong))},
	"munmap":                {"sys/mman.h", fn(tInt, tVoidPtr, tSizeT)},
	"execl":                 {"unistd.h", vfn(tInt, tCStr, tCStr)},
	"execlp":                {"unistd.h", vfn(tInt, tCStr, tCStr)},
	"strlen":                {"string.h", fn(tSizeT, tCStr)},
	"memcpy":                {"string.h", fn(tVoidPtr, tVoidPtr, tCVoid, tSizeT)},
	"memset":                {"string.h", fn(tVoidPtr, tVoidPtr, tInt, tSizeT)},
	"strcmp":                {"string.h", fn(tInt, tCStr, tCStr)},
	"strcpy":                {"string.h", fn(pointerTo(tChar), pointerTo(tChar), tCStr)},
}

// refusedFuncs are well-known library functions the lab does not have,
// named so the error says so instead of "not declared".
var refusedFuncs = map[string]bool{
	"scanf": true, "fopen": true, "fgets": true, "gets": true, "sprintf": true, "snprintf": true,
	"signal": true, "sigaction": true, "execv": true, "execvp": true, "execve": true, "system": true,
	"realloc": true, "rand": true, "srand": true, "time": true, "shm_open": true, "shmget": true,
	"sem_init": true, "sem_wait": true, "sem_post": true, "pthread_cond_wait": true, "pthread_cond_signal": true,
	"atoi": true, "strtol": true, "alarm": true, "pause": true, "vfork": true, "clone": true,
}

package sim

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every Error (and every error New returns) wraps one of
// these, so callers branch with errors.Is rather than by reading messages.
var (
	ErrNoSuch    = errors.New("no such process or thread")       // ESRCH
	ErrLimit     = errors.New("resource limit reached")          // EAGAIN
	ErrNoMemory  = errors.New("out of memory")                   // ENOMEM
	ErrInvalid   = errors.New("invalid argument")                // EINVAL
	ErrZombie    = errors.New("process is a zombie")             // ZOMBIE
	ErrNoChild   = errors.New("no such child")                   // ECHILD
	ErrNotExist  = errors.New("no such name")                    // ENOENT
	ErrSegfault  = errors.New("segmentation fault")              // SEGV
	ErrBadConfig = errors.New("bad machine configuration")       // config only
	ErrSyntax    = errors.New("bad command")                     // ParseCommand/Validate
	ErrTooLong   = errors.New("program too long")                // EFBIG
	ErrNotReady  = errors.New("process has not exited yet")      // EBUSY
	ErrNoThread  = errors.New("no thread can run")               // IDLE
	ErrState     = errors.New("operation not allowed right now") // EPERM
	ErrBadFD     = errors.New("bad file descriptor")             // EBADF
	ErrDeadlock  = errors.New("resource deadlock would occur")   // EDEADLK
)

// codes maps each sentinel to the stable code an error event carries.
var codes = map[error]string{
	ErrNoSuch:    "ESRCH",
	ErrLimit:     "EAGAIN",
	ErrNoMemory:  "ENOMEM",
	ErrInvalid:   "EINVAL",
	ErrZombie:    "ZOMBIE",
	ErrNoChild:   "ECHILD",
	ErrNotExist:  "ENOENT",
	ErrSegfault:  "SEGV",
	ErrBadConfig: "CONFIG",
	ErrSyntax:    "SYNTAX",
	ErrTooLong:   "EFBIG",
	ErrNotReady:  "EBUSY",
	ErrNoThread:  "IDLE",
	ErrState:     "EPERM",
	ErrBadFD:     "EBADF",
	ErrDeadlock:  "EDEADLK",
}

// Error is what an error event carries: a stable Code (for tests, the
// protocol and translated messages) and an English detail.
type Error struct {
	Code string
	Msg  string
	kind error
}

// Error renders the detail with its code.
func (e *Error) Error() string { return e.Msg + " (" + e.Code + ")" }

// Unwrap returns the sentinel, so errors.Is(err, ErrLimit) works.
func (e *Error) Unwrap() error { return e.kind }

// errorf builds an *Error of the given kind with a formatted detail.
func errorf(kind error, format string, args ...any) *Error {
	return &Error{Code: codes[kind], Msg: fmt.Sprintf(format, args...), kind: kind}
}

// asError turns any error into an *Error, keeping its sentinel if it has one.
func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	for kind, code := range codes {
		if errors.Is(err, kind) {
			return &Error{Code: code, Msg: err.Error(), kind: kind}
		}
	}
	return &Error{Code: "EINVAL", Msg: err.Error(), kind: ErrInvalid}
}

package sim

import "fmt"

// Signals the lab uses, with Linux x86-64 numbers.
const (
	SIGINT  = 2
	SIGABRT = 6
	SIGKILL = 9
	SIGSEGV = 11
	SIGPIPE = 13
	SIGTERM = 15
	SIGCHLD = 17
)

var signalNames = map[string]int64{"INT": SIGINT, "ABRT": SIGABRT, "KILL": SIGKILL, "SEGV": SIGSEGV,
	"PIPE": SIGPIPE, "TERM": SIGTERM, "CHLD": SIGCHLD}

// SignalName is the signal's name ("SIGSEGV"), or "signal N".
func SignalName(sig int) string {
	for n, v := range signalNames {
		if int(v) == sig {
			return "SIG" + n
		}
	}
	return fmt.Sprintf("signal %d", sig)
}

// SignalAction is what a signal's default disposition does.
type SignalAction string

// Default actions (signal(7)). The lab installs no handlers, so every
// signal takes its default action.
const (
	ActionTerminate SignalAction = "terminate"
	ActionCore      SignalAction = "core" // terminate (and dump core)
	ActionIgnore    SignalAction = "ignore"
)

// DefaultAction is a signal's default disposition: SIGCHLD is ignored,
// SIGSEGV and SIGABRT dump core, the rest terminate.
func DefaultAction(sig int) SignalAction {
	switch sig {
	case SIGCHLD, 23, 28: // SIGCHLD, SIGURG, SIGWINCH
		return ActionIgnore
	case SIGSEGV, SIGABRT, 3, 4, 5, 7, 8, 24, 25, 31: // QUIT ILL TRAP BUS FPE XCPU XFSZ SYS
		return ActionCore
	}
	return ActionTerminate
}

// signal delivers sig to p from sender (a pid, 0 for the kernel) and
// applies its default action: an ignored signal is only reported; a fatal
// one ends every thread of p, and wait reports "killed by signal sig"
// (WIFSIGNALED, WTERMSIG = sig; only a shell shows it as $? = 128 + sig).
func (m *Machine) signal(p *process, sig, sender int) {
	if p.state != ProcRunning {
		return
	}
	act := DefaultAction(sig)
	m.emit(Event{Kind: EvSignal, Pid: p.pid, Tid: p.pid, Other: sender, Signal: sig, Name: SignalName(sig) + ": " + string(act)})
	if act == ActionIgnore {
		return
	}
	m.exitProcess(p, WaitStatus{Signal: sig})
}

// ActionZombie is the Name's action of a signal event whose target is a
// zombie: kill(2) succeeds, and the signal changes nothing (only wait
// removes a zombie).
const ActionZombie SignalAction = "zombie"

// killCmd runs the kill command: without a signal it sends SIGTERM, as
// kill(1) does. A fatal signal to init is refused, as Linux refuses it for
// PID 1.
func (m *Machine) killCmd(c Command) *Error {
	p, err := m.proc(c.Pid)
	if err != nil {
		return err
	}
	sig := int(c.N)
	if sig == 0 {
		sig = SIGTERM
	}
	if sig <= 0 || sig > 64 {
		return errorf(ErrInvalid, "signal %d: want 1..64", sig)
	}
	if p.pid == 1 {
		return errorf(ErrState, "init (pid 1) cannot be killed")
	}
	m.charge(p.pid, 0, catOther, m.cost.Syscall)
	if p.state == ProcZombie {
		m.emit(Event{Kind: EvSignal, Pid: p.pid, Signal: sig, Name: SignalName(sig) + ": " + string(ActionZombie)})
		return nil
	}
	m.signal(p, sig, 0)
	return nil
}

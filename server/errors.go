package server

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/coder/websocket"

	"procscope/sim"
)

// Code is a stable protocol error code: clients and tests switch on it.
type Code string

// The protocol error codes. docs/protocol.md lists them; a test keeps that
// list and this table in step.
const (
	CodeBadJSON        Code = "bad-json"          // not a JSON object
	CodeBadType        Code = "bad-type"          // a field has the wrong type
	CodeUnknownOp      Code = "unknown-op"        // op is not in the command table
	CodeBadCommand     Code = "bad-command"       // the command's arguments are invalid
	CodeTooLarge       Code = "too-large"         // the message exceeds the read limit
	CodeRateLimited    Code = "rate-limited"      // too many commands per second
	CodeTooManySteps   Code = "too-many-steps"    // one command asks for too many instructions
	CodeHistoryFull    Code = "history-full"      // the session reached its tick limit
	CodeBadState       Code = "bad-state"         // the saved state (#s=…) cannot be restored
	CodeBadSpeed       Code = "bad-speed"         // speed is not in the fixed list
	CodeBadTick        Code = "bad-tick"          // back/goto outside the history
	CodeNotHello       Code = "hello-first"       // a command arrived before hello
	CodeOutdated       Code = "outdated"          // the page is older than the server: reload
	CodeReadOnly       Code = "read-only"         // a follower sent a command
	CodeNotTeacher     Code = "not-teacher"       // a room op without the teacher token
	CodeRoomNotFound   Code = "room-not-found"    // no room has that code
	CodeJoinLimit      Code = "join-limit"        // too many wrong room codes from one address
	CodeNoSuchFollower Code = "no-such-follower"  // hand-over to someone not in the room
	CodeSessionLimit   Code = "session-limit"     // the server holds too many sessions
	CodeRoomLimit      Code = "room-limit"        // the server holds too many rooms
	CodeRoomAddrLimit  Code = "room-addr-limit"   // too many rooms opened from one address
	CodeFollowerLimit  Code = "follower-limit"    // the room is full
	CodeConnLimit      Code = "conn-limit"        // too many sockets from one address
	CodeTooSlow        Code = "too-slow"          // the client could not keep up; reconnect
	CodeGoingAway      Code = "going-away"        // the server is shutting down
	CodeInternal       Code = "internal"          // a bug; logged with the session id
	CodeBadProgram     Code = "bad-program"       // a loaded program does not assemble
	CodeUnknownLesson  Code = "unknown-lesson"    // no built-in lesson has that name
	CodeNoLesson       Code = "no-lesson"         // a lesson op in a lab that runs no lesson
	CodeLessonStep     Code = "lesson-step"       // a lesson op out of turn (next before done, a second prediction …)
	CodeRoomLost       Code = "room-lost"         // the room's replica stopped; waiting for the teacher
	CodeRelayDown      Code = "relay-down"        // this replica lost touch with the others: no new rooms
	CodeReconnecting   Code = "room-reconnecting" // this replica lost touch with the room's; it resyncs when back
	CodeOldModel       Code = "old-model"         // a notice: the saved lab was made under an older model
	CodeBadNickname    Code = "bad-nickname"      // a nickname too long or with characters it may not have
	CodeNotStudent     Code = "not-student"       // a nickname from someone not in a self-paced room
	CodePacedLocal     Code = "paced-local"       // a self-paced room held on another replica (-nats)
)

// The simulator's error codes (docs/commands.md): a command the machine
// refused comes back as an error with the simulator's own code, so a
// script sees the same ESRCH or EAGAIN the trace mode prints.
const (
	CodeESRCH   Code = "ESRCH"   // no such process or thread
	CodeEAGAIN  Code = "EAGAIN"  // a resource limit (processes, threads, steps)
	CodeENOMEM  Code = "ENOMEM"  // out of memory
	CodeEINVAL  Code = "EINVAL"  // invalid argument
	CodeZOMBIE  Code = "ZOMBIE"  // the process is a zombie
	CodeECHILD  Code = "ECHILD"  // no such child
	CodeENOENT  Code = "ENOENT"  // no such name (global, label, program)
	CodeEBUSY   Code = "EBUSY"   // still running: nothing to reap yet
	CodeEPERM   Code = "EPERM"   // not allowed now (pid 1, a blocked thread)
	CodeSYNTAX  Code = "SYNTAX"  // the command is malformed
	CodeSEGV    Code = "SEGV"    // segmentation fault
	CodeEFBIG   Code = "EFBIG"   // program too long
	CodeIDLE    Code = "IDLE"    // no thread can run
	CodeCONFIG  Code = "CONFIG"  // bad machine configuration
	CodeEBADF   Code = "EBADF"   // no such open descriptor (or the wrong end)
	CodeEDEADLK Code = "EDEADLK" // the thread already holds that mutex
	// CodeSim is the fallback for a simulator code this table does not
	// know yet; the error's detail says what happened.
	CodeSim Code = "ESIM"
)

// errKind is one row of the table that maps an error to what a user sees:
// an HTTP status, a WebSocket close code (0: the socket stays open) and a
// message in each page language.
type errKind struct {
	HTTP  int
	Close websocket.StatusCode
	En    string
	Ko    string
}

var errTable = map[Code]errKind{
	CodeBadJSON:        {http.StatusBadRequest, 0, "The message is not a JSON object.", "메시지가 JSON 객체가 아닙니다."},
	CodeBadType:        {http.StatusBadRequest, 0, "A field of the message has the wrong type.", "메시지의 필드 형식이 잘못되었습니다."},
	CodeUnknownOp:      {http.StatusBadRequest, 0, "Unknown command.", "알 수 없는 명령입니다."},
	CodeBadCommand:     {http.StatusBadRequest, 0, "The command's arguments are not valid.", "명령의 인자가 올바르지 않습니다."},
	CodeTooLarge:       {http.StatusRequestEntityTooLarge, 0, "The message is too large.", "메시지가 너무 큽니다."},
	CodeRateLimited:    {http.StatusTooManyRequests, 0, "Too many commands at once; slow down.", "명령이 너무 많습니다. 잠시 후 다시 시도하세요."},
	CodeTooManySteps:   {http.StatusBadRequest, 0, "One command may not run that many instructions.", "한 번의 명령으로 그만큼 많은 명령어를 실행할 수 없습니다."},
	CodeHistoryFull:    {http.StatusBadRequest, 0, "This lab has run as long as it may; reset or go back.", "이 실습은 최대 길이에 도달했습니다. 초기화하거나 되돌리세요."},
	CodeBadState:       {http.StatusBadRequest, 0, "The saved lab in the link cannot be restored; starting fresh.", "링크에 저장된 실습을 복원할 수 없어 새로 시작합니다."},
	CodeBadSpeed:       {http.StatusBadRequest, 0, "That speed is not offered.", "지원하지 않는 속도입니다."},
	CodeBadTick:        {http.StatusBadRequest, 0, "That point is not in this lab's history.", "그 시점은 이 실습의 기록에 없습니다."},
	CodeNotHello:       {http.StatusBadRequest, 0, "Say hello first.", "먼저 hello 메시지를 보내야 합니다."},
	CodeOutdated:       {http.StatusConflict, 0, "The server was updated; reload the page.", "서버가 업데이트되었습니다. 페이지를 새로 고치세요."},
	CodeReadOnly:       {http.StatusForbidden, 0, "You are following this lab; only the person in control can change it.", "이 실습을 보고만 있습니다. 조작 권한이 있는 사람만 바꿀 수 있습니다."},
	CodeNotTeacher:     {http.StatusForbidden, 0, "Only the teacher of this room may do that.", "이 방의 교사만 할 수 있습니다."},
	CodeRoomNotFound:   {http.StatusNotFound, 0, "No classroom has that code.", "그 코드의 수업 방이 없습니다."},
	CodeJoinLimit:      {http.StatusTooManyRequests, 0, "Too many wrong classroom codes from your network; wait a minute and check the code.", "같은 네트워크에서 잘못된 수업 코드가 너무 많이 입력되었습니다. 잠시 기다린 뒤 코드를 확인하세요."},
	CodeNoSuchFollower: {http.StatusNotFound, 0, "That student is not in the room.", "그 학생은 방에 없습니다."},
	CodeSessionLimit:   {http.StatusServiceUnavailable, websocket.StatusTryAgainLater, "The server is busy; try again in a minute.", "서버가 바쁩니다. 잠시 후 다시 시도하세요."},
	CodeRoomLimit:      {http.StatusServiceUnavailable, 0, "Too many classrooms are open; try again later.", "열린 수업 방이 너무 많습니다. 나중에 다시 시도하세요."},
	CodeRoomAddrLimit:  {http.StatusTooManyRequests, 0, "Too many classrooms are open from your network; close one first.", "같은 네트워크에서 연 수업 방이 너무 많습니다. 하나를 먼저 닫으세요."},
	CodeFollowerLimit:  {http.StatusServiceUnavailable, websocket.StatusTryAgainLater, "This classroom is full.", "이 수업 방이 가득 찼습니다."},
	CodeConnLimit:      {http.StatusTooManyRequests, websocket.StatusTryAgainLater, "Too many connections from your network.", "같은 네트워크에서 연결이 너무 많습니다."},
	CodeTooSlow:        {http.StatusServiceUnavailable, websocket.StatusPolicyViolation, "The connection fell behind; reconnecting.", "연결이 뒤처져 다시 연결합니다."},
	CodeGoingAway:      {http.StatusServiceUnavailable, websocket.StatusGoingAway, "The server is restarting; reconnecting.", "서버가 다시 시작하는 중입니다. 다시 연결합니다."},
	CodeInternal:       {http.StatusInternalServerError, websocket.StatusInternalError, "Something went wrong in this lab; it was reset.", "이 실습에서 문제가 발생하여 초기화되었습니다."},
	CodeBadProgram:     {http.StatusBadRequest, 0, "The program does not assemble; nothing was changed.", "프로그램을 어셈블할 수 없습니다. 아무것도 바뀌지 않았습니다."},
	CodeUnknownLesson:  {http.StatusNotFound, 0, "There is no lesson with that name.", "그런 이름의 실습이 없습니다."},
	CodeNoLesson:       {http.StatusBadRequest, 0, "This lab runs no lesson.", "이 실습에는 진행 중인 단원이 없습니다."},
	CodeLessonStep:     {http.StatusConflict, 0, "Not now: finish the lesson's current step first.", "지금은 할 수 없습니다. 먼저 현재 단계를 마치세요."},
	CodeRoomLost:       {http.StatusServiceUnavailable, 0, "The classroom's server stopped; waiting for the teacher to reconnect.", "수업 방의 서버가 멈췄습니다. 교사가 다시 연결하기를 기다립니다."},
	CodeRelayDown:      {http.StatusServiceUnavailable, 0, "Classrooms cannot be opened or joined right now: this server lost touch with the others. Try again in a minute.", "지금은 수업 방을 열거나 수업 방에 들어갈 수 없습니다. 이 서버와 다른 서버의 연결이 끊겼습니다. 잠시 후 다시 시도하세요."},
	CodeReconnecting:   {http.StatusServiceUnavailable, 0, "Reconnecting to the classroom… The lab will catch up with the class by itself.", "수업 방에 다시 연결하는 중입니다. 연결되면 실습 화면이 수업의 현재 상태로 저절로 맞춰집니다."},
	CodeBadNickname:    {http.StatusBadRequest, 0, "A nickname has at most 20 characters: letters, digits, single spaces and - _ . ' only.", "별명은 20자까지, 글자·숫자·띄어쓰기 한 칸과 - _ . ' 만 쓸 수 있습니다."},
	CodeNotStudent:     {http.StatusForbidden, 0, "Only a student in a self-paced class has a nickname.", "별명은 자율 진행 수업에 참여한 학생만 정할 수 있습니다."},
	CodePacedLocal:     {http.StatusServiceUnavailable, 0, "This self-paced class runs on another of this site's servers, and self-paced classes do not span servers yet. Reload the page to try again, or ask your teacher.", "이 자율 진행 수업은 이 사이트의 다른 서버에서 열렸고, 자율 진행 수업은 아직 여러 서버에 걸쳐 열 수 없습니다. 페이지를 새로 고쳐 다시 시도하거나 선생님께 알려 주세요."},
	CodeOldModel:       {http.StatusOK, 0, "This lab was saved under an older version of the simulated machine. It opens, but today's rules may replay it differently from what its author saw.", "이 실습은 이전 버전의 모의 기계에서 저장되었습니다. 열리기는 하지만, 지금의 규칙으로 다시 실행하면 만든 사람이 본 것과 다를 수 있습니다."},

	CodeESRCH:   {http.StatusNotFound, 0, "No such process or thread.", "그런 프로세스나 스레드가 없습니다."},
	CodeEAGAIN:  {http.StatusTooManyRequests, 0, "The machine's limit is reached (too many processes or threads); the command was refused.", "기계의 한도에 도달했습니다(프로세스나 스레드가 너무 많음). 명령이 거부되었습니다."},
	CodeENOMEM:  {http.StatusInsufficientStorage, 0, "The machine is out of memory.", "기계의 메모리가 부족합니다."},
	CodeEINVAL:  {http.StatusBadRequest, 0, "The machine rejected an invalid argument.", "기계가 잘못된 인자를 거부했습니다."},
	CodeZOMBIE:  {http.StatusConflict, 0, "That process is a zombie: it has exited and can only be reaped.", "그 프로세스는 좀비입니다. 이미 종료되었고 거둘 수만 있습니다."},
	CodeECHILD:  {http.StatusNotFound, 0, "No such child process to wait for.", "기다릴 자식 프로세스가 없습니다."},
	CodeENOENT:  {http.StatusNotFound, 0, "No such name (global, label or program).", "그런 이름(전역 변수, 레이블, 프로그램)이 없습니다."},
	CodeEBUSY:   {http.StatusConflict, 0, "That process is still running; there is nothing to reap yet.", "그 프로세스는 아직 실행 중이라 거둘 것이 없습니다."},
	CodeEPERM:   {http.StatusForbidden, 0, "The machine does not allow that right now.", "기계가 지금은 그 작업을 허용하지 않습니다."},
	CodeSYNTAX:  {http.StatusBadRequest, 0, "The machine could not read that command.", "기계가 그 명령을 읽을 수 없습니다."},
	CodeSEGV:    {http.StatusBadRequest, 0, "Segmentation fault.", "세그멘테이션 오류입니다."},
	CodeEFBIG:   {http.StatusRequestEntityTooLarge, 0, "The program is too long.", "프로그램이 너무 깁니다."},
	CodeIDLE:    {http.StatusConflict, 0, "No thread can run.", "실행할 수 있는 스레드가 없습니다."},
	CodeCONFIG:  {http.StatusBadRequest, 0, "The machine configuration is not valid.", "기계 설정이 올바르지 않습니다."},
	CodeEBADF:   {http.StatusBadRequest, 0, "No such open file descriptor (or it is the other end of the pipe).", "그런 열린 파일 디스크립터가 없습니다(또는 파이프의 반대쪽 끝입니다)."},
	CodeEDEADLK: {http.StatusConflict, 0, "That thread already holds this mutex; locking it again would wait forever.", "그 스레드는 이미 이 뮤텍스를 가지고 있습니다. 다시 잠그면 영원히 기다리게 됩니다."},
	CodeSim:     {http.StatusBadRequest, 0, "The machine refused the command.", "기계가 명령을 거부했습니다."},
}

// simError is a command the machine refused: the simulator's error event.
// Its code is the simulator's; its detail (English, from sim) goes to the
// client as "detail" next to the translated message.
type simError struct{ ev sim.Event }

func (e *simError) Error() string { return e.ev.Err.Error() }

// code is the protocol code: the simulator's code if the table knows it.
func (e *simError) code() Code {
	if _, ok := errTable[Code(e.ev.Err.Code)]; ok {
		return Code(e.ev.Err.Code)
	}
	return CodeSim
}

// protoError is an error that carries a protocol code. Detail is logged,
// never sent: the client sees the table's message in its language. Public,
// if set, is sent as the error's "detail": a plain English explanation in
// the protocol's own terms (a JSON field name, an expected kind), never a
// server internal.
type protoError struct {
	Code   Code
	Detail string
	Public string
}

func (e *protoError) Error() string { return string(e.Code) + ": " + e.Detail }

func errorf(code Code, format string, args ...any) error {
	return &protoError{Code: code, Detail: fmt.Sprintf(format, args...)}
}

// tooLargeError is a message or a program over its limit. Its message
// says which, how large it was and the limit, in the page's language.
type tooLargeError struct {
	what  string // "message" or "program"
	size  int    // bytes
	limit int    // bytes
}

func (e *tooLargeError) Error() string {
	return fmt.Sprintf("%s of %d bytes over the limit of %d bytes", e.what, e.size, e.limit)
}

// message is the error's text in a page language.
func (e *tooLargeError) message(lang string) string {
	program := e.what == "program"
	if lang == "ko" {
		what := "메시지가"
		if program {
			what = "프로그램이"
		}
		return fmt.Sprintf("%s 너무 큽니다: %d바이트이며, 한도는 %d바이트입니다.", what, e.size, e.limit)
	}
	what := "message"
	if program {
		what = "program"
	}
	return fmt.Sprintf("The %s is too large: %d bytes; the limit is %d bytes.", what, e.size, e.limit)
}

// fieldError is a protocol error about one field of a client message; what
// it says about the field goes to the client as the error's detail:
// `field "tid": want an integer, got string`.
func fieldError(code Code, field, format string, args ...any) error {
	d := fmt.Sprintf("field %q: ", field) + fmt.Sprintf(format, args...)
	return &protoError{Code: code, Detail: d, Public: d}
}

// codeOf finds the protocol code of err; anything unknown is internal.
func codeOf(err error) Code {
	var tl *tooLargeError
	if errors.As(err, &tl) {
		return CodeTooLarge
	}
	var se *simError
	if errors.As(err, &se) {
		return se.code()
	}
	var pe *protoError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return CodeInternal
}

// message is the human text of a code in a page language.
func (c Code) message(lang string) string {
	k, ok := errTable[c]
	if !ok {
		k = errTable[CodeInternal]
	}
	if lang == "ko" {
		return k.Ko
	}
	return k.En
}

// closeStatus is the WebSocket close code an error ends a socket with, or
// 0 when the socket stays open.
func (c Code) closeStatus() websocket.StatusCode { return errTable[c].Close }

// httpStatus is the HTTP status of a code, for plain HTTP routes.
func (c Code) httpStatus() int {
	if k, ok := errTable[c]; ok {
		return k.HTTP
	}
	return http.StatusInternalServerError
}

package server

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/coder/websocket"
)

// Code is a stable protocol error code: clients and tests switch on it.
type Code string

// The protocol error codes. docs/protocol.md lists them; a test keeps that
// list and this table in step.
const (
	CodeBadJSON        Code = "bad-json"         // not a JSON object
	CodeBadType        Code = "bad-type"         // a field has the wrong type
	CodeUnknownOp      Code = "unknown-op"       // op is not in the command table
	CodeBadCommand     Code = "bad-command"      // the command's arguments are invalid
	CodeTooLarge       Code = "too-large"        // the message exceeds the read limit
	CodeRateLimited    Code = "rate-limited"     // too many commands per second
	CodeTooManySteps   Code = "too-many-steps"   // one command asks for too many instructions
	CodeHistoryFull    Code = "history-full"     // the session reached its tick limit
	CodeBadState       Code = "bad-state"        // the saved state (#s=…) cannot be restored
	CodeBadSpeed       Code = "bad-speed"        // speed is not in the fixed list
	CodeBadTick        Code = "bad-tick"         // back/goto outside the history
	CodeNotHello       Code = "hello-first"      // a command arrived before hello
	CodeOutdated       Code = "outdated"         // the page is older than the server: reload
	CodeReadOnly       Code = "read-only"        // a follower sent a command
	CodeNotTeacher     Code = "not-teacher"      // a room op without the teacher token
	CodeRoomNotFound   Code = "room-not-found"   // no room has that code
	CodeNoSuchFollower Code = "no-such-follower" // hand-over to someone not in the room
	CodeSessionLimit   Code = "session-limit"    // the server holds too many sessions
	CodeRoomLimit      Code = "room-limit"       // the server holds too many rooms
	CodeFollowerLimit  Code = "follower-limit"   // the room is full
	CodeConnLimit      Code = "conn-limit"       // too many sockets from one address
	CodeTooSlow        Code = "too-slow"         // the client could not keep up; reconnect
	CodeGoingAway      Code = "going-away"       // the server is shutting down
	CodeInternal       Code = "internal"         // a bug; logged with the session id
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
	CodeNoSuchFollower: {http.StatusNotFound, 0, "That student is not in the room.", "그 학생은 방에 없습니다."},
	CodeSessionLimit:   {http.StatusServiceUnavailable, websocket.StatusTryAgainLater, "The server is busy; try again in a minute.", "서버가 바쁩니다. 잠시 후 다시 시도하세요."},
	CodeRoomLimit:      {http.StatusServiceUnavailable, 0, "Too many classrooms are open; try again later.", "열린 수업 방이 너무 많습니다. 나중에 다시 시도하세요."},
	CodeFollowerLimit:  {http.StatusServiceUnavailable, websocket.StatusTryAgainLater, "This classroom is full.", "이 수업 방이 가득 찼습니다."},
	CodeConnLimit:      {http.StatusTooManyRequests, websocket.StatusTryAgainLater, "Too many connections from your network.", "같은 네트워크에서 연결이 너무 많습니다."},
	CodeTooSlow:        {http.StatusServiceUnavailable, websocket.StatusPolicyViolation, "The connection fell behind; reconnecting.", "연결이 뒤처져 다시 연결합니다."},
	CodeGoingAway:      {http.StatusServiceUnavailable, websocket.StatusGoingAway, "The server is restarting; reconnecting.", "서버가 다시 시작하는 중입니다. 다시 연결합니다."},
	CodeInternal:       {http.StatusInternalServerError, websocket.StatusInternalError, "Something went wrong in this lab; it was reset.", "이 실습에서 문제가 발생하여 초기화되었습니다."},
}

// protoError is an error that carries a protocol code. Detail is logged,
// never sent: the client sees the table's message in its language.
type protoError struct {
	Code   Code
	Detail string
}

func (e *protoError) Error() string { return string(e.Code) + ": " + e.Detail }

func errorf(code Code, format string, args ...any) error {
	return &protoError{Code: code, Detail: fmt.Sprintf(format, args...)}
}

// codeOf finds the protocol code of err; anything unknown is internal.
func codeOf(err error) Code {
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

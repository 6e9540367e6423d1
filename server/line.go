package server

import (
	"strconv"
	"strings"

	"procscope/lessons"
	"procscope/sim"
)

// lineOps are the session ops a typed line may name besides the command
// table: how many numbers each takes.
var lineOps = map[string]string{
	"back": "n", "forward": "n", "goto": "tick", "play": "speed", "pause": "", "speed": "speed", "load": "lesson", "reset": "",
}

// lineLocked runs one command as a person types it in the page's command
// line: a line of the command table (docs/commands.md, parsed by
// sim.ParseCommand, so its errors are the script's), a lesson's "until
// CHECK", or one of the session ops back [N], forward [N], goto TICK,
// play [SPEED], pause, speed SPEED, load [LESSON] and reset. It answers
// with the same errors as the op sent as JSON.
func (s *session) lineLocked(text string) error {
	if len(text) > maxLine {
		return &tooLargeError{what: "message", size: len(text), limit: maxLine}
	}
	f := strings.Fields(text)
	if len(f) == 0 {
		return fieldError(CodeBadCommand, "text", "empty: type a command, e.g. step 5")
	}
	op := strings.ToLower(f[0])
	if field, ok := lineOps[op]; ok {
		req, err := lineRequest(op, field, f[1:])
		if err != nil {
			return err
		}
		return s.controlLocked(req)
	}
	if op == "schedule" {
		f[0] = "run"
	}
	if op == "until" && len(f) > 2 {
		return s.untilCheckLocked(strings.Join(f, " "))
	}
	c, err := sim.ParseCommand(strings.Join(f, " "))
	if err != nil {
		d := strings.TrimSuffix(err.Error(), ": "+sim.ErrSyntax.Error())
		return &protoError{Code: CodeBadCommand, Detail: d, Public: d}
	}
	return s.applyLocked(c)
}

// untilCheckLocked runs a typed "until CHECK" (a lesson's vocabulary,
// docs/lessons.md: `until global 2 value == 20`) as the lesson's "do it"
// does: the one `step N` after which the check first holds, found on a
// copy within the per-command limit. A lesson's step panel offers the
// student its commands to type, and most of them are of this form.
func (s *session) untilCheckLocked(text string) error {
	a, err := lessons.ParseAction(strings.ToLower(text[:5]) + text[5:])
	if err != nil {
		d := strings.TrimPrefix(err.Error(), "run ")
		return &protoError{Code: CodeBadCommand, Detail: d, Public: d}
	}
	c, ok, err := a.Resolve(s.lab.Machine(), s.srv.cfg.Limits.MaxStepsPerCommand)
	if err != nil {
		return &protoError{Code: CodeBadCommand, Detail: err.Error(), Public: err.Error()}
	}
	if !ok {
		d := text + ": holds already, nothing to run"
		return &protoError{Code: CodeBadCommand, Detail: d, Public: d}
	}
	return s.applyLocked(c)
}

// maxLine bounds a typed command: the longest valid one is far shorter.
const maxLine = 256

// lineRequest builds the request of a session op from its typed words.
func lineRequest(op, field string, args []string) (request, error) {
	req := request{Op: op}
	if len(args) > 1 || len(args) == 1 && field == "" {
		return req, fieldError(CodeBadCommand, "text", "%s takes %s", op, lineUsage(op, field))
	}
	if len(args) == 0 {
		switch op {
		case "back", "forward":
			req.N = 1
		case "goto", "speed":
			return req, fieldError(CodeBadCommand, "text", "%s needs %s", op, lineUsage(op, field))
		}
		return req, nil
	}
	if field == "lesson" {
		req.Lesson = args[0]
		return req, nil
	}
	n, err := strconv.ParseUint(args[0], 10, 63)
	if err != nil {
		return req, fieldError(CodeBadCommand, "text", "%q is not a whole number: %s takes %s", args[0], op, lineUsage(op, field))
	}
	switch field {
	case "n":
		req.N = int64(n)
	case "tick":
		req.Tick = &n
	case "speed":
		req.Speed = int(min(n, 1<<31-1))
	}
	return req, nil
}

// lineUsage is how a session op is typed, for its error messages.
func lineUsage(op, field string) string {
	switch field {
	case "":
		return "no arguments"
	case "lesson":
		return op + " [LESSON]"
	case "tick":
		return op + " TICK"
	case "speed":
		if op == "play" {
			return "play [SPEED]"
		}
		return "speed SPEED"
	}
	return op + " [N]"
}

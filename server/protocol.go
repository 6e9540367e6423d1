package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"unicode"

	"procscope/sim"
)

// ProtocolVersion is the version of the WebSocket protocol in
// docs/protocol.md. A page that speaks another version is told to reload.
const ProtocolVersion = 1

// readLimit bounds one client message after hello. Commands are tiny;
// the largest is a load carrying a program of maxProgram bytes, which JSON
// may escape up to six times over (a control character is "\u0001"), plus
// the rest of the message. So every program the server accepts fits, and
// a longer one is answered by the program check with its own limit.
const readLimit = 6*maxProgram + 1<<10

// maxEventsPerFrame bounds the events one frame carries; the rest are
// counted in the frame's "dropped".
const maxEventsPerFrame = 256

// The session ops: what the server does itself around the machine. Every
// other op is a simulator command from the one command table.
var sessionOps = append([]string{"hello", "back", "forward", "goto", "line", "play", "pause", "speed", "load", "reset", "snapshot", "room", "handover", "takeback", "close-room", "export", "nickname"}, lessonOps...)

// wireOps maps a protocol op onto the simulator's op where the two names
// differ; "schedule" reads better on a button than sim's "run".
var wireOps = map[string]string{"schedule": "run"}

// simOps is the simulator's command table (docs/commands.md): the one
// vocabulary of commands. "reset" is in it too, but the session's reset
// (a fresh lab, history cleared) answers that op.
var simOps = sim.Ops()

func knownOp(op string) bool {
	if _, ok := wireOps[op]; ok {
		return true
	}
	return slices.Contains(sessionOps, op) || slices.Contains(simOps, op)
}

// request is a client message. Ops that are simulator commands carry the
// command's own fields (tid, pid, n, name, addr …): the same bytes are
// decoded into the simulator's Command, so the protocol has no second
// vocabulary for them.
type request struct {
	Op  string `json:"op"`
	Ref int64  `json:"ref,omitempty"` // echoed in an error, to match it

	N       int64   `json:"n"`       // step: instructions; back: ticks
	Tick    *uint64 `json:"tick"`    // goto
	Speed   int     `json:"speed"`   // play, speed: instructions per second
	Lesson  string  `json:"lesson"`  // load
	Program string  `json:"program"` // load
	// Language is the program's language for load: "c", "asm", or "" to
	// detect it.
	Language string `json:"language"`
	Seed     *int64 `json:"seed"`   // reset, hello
	To       string `json:"to"`     // handover: a follower id
	Answer   string `json:"answer"` // lesson-predict: a choice id or a number
	Text     string `json:"text"`   // line: one command as typed
	Name     string `json:"name"`   // nickname: what the student typed

	// hello
	Protocol int    `json:"protocol"`
	Assets   string `json:"assets"`
	Lang     string `json:"lang"`
	Format   string `json:"format"`   // hello: "html" (default) or "json"; export: "text" (default) or "json"
	Controls string `json:"controls"` // the page's controls=full|minimal|none
	Mode     string `json:"mode"`     // the page's mode=explore|present|readonly
	Save     string `json:"save"`     // the page's #s= state
	Progress string `json:"progress"` // the page's #lp= lesson progress (signed)
	Session  string `json:"session"`
	Room     string `json:"room"`
	Token    string `json:"token"`
	Step     uint64 `json:"step"`
	Autoplay bool   `json:"autoplay"`

	cmd sim.Command // the simulator command, for simulator ops
}

// decodeRequest parses one client message. Errors carry the protocol code
// the client sees.
func decodeRequest(msg []byte) (request, error) {
	var req request
	trimmed := bytes.TrimLeftFunc(msg, unicode.IsSpace)
	if len(trimmed) == 0 || trimmed[0] != '{' || !json.Valid(msg) {
		return req, errorf(CodeBadJSON, "not a JSON object: %.40q", msg)
	}
	if err := json.Unmarshal(msg, &req); err != nil {
		return req, typeError(err)
	}
	if req.Op == "" {
		return req, errorf(CodeUnknownOp, "message without op")
	}
	if !knownOp(req.Op) {
		return req, errorf(CodeUnknownOp, "op %.40q", req.Op)
	}
	if slices.Contains(sessionOps, req.Op) {
		return req, nil
	}
	if err := json.Unmarshal(msg, &req.cmd); err != nil {
		return req, typeError(err)
	}
	if op, ok := wireOps[req.Op]; ok {
		req.cmd.Op = op
	}
	if err := req.cmd.Validate(); err != nil {
		// sim's explanation ("fork: needs a tid") is the detail.
		d := strings.TrimSuffix(err.Error(), ": "+sim.ErrSyntax.Error())
		return req, &protoError{Code: CodeBadCommand, Detail: d, Public: d}
	}
	return req, nil
}

// typeError is a field of the wrong type. Its detail names the field as
// it is on the wire (lower case) and the kind of JSON value it wants.
func typeError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := strings.ToLower(te.Field)
		if field == "" {
			field = "(message)"
		}
		return fieldError(CodeBadType, field, "want %s, got %.40s", jsonKind(te.Type), te.Value)
	}
	return errorf(CodeBadJSON, "%v", err)
}

// jsonKind is the kind of JSON value a Go type decodes from, in plain
// words: "an integer", "a string".
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a non-negative integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "another type"
}

// The server's messages. Field names are part of the protocol.

type helloMsg struct {
	Type     string `json:"type"` // "hello"
	Protocol int    `json:"protocol"`
	Assets   string `json:"assets"`
	Reload   bool   `json:"reload"`
	Session  string `json:"session,omitempty"`
	Role     string `json:"role,omitempty"`
	Speeds   []int  `json:"speeds"`
	Limits   struct {
		StepsPerCommand int64  `json:"stepsPerCommand"`
		MaxTicks        uint64 `json:"maxTicks"`
		FrameRate       int    `json:"frameRate"`
	} `json:"limits"`
}

type frameMsg struct {
	Type         string          `json:"type"` // "frame"
	Seq          uint64          `json:"seq"`
	Tick         uint64          `json:"tick"`
	Instructions uint64          `json:"instructions"`
	Time         uint64          `json:"time"` // simulated nanoseconds
	Playing      bool            `json:"playing"`
	Speed        int             `json:"speed"`
	Full         bool            `json:"full,omitempty"` // every fragment, after (re)connect or a jump
	Events       json.RawMessage `json:"events"`         // an array, encoded once per publish
	Dropped      int             `json:"dropped,omitempty"`
	// Remove are ids of elements to remove and Insert elements to insert
	// beside a sibling, in that order and before Fragments are placed:
	// thread cards, axis rows and text-view rows that went and came
	// (templates.Part.Group).
	Remove    []string          `json:"remove,omitempty"`
	Insert    []insertEdit      `json:"insert,omitempty"`
	Fragments map[string]string `json:"fragments,omitempty"`
	// Trim maps element ids to how many of the element's first child
	// elements to drop, and Append to markup added at its end, in that
	// order and after Fragments are placed: the slices and switches of an
	// interval of the CPU chart, the scrubber's marks, as the window of
	// recent events slides (templates.Part.Tail).
	Trim   map[string]int    `json:"trim,omitempty"`
	Append map[string]string `json:"append,omitempty"`
	Log    *logAdd           `json:"log,omitempty"` // new event-log items (eventlog.go)
	Save   string            `json:"save,omitempty"`
	Lesson *lessonFrame      `json:"lesson,omitempty"` // the lesson's progress (lesson.go)
	// Future is the furthest tick forward can reach, when an earlier back
	// or goto left something to redo (absent otherwise).
	Future uint64 `json:"future,omitempty"`
}

type snapshotMsg struct {
	Type    string          `json:"type"` // "snapshot"
	Seq     uint64          `json:"seq"`
	Save    string          `json:"save"`
	Machine json.RawMessage `json:"machine"`
}

type errorMsg struct {
	Type    string `json:"type"` // "error"
	Code    Code   `json:"code"`
	Message string `json:"message"`
	Op      string `json:"op,omitempty"`
	Ref     int64  `json:"ref,omitempty"`
	// Detail is a plain English explanation: the simulator's own for a
	// refused command ("no thread with tid 99"), the field and the kind of
	// value it wants for bad-type and bad-command (`field "tid": want an
	// integer, got string`), the size and limit for too-large.
	Detail string `json:"detail,omitempty"`
	// Problems lists every problem of a program that does not assemble.
	Problems []problem `json:"problems,omitempty"`
}

type roomMsg struct {
	Type       string     `json:"type"` // "room"
	Code       string     `json:"code"`
	Join       string     `json:"join"`
	Role       string     `json:"role"`
	You        string     `json:"you,omitempty"`
	Controller string     `json:"controller"`
	Token      string     `json:"token,omitempty"`     // teacher only
	Followers  []follower `json:"followers,omitempty"` // teacher only
	// Mode is "self-paced" for a room whose students each run Lesson in
	// a lab of their own (room_selfpaced.go); absent for presenting.
	Mode   string `json:"mode,omitempty"`
	Lesson string `json:"lesson,omitempty"`
	// Seat and Name are a self-paced student's number and nickname.
	Seat int    `json:"seat,omitempty"`
	Name string `json:"name,omitempty"`
	// Local tells a self-paced room's teacher that students must reach
	// this replica (with -nats, self-paced rooms do not span replicas).
	Local bool `json:"local,omitempty"`
	// Ended says the teacher closed the room: the member is now solo in a
	// lab of its own at the same state (a hello follows for a follower).
	Ended bool `json:"ended,omitempty"`
}

type follower struct {
	ID   string `json:"id"`
	Lang string `json:"lang"`
}

// wireJSON encodes a simulator value for the wire: encoding/json of the
// plain sim type, with every object key in lower case ("OldFrame" →
// "oldframe"). sim carries no wire tags, and Go's decoder matches keys
// case-insensitively, so a Go client decodes these straight into sim types.
func wireJSON(v any) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	return json.Marshal(lowerKeys(tree))
}

func lowerKeys(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[strings.ToLower(k)] = lowerKeys(x)
		}
		return out
	case []any:
		for i, x := range v {
			v[i] = lowerKeys(x)
		}
		return v
	}
	return v
}

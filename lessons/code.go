package lessons

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// A Signer makes and checks what the server vouches for with a secret
// key (HMAC-SHA256): completion codes students paste into an LMS quiz,
// and the lesson progress a page keeps in its URL fragment.
type Signer struct{ key []byte }

// MinKeyBytes is the shortest key a Signer accepts.
const MinKeyBytes = 16

// NewSigner makes a signer from a key of at least MinKeyBytes bytes.
func NewSigner(key []byte) (*Signer, error) {
	if len(key) < MinKeyBytes {
		return nil, fmt.Errorf("lesson key: %d bytes, want at least %d", len(key), MinKeyBytes)
	}
	return &Signer{key: append([]byte(nil), key...)}, nil
}

func (s *Signer) mac(purpose, msg string) []byte {
	h := hmac.New(sha256.New, s.key)
	h.Write([]byte(purpose + "\x00" + msg))
	return h.Sum(nil)
}

// Completion is what a completion code says: a lesson was finished, with
// how many steps and how many of the predictions made were right.
type Completion struct {
	Lesson    string
	Steps     int
	Predicted int
	Correct   int
}

func (c Completion) String() string {
	return fmt.Sprintf("%s: %d steps, %d of %d predictions right", c.Lesson, c.Steps, c.Correct, c.Predicted)
}

// codeEnc is the code's signature alphabet: upper-case letters and 2–7,
// easy to read aloud and to type from a screen.
var codeEnc = base32.StdEncoding.WithPadding(base32.NoPadding)

// sigChars is the signature's length: 50 bits, enough that guessing one
// is hopeless for a quiz, short enough to type.
const sigChars = 10

// ErrBadCode says a completion code is malformed or its signature does
// not match (wrong server key, or edited).
var ErrBadCode = errors.New("not a valid completion code")

// Code is the completion code for c: "fork-cow.5.3.4.SIGNATURE" (lesson,
// steps, right, predicted, then the signature).
func (s *Signer) Code(c Completion) string {
	body := fmt.Sprintf("%s.%d.%d.%d", c.Lesson, c.Steps, c.Correct, c.Predicted)
	return body + "." + codeEnc.EncodeToString(s.mac("code", body))[:sigChars]
}

// Verify checks a completion code and says what it vouches for. Spaces
// around it and lower-case letters (a student typing it) are forgiven.
func (s *Signer) Verify(code string) (Completion, error) {
	code = strings.TrimSpace(code)
	i := strings.LastIndexByte(code, '.')
	if i < 0 {
		return Completion{}, fmt.Errorf("%w: no signature", ErrBadCode)
	}
	body, sig := code[:i], strings.ToUpper(code[i+1:])
	f := strings.Split(body, ".")
	if len(f) != 4 || !nameRE.MatchString(strings.ToLower(f[0])) {
		return Completion{}, fmt.Errorf("%w: want LESSON.STEPS.RIGHT.PREDICTED.SIGNATURE", ErrBadCode)
	}
	f[0] = strings.ToLower(f[0])
	var n [3]int
	for k := range 3 {
		v, err := strconv.Atoi(f[k+1])
		if err != nil || v < 0 || v > 1000 {
			return Completion{}, fmt.Errorf("%w: %q is not a count", ErrBadCode, f[k+1])
		}
		n[k] = v
	}
	body = strings.Join(f, ".")
	want := codeEnc.EncodeToString(s.mac("code", body))[:sigChars]
	if len(sig) != sigChars || !hmac.Equal([]byte(sig), []byte(want)) {
		return Completion{}, fmt.Errorf("%w: the signature does not match", ErrBadCode)
	}
	c := Completion{Lesson: f[0], Steps: n[0], Correct: n[1], Predicted: n[2]}
	if c.Correct > c.Predicted {
		return Completion{}, fmt.Errorf("%w: more right than predicted", ErrBadCode)
	}
	return c, nil
}

// ErrBadProgress says saved progress is malformed or was not signed by
// this server's key.
var ErrBadProgress = errors.New("not valid lesson progress")

// SealProgress encodes progress for the URL fragment, signed so that a
// hand-edited link cannot claim steps or right answers it did not earn.
func (s *Signer) SealProgress(p Progress) string {
	js, _ := json.Marshal(p) // plain fields cannot fail
	body := base64.RawURLEncoding.EncodeToString(js)
	return body + "." + base64.RawURLEncoding.EncodeToString(s.mac("progress", body)[:16])
}

// OpenProgress checks and decodes what SealProgress made.
func (s *Signer) OpenProgress(sealed string) (Progress, error) {
	if len(sealed) > 1024 {
		return Progress{}, fmt.Errorf("%w: %d bytes", ErrBadProgress, len(sealed))
	}
	body, sig, ok := strings.Cut(sealed, ".")
	if !ok {
		return Progress{}, fmt.Errorf("%w: no signature", ErrBadProgress)
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, s.mac("progress", body)[:16]) {
		return Progress{}, fmt.Errorf("%w: the signature does not match", ErrBadProgress)
	}
	js, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		return Progress{}, fmt.Errorf("%w: %v", ErrBadProgress, err)
	}
	var p Progress
	if err := json.Unmarshal(js, &p); err != nil {
		return Progress{}, fmt.Errorf("%w: %v", ErrBadProgress, err)
	}
	return p, nil
}

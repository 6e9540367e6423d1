package server

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// appendFrame writes what encoding/json writes (HTML escaping off), for
// frames with every field set or left out and strings of every kind of
// character a JSON string escapes.
func TestFrameJSONIsEncodingJSONs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "<li id=\"x\">", "&amp;", "\\", "\"", "\n", "\t", "\r", "\b", "\f", "\x00", "\x1f", "\x7f",
		"한국어", "\u2028", "\u2029", "\xff", "\xe2\x80", "é", "🙂", " ", "'", "/"}
	str := randomStrings(rng, pieces, 12)
	for i := range 2000 {
		f := frameMsg{Type: "frame", Seq: rng.Uint64(), Tick: uint64(rng.IntN(1e6)), Instructions: uint64(i), Time: rng.Uint64N(1 << 40),
			Playing: rng.IntN(2) == 0, Speed: rng.IntN(100), Full: rng.IntN(4) == 0, Events: json.RawMessage(`[{"kind":"switch","tick":3}]`)}
		if rng.IntN(5) == 0 {
			f.Events = nil
		}
		if rng.IntN(3) == 0 {
			f.Dropped = rng.IntN(50)
		}
		for range rng.IntN(3) {
			f.Remove = append(f.Remove, str())
		}
		for range rng.IntN(3) {
			f.Insert = append(f.Insert, insertEdit{After: []string{"", str()}[rng.IntN(2)], Before: []string{"", str()}[rng.IntN(2)], HTML: str()})
		}
		if n := rng.IntN(6); n > 0 {
			f.Fragments = map[string]string{}
			for range n {
				f.Fragments[str()] = str()
			}
		} else if rng.IntN(2) == 0 {
			f.Fragments = map[string]string{} // empty: left out, as nil is
		}
		if rng.IntN(3) == 0 {
			f.Trim = map[string]int{str(): rng.IntN(9), str(): rng.IntN(9)}
		}
		if rng.IntN(3) == 0 {
			f.Append = map[string]string{str(): str()}
		}
		if rng.IntN(3) == 0 {
			f.Log = &logAdd{Add: str(), Keep: rng.IntN(300)}
		}
		if rng.IntN(2) == 0 {
			f.Save = str()
		}
		if rng.IntN(3) == 0 {
			f.Lesson = &lessonFrame{Lesson: str(), Step: rng.IntN(9), Total: 9, Done: rng.IntN(2) == 0, Progress: str(), Code: []string{"", str()}[rng.IntN(2)]}
		}
		if rng.IntN(3) == 0 {
			f.Future = rng.Uint64N(1e6)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(f); err != nil {
			t.Fatal(err)
		}
		got, err := appendFrame(nil, &f)
		if err != nil {
			t.Fatal(err)
		}
		if w := bytes.TrimSuffix(want.Bytes(), []byte("\n")); !bytes.Equal(got, w) {
			t.Fatalf("frame %d:\n got %s\nwant %s", i, got, w)
		}
	}
}

// randomStrings makes strings of fewer than most pieces drawn at random:
// the characters an encoder escapes, next to each other in every order.
func randomStrings(rng *rand.Rand, pieces []string, most int) func() string {
	return func() string {
		var b bytes.Buffer
		for range rng.IntN(most) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
}

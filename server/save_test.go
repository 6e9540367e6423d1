package server

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"procscope/sim"
)

func TestSaveRoundTripsAndCompressesRuns(t *testing.T) {
	step, _ := sim.ParseCommand("step 34")
	fork, _ := sim.ParseCommand("fork 2")
	hist := []sim.Applied{{Tick: 0, Command: fork}}
	for i := range 1000 {
		hist = append(hist, sim.Applied{Tick: 1 + uint64(i)*34, Command: step})
	}
	cfg := labConfig{Seed: 42, Lesson: "fork-cow"}
	s := encodeSave(cfg, hist)
	if len(s) > 120 {
		t.Errorf("a 1001-command log encodes to %d bytes, want a short string", len(s))
	}
	sv, err := decodeSave(s, DefaultLimits)
	if err != nil || sv.cfg != cfg || len(sv.log) != len(hist) || sv.log[1000] != step || sv.model != sim.ModelVersion {
		t.Errorf("round trip: %v %+v %d commands, model %d", err, sv.cfg, len(sv.log), sv.model)
	}
}

func encodeRaw(js string) string {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	w.Write([]byte(js))
	w.Close()
	return base64.RawURLEncoding.EncodeToString(b.Bytes())
}

func TestBadSavesAreRejectedWithTheReason(t *testing.T) {
	lim := DefaultLimits
	lim.MaxCommands = 10
	for _, tc := range []struct{ name, save, want string }{
		{"not base64", "***", "base64url"},
		{"not deflate", base64.RawURLEncoding.EncodeToString([]byte("plain")), "inflate"},
		{"not JSON", encodeRaw("fork 2"), "JSON"},
		{"unknown field", encodeRaw(`{"v":1,"seed":1,"log":[],"evil":1}`), "JSON"},
		{"wrong version", encodeRaw(`{"v":4,"model":2,"seed":1,"log":[]}`), "version"},
		{"no model", encodeRaw(`{"v":2,"seed":1,"log":[]}`), "model 0"},
		{"a model from the future", encodeRaw(`{"v":2,"model":99,"seed":1,"log":[]}`), "model 99"},
		{"version 1 naming a model", encodeRaw(`{"v":1,"model":2,"seed":1,"log":[]}`), "version 1"},
		{"bad command", encodeRaw(`{"v":1,"seed":1,"log":["format c:"]}`), "saved command 1"},
		{"bad repeat", encodeRaw(`{"v":1,"seed":1,"log":["0*step 1"]}`), "repeat"},
		{"too many commands", encodeRaw(`{"v":1,"seed":1,"log":["11*step 1"]}`), "more than 10"},
		{"too many steps", encodeRaw(`{"v":1,"seed":1,"log":["step 1000000"]}`), "over the limit"},
		{"bad lesson", encodeRaw(`{"v":1,"seed":1,"lesson":"../x","log":[]}`), "lesson"},
		{"too long", strings.Repeat("A", lim.MaxStateBytes+1), "limit"},
		{"zip bomb", encodeRaw(`{"v":1,"seed":1,"program":"` + strings.Repeat(" ", maxSaveJSON) + `"}`), "inflates past"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeSave(tc.save, lim)
			if codeOf(err) != CodeBadState || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want bad-state mentioning %q", err, tc.want)
			}
		})
	}
}

// A save records the model it was made under; one from before the field
// existed (encoding version 1) was made under model 1.
func TestSaveRecordsTheModelVersion(t *testing.T) {
	js := inflateSave(t, encodeSave(labConfig{Seed: 1}, nil))
	if want := fmt.Sprintf(`"model":%d`, sim.ModelVersion); !strings.Contains(js, want) {
		t.Errorf("saved lab %s lacks %s", js, want)
	}
	sv, err := decodeSave(encodeRaw(`{"v":1,"seed":7,"log":["fork 2"]}`), DefaultLimits)
	if err != nil || sv.model != 1 || sv.cfg.Seed != 7 || len(sv.log) != 1 {
		t.Errorf("a version-1 save decodes to %+v, %v; want model 1, seed 7, one command", sv, err)
	}
}

func inflateSave(t *testing.T, s string) string {
	t.Helper()
	z, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	js, err := io.ReadAll(flate.NewReader(bytes.NewReader(z)))
	if err != nil {
		t.Fatal(err)
	}
	return string(js)
}

func FuzzDecodeSave(f *testing.F) {
	f.Add(encodeSave(labConfig{Seed: 1}, nil))
	f.Add(encodeRaw(`{"v":1,"seed":1,"log":["3*step 2"]}`))
	f.Fuzz(func(t *testing.T, s string) {
		decodeSave(s, DefaultLimits) // must not panic or hang
	})
}

func FuzzDecodeRequest(f *testing.F) {
	for _, s := range []string{`{"op":"step","n":3}`, `{"op":"hello","protocol":1,"save":"x"}`, `{"op":5}`, `[]`, `{"op":"fork","tid":"x"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		req, err := decodeRequest(b)
		if err == nil && !knownOp(req.Op) {
			t.Fatalf("accepted unknown op %q", req.Op)
		}
		if err != nil && codeOf(err) == CodeInternal {
			t.Fatalf("internal error for client input: %v", err)
		}
	})
}

func TestPlayPace(t *testing.T) {
	for _, tc := range []struct {
		speed  int
		k      int64
		period time.Duration
	}{
		{1, 1, time.Second}, {5, 1, 200 * time.Millisecond}, {30, 1, time.Second / 30},
		{100, 4, 40 * time.Millisecond}, {1000, 34, 34 * time.Millisecond}, {10000, 334, 33400 * time.Microsecond},
	} {
		k, p := playPace(tc.speed, 30)
		if k != tc.k || p != tc.period {
			t.Errorf("speed %d: step %d every %v, want %d every %v", tc.speed, k, p, tc.k, tc.period)
		}
		if fps := float64(time.Second) / float64(p); fps > 30.0001 {
			t.Errorf("speed %d: %.1f frames/s", tc.speed, fps)
		}
	}
}

func TestErrorTableCoversEveryCodeInBothLanguages(t *testing.T) {
	for code, k := range errTable {
		if k.En == "" || k.Ko == "" || k.HTTP == 0 {
			t.Errorf("%s: %+v", code, k)
		}
	}
}

// TestAKeptSaveInflatesToTheWholeSave: the saved lab a session sends
// with its frames (a deflated head kept while the last line's run grows,
// then a stored block) decodes to exactly what compressing the whole log
// gives, through every kind of change to the log.
func TestAKeptSaveInflatesToTheWholeSave(t *testing.T) {
	cfg := labConfig{Seed: 7, Lesson: "fork-cow"}
	var l saveLog
	l.rebuild(nil)
	check := func(what string) {
		t.Helper()
		kept := l.pack(cfg)
		if got, want := inflateSave(t, kept), inflateSave(t, packSave(cfg, l.lines())); got != want {
			t.Fatalf("%s: the kept save inflates to\n%s\nwant\n%s", what, got, want)
		}
		if sv, err := decodeSave(kept, DefaultLimits); err != nil || sv.cfg != cfg {
			t.Fatalf("%s: decodeSave: %v %+v", what, err, sv.cfg)
		}
	}
	check("empty log")
	step := sim.Command{Op: sim.CmdStep, N: 1}
	for i := range 3 {
		l.add(step)
		check(fmt.Sprintf("run of %d", i+1))
	}
	l.add(sim.Command{Op: sim.CmdFork, Tid: 2})
	check("a new command")
	l.add(step)
	l.add(step)
	check("a run after it")
	cfg.Seed = 8
	check("another config")
	cfg.Program = strings.Repeat(".var n\n", 400) // past smallSave: compressed hard
	check("a long program")
}

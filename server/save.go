package server

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"procscope/sim"
	"procscope/templates"
)

// saveVersion is the version of the saved-lab encoding. Version 1 had no
// model field: its labs were all made under model 1. Up to version 2 a
// lab with neither lesson nor program ran sim's assembly counter; from 3
// it runs the free lab's C program (freelab.go).
const saveVersion = 3

// maxSaveJSON bounds a saved lab after decompression: a small message must
// not inflate into a large one.
const maxSaveJSON = 1 << 20

// maxProgram bounds the program source a saved lab or a load may carry.
const maxProgram = templates.MaxProgramBytes

// saved is a session reduced to what reproduces it: the seed, what runs
// and the command log. The page keeps it in its URL fragment (#s=…) so a
// reload, a dropped connection or a shared link lands in the same state.
//
// Model is the sim.ModelVersion the lab was made with: under a newer model
// the same seed and commands may replay to another state, and the page
// says so (see restore).
//
// Log holds command lines in the simulator's own syntax (Command.String);
// a run of identical commands is written once as "N*line", which keeps
// the log of a long play small without changing what replay does.
type saved struct {
	V       int      `json:"v"`
	Model   int      `json:"model,omitempty"`
	Seed    int64    `json:"seed"`
	Lesson  string   `json:"lesson,omitempty"`
	Program string   `json:"program,omitempty"`
	Log     []string `json:"log"`
}

// encodeSave turns a lab's config and history into the compact URL-safe
// string the page stores: base64url(deflate(JSON)).
func encodeSave(cfg labConfig, hist []sim.Applied) string {
	var l saveLog
	l.rebuild(hist)
	return packSave(cfg, l.lines())
}

// packSave is the saved-lab string of a config and its log lines.
func packSave(cfg labConfig, log []string) string {
	var buf bytes.Buffer
	deflateSave(&buf, saveJSON(cfg, log), false)
	return base64.RawURLEncoding.EncodeToString(buf.Bytes())
}

// saveJSON is the saved lab's JSON. It ends with the log's "]}".
func saveJSON(cfg labConfig, log []string) []byte {
	if log == nil {
		log = []string{}
	}
	sv := saved{V: saveVersion, Model: sim.ModelVersion, Seed: cfg.Seed, Lesson: cfg.Lesson, Program: cfg.Program, Log: log}
	js, _ := json.Marshal(sv) // plain strings and numbers cannot fail
	return js
}

// deflateSave compresses js into buf with a pooled writer: closed, or
// with open, only flushed (byte-aligned, no final block: more may follow,
// see saveLog.pack).
func deflateSave(buf *bytes.Buffer, js []byte, open bool) {
	pool := &deflaters
	if len(js) < smallSave {
		pool = &fastDeflaters
	}
	zw := pool.Get().(*flate.Writer) // a new one allocates ~1 MB
	zw.Reset(buf)
	zw.Write(js)
	if open {
		zw.Flush()
	} else {
		zw.Close()
	}
	pool.Put(zw)
}

// smallSave is the size under which a saved lab is deflated at the
// fastest level: resetting a BestCompression writer clears ~640 KB of
// hash tables, most of the cost for the few hundred bytes of a typical
// lab, to save a few characters of link (BenchmarkPackSave). A long
// history, where the link's length matters, is still compressed hard.
const smallSave = 2 << 10

// deflaters and fastDeflaters pool the compressors of deflateSave.
var (
	deflaters = sync.Pool{New: func() any {
		zw, _ := flate.NewWriter(nil, flate.BestCompression)
		return zw
	}}
	fastDeflaters = sync.Pool{New: func() any {
		zw, _ := flate.NewWriter(nil, flate.BestSpeed)
		return zw
	}}
)

// savedLab is a decoded saved lab: what to build, what to replay, and the
// model version it was made with.
type savedLab struct {
	cfg   labConfig
	log   []sim.Command
	model int
}

// decodeSave checks and expands a saved lab. Every failure is a bad-state
// error naming what was wrong; sizes are bounded before and after
// decompression, and every command is parsed and validated.
func decodeSave(s string, lim Limits) (savedLab, error) {
	cfg, log, model, err := decodeSaveParts(s, lim)
	return savedLab{cfg, log, model}, err
}

func decodeSaveParts(s string, lim Limits) (labConfig, []sim.Command, int, error) {
	if len(s) > lim.MaxStateBytes {
		return labConfig{}, nil, 0, errorf(CodeBadState, "saved lab is %d bytes, limit %d", len(s), lim.MaxStateBytes)
	}
	z, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return labConfig{}, nil, 0, errorf(CodeBadState, "saved lab is not base64url: %v", err)
	}
	js, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(z)), maxSaveJSON+1))
	if err != nil {
		return labConfig{}, nil, 0, errorf(CodeBadState, "saved lab does not inflate: %v", err)
	}
	if len(js) > maxSaveJSON {
		return labConfig{}, nil, 0, errorf(CodeBadState, "saved lab inflates past %d bytes", maxSaveJSON)
	}
	var sv saved
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&sv); err != nil {
		return labConfig{}, nil, 0, errorf(CodeBadState, "saved lab JSON: %v", err)
	}
	model, err := savedModel(sv)
	if err != nil {
		return labConfig{}, nil, 0, err
	}
	if len(sv.Program) > maxProgram {
		return labConfig{}, nil, 0, errorf(CodeBadState, "saved program is %d bytes, limit %d", len(sv.Program), maxProgram)
	}
	if sv.Lesson != "" && !lessonName.MatchString(sv.Lesson) {
		return labConfig{}, nil, 0, errorf(CodeBadState, "saved lesson name %q", sv.Lesson)
	}
	cmds, err := expandLog(sv.Log, lim)
	if err != nil {
		return labConfig{}, nil, 0, err
	}
	if sv.V < 3 && sv.Lesson == "" && sv.Program == "" {
		return legacyFreeLab(sv.Seed), cmds, model, nil
	}
	return labConfig{Seed: sv.Seed, Lesson: sv.Lesson, Program: sv.Program}, cmds, model, nil
}

// savedModel is the model version a saved lab was made with: version 1 of
// the encoding predates the field (model 1); version 2 must name a model
// this server has known, not one from its future; so must version 3.
func savedModel(sv saved) (int, error) {
	switch {
	case sv.V == 1 && sv.Model == 0:
		return 1, nil
	case sv.V == 1:
		return 0, errorf(CodeBadState, "saved lab version 1 has no model, this one says %d", sv.Model)
	case sv.V > saveVersion || sv.V < 1:
		return 0, errorf(CodeBadState, "saved lab version %d, want 1 to %d", sv.V, saveVersion)
	case sv.Model < 1 || sv.Model > sim.ModelVersion:
		return 0, errorf(CodeBadState, "saved lab model %d, this server knows 1 to %d", sv.Model, sim.ModelVersion)
	}
	return sv.Model, nil
}

func expandLog(log []string, lim Limits) ([]sim.Command, error) {
	var cmds []sim.Command
	var steps uint64
	for i, line := range log {
		n := 1
		if k, rest, ok := strings.Cut(line, "*"); ok {
			v, err := strconv.Atoi(k)
			if err != nil || v < 1 {
				return nil, errorf(CodeBadState, "saved command %d: bad repeat %q", i+1, k)
			}
			n, line = v, rest
		}
		if len(cmds)+n > lim.MaxCommands {
			return nil, errorf(CodeBadState, "saved lab has more than %d commands", lim.MaxCommands)
		}
		c, err := sim.ParseCommand(line)
		if err == nil {
			err = c.Validate()
		}
		if err != nil {
			return nil, errorf(CodeBadState, "saved command %d %q: %v", i+1, line, err)
		}
		if (c.Op == sim.CmdStep || c.Op == sim.CmdUntil) && c.N > lim.MaxStepsPerCommand {
			return nil, errorf(CodeBadState, "saved command %d: %s %d over the limit %d", i+1, c.Op, c.N, lim.MaxStepsPerCommand)
		}
		ticks := c.MaxTicks(lim.MaxStepsPerCommand)
		steps += ticks * uint64(n)
		if steps > lim.MaxTicks {
			return nil, errorf(CodeBadState, "saved lab runs past %d ticks", lim.MaxTicks)
		}
		for range n {
			cmds = append(cmds, c)
		}
	}
	return cmds, nil
}

// describeSave is a short log-safe summary of a saved lab.
func describeSave(cfg labConfig, n int) string {
	return fmt.Sprintf("seed=%d lesson=%q program=%dB commands=%d", cfg.Seed, cfg.Lesson, len(cfg.Program), n)
}

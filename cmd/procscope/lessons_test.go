package main

import (
	"bytes"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"procscope/lessons"
)

func TestVerifyChecksACompletionCodeWithTheServersKey(t *testing.T) {
	key := "the classroom server's key"
	s, _ := lessons.NewSigner([]byte(key))
	code := s.Code(lessons.Completion{Lesson: "fork-cow", Steps: 5, Predicted: 4, Correct: 3})
	env := func(k string) string { return map[string]string{"PROCSCOPE_LESSON_KEY": key}[k] }
	var out bytes.Buffer
	if err := run(t.Context(), []string{"verify", code}, env, &out, io.Discard); err != nil {
		t.Fatalf("verify %s: %v", code, err)
	}
	if got, want := out.String(), "valid: lesson fork-cow finished, 5 steps, 3 of 4 predictions right\n"; got != want {
		t.Errorf("verify printed %q, want %q", got, want)
	}
	for _, tc := range []struct {
		args []string
		env  func(string) string
		want string
	}{
		{[]string{"verify", strings.Replace(code, ".3.4.", ".4.4.", 1)}, env, "signature does not match"},
		{[]string{"verify", "-lesson-key", "another key of 16 bytes", code}, noEnv, "signature does not match"},
		{[]string{"verify", code}, noEnv, "no lesson key"},
		{[]string{"verify"}, env, "want one completion code"},
		{[]string{"verify", "-lesson-key", "short", code}, noEnv, "want at least 16"},
	} {
		err := run(t.Context(), tc.args, tc.env, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run %v: %v, want an error mentioning %q", tc.args, err, tc.want)
		}
	}
}

func TestLessonSettings(t *testing.T) {
	if _, err := parseConfig([]string{"-lesson-key", "too short"}, noEnv, io.Discard); err == nil || !strings.Contains(err.Error(), "lesson key") {
		t.Errorf("a 9-byte key: %v", err)
	}
	st, err := parseConfig(nil, func(k string) string {
		return map[string]string{"PROCSCOPE_LESSON_KEY": "sixteen bytes at least", "PROCSCOPE_LESSONS": "testdata/lessons"}[k]
	}, io.Discard)
	if err != nil || string(st.cfg.LessonKey) != "sixteen bytes at least" || st.lessonsDir != "testdata/lessons" {
		t.Fatalf("settings from the environment: %v %+v", err, st)
	}
	var logs bytes.Buffer
	st.cfg.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	if err := st.lessonSetup(); err != nil {
		t.Fatal(err)
	}
	l, ok := lessons.Get("my-first-lesson")
	if !ok || l.Title["ko"] != "나의 첫 단원" || len(l.Steps) != 1 || !strings.Contains(logs.String(), "lessons loaded") {
		t.Errorf("the teacher's lesson: %v %+v; logs %s", ok, l.Title, logs.String())
	}
	// The same again: its name is taken now, and a broken lesson names
	// itself and its problem.
	if err := st.lessonSetup(); err == nil || !strings.Contains(err.Error(), "already taken") {
		t.Errorf("loading a lesson twice: %v", err)
	}
	dir := t.TempDir()
	os.CopyFS(dir, os.DirFS("testdata/lessons"))
	json := filepath.Join(dir, "my-first-lesson", "lesson.json")
	b, _ := os.ReadFile(json)
	os.WriteFile(json, bytes.Replace(b, []byte(`"threads 2 == 2"]`), []byte(`"thread 2 == sleeping"]`), 1), 0o644)
	st.lessonsDir = dir
	if err := st.lessonSetup(); err == nil || !strings.Contains(err.Error(), "my-first-lesson") || !strings.Contains(err.Error(), "sleeping") {
		t.Errorf("a broken lesson: %v", err)
	}
}

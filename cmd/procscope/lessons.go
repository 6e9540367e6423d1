package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"procscope/lessons"
)

// The lesson settings: the key that signs completion codes and lesson
// progress, and a directory of a teacher's own lessons; and the verify
// subcommand that checks a completion code with the same key.

func (st *settings) lessonFlags(e *envFlags) {
	e.str(&st.lessonKey, "lesson-key", "PROCSCOPE_LESSON_KEY", "", "secret of at least 16 bytes that signs lesson completion codes and progress (empty: a random key per start, so codes verify only until a restart)")
	e.str(&st.lessonsDir, "lessons", "PROCSCOPE_LESSONS", "", "directory of extra lessons loaded at start, one DIR/NAME/ folder each (docs/lessons.md)")
}

// lessonCheck validates the lesson settings and puts the key in the
// server's config.
func (st *settings) lessonCheck() error {
	if st.lessonKey != "" && len(st.lessonKey) < lessons.MinKeyBytes {
		return fmt.Errorf("lesson key: %d bytes, want at least %d", len(st.lessonKey), lessons.MinKeyBytes)
	}
	st.cfg.LessonKey = []byte(st.lessonKey)
	return nil
}

// lessonSetup loads -lessons DIR (a broken lesson stops the start, with
// the lesson and the problem named) and warns when codes will not outlive
// the process.
func (st *settings) lessonSetup() error {
	if st.lessonsDir != "" {
		ls, err := lessons.LoadDir(st.lessonsDir)
		if err == nil {
			err = lessons.AddExtra(ls)
		}
		if err != nil {
			return fmt.Errorf("-lessons %s: %w", st.lessonsDir, err)
		}
		st.cfg.Logger.Info("lessons loaded", "dir", st.lessonsDir, "count", len(ls))
	}
	if st.lessonKey == "" {
		st.cfg.Logger.Warn("no -lesson-key: completion codes and saved lesson progress verify only until this server restarts")
	}
	return nil
}

// verify checks a completion code: "procscope verify [-lesson-key K] CODE".
func verify(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("procscope verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var key string
	e := envFlags{fs: fs, getenv: getenv}
	e.str(&key, "lesson-key", "PROCSCOPE_LESSON_KEY", "", "the server's lesson key")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: procscope verify [-lesson-key KEY] CODE")
		fmt.Fprintln(stderr, "Checks a completion code with the key the server that issued it runs with.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if e.err != nil {
		return e.err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("verify: want one completion code")
	}
	if key == "" {
		return errors.New("verify: no lesson key (-lesson-key or PROCSCOPE_LESSON_KEY): only the server's key can check a code")
	}
	s, err := lessons.NewSigner([]byte(key))
	if err != nil {
		return err
	}
	c, err := s.Verify(fs.Arg(0))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "valid: lesson %s finished, %d steps, %d of %d predictions right\n", c.Lesson, c.Steps, c.Correct, c.Predicted)
	return nil
}

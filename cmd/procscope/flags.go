package main

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"time"
)

// envFlags defines flags whose defaults come from PROCSCOPE_* variables,
// and names the variable in the help text so `procscope -h` lists both.
// A malformed variable is an error, not a silent default.
type envFlags struct {
	fs     *flag.FlagSet
	getenv func(string) string
	err    error
}

func (e *envFlags) usage(text, env string) string { return text + " (env " + env + ")" }

func (e *envFlags) bad(env, v, want string) {
	e.err = errors.Join(e.err, fmt.Errorf("%s=%q: want %s", env, v, want))
}

func (e *envFlags) str(p *string, name, env, def, text string) {
	if v := e.getenv(env); v != "" {
		def = v
	}
	e.fs.StringVar(p, name, def, e.usage(text, env))
}

func (e *envFlags) boolean(p *bool, name, env, text string) {
	def := false
	if v := e.getenv(env); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			e.bad(env, v, "1 or 0")
		}
		def = b
	}
	e.fs.BoolVar(p, name, def, e.usage(text, env))
}

func (e *envFlags) integer(p *int, name, env string, def int, text string) {
	if v := e.getenv(env); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			e.bad(env, v, "a whole number")
		} else {
			def = n
		}
	}
	e.fs.IntVar(p, name, def, e.usage(text, env))
}

func (e *envFlags) int64(p *int64, name, env string, def int64, text string) {
	if v := e.getenv(env); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			e.bad(env, v, "a whole number")
		} else {
			def = n
		}
	}
	e.fs.Int64Var(p, name, def, e.usage(text, env))
}

func (e *envFlags) duration(p *time.Duration, name, env string, def time.Duration, text string) {
	if v := e.getenv(env); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			e.bad(env, v, "a duration like 10m")
		} else {
			def = d
		}
	}
	e.fs.DurationVar(p, name, def, e.usage(text, env))
}

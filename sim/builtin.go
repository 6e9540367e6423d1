package sim

import (
	"sort"
	"strings"
)

// builtins are the programs exec can load, and the default program, by
// name: their assembly source.
var builtins = map[string]string{
	"counter": srcCounter,
	"init":    srcInit,
	"hello":   srcHello,
	"recurse": srcRecurse,
	"spin":    srcSpin,
}

func builtinProgram(name string) *Program { return build(name, builtins[name]) }

// BuiltinSource is the assembly source of a built-in program ("" if there
// is none). A machine configured with no program runs "counter"; a server
// whose own default lab runs something else still replays a lab saved
// under that default by loading this source.
func BuiltinSource(name string) string { return builtins[name] }

// BuiltinPrograms lists the names exec accepts.
func BuiltinPrograms() []string {
	var out []string
	for n := range builtins {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func builtinNames() string { return strings.Join(BuiltinPrograms(), ", ") }

const srcCounter = `# counter: every thread adds 1 to the shared global counter, forever.
.data counter 0
.bss buffer 64
.rodata limit 1000
.main
.top
mov counter, %ax
add $1, %ax
mov %ax, counter
j .top
.worker
mov counter, %ax
add $1, %ax
mov %ax, counter
j .worker
`

const srcInit = `# init: reaps every child it is given.
.main
wait
j .main
`

const srcHello = `# hello: prints 42 and exits with status 0.
.rodata answer 42
.main
mov answer, %ax
print %ax
exit $0
`

const srcRecurse = `# recurse: calls itself until the stack runs out (SIGSEGV).
.main
.f
push %bp
mov %sp, %bp
sub $256, %sp
mov %bx, 0(%sp)
add $1, %bx
call .f
`

const srcSpin = `# spin: loops forever without touching memory.
.main
.top
add $1, %ax
j .top
`

package sim

import (
	"strconv"
	"strings"
	"sync"
)

// The code a process runs is its program's instructions with variable
// and code addresses filled in for where they were loaded. Without ASLR
// every lab of a program loads it at the same place, and that copy is
// most of an idle C lab's memory (a free lab's ~90 instructions are
// 16 KB), so machines share it: resolved code is never written (the
// interpreter only reads it, fork already shares it), and the same
// program at the same addresses resolves to the same code, so sharing
// changes nothing a machine does. The cache is bounded and starts over
// when full.
var codeCache = struct {
	sync.Mutex
	m map[codeKey][]Instr
}{m: map[codeKey][]Instr{}}

// maxCachedCode bounds the programs-at-a-place the cache keeps.
const maxCachedCode = 64

type codeKey struct {
	prog   *Program
	base   uint64
	shift  uint
	places string // every variable's address
}

// resolvedCode is prog's code as loaded at base with its variables at
// vars, shared with every machine that loaded it so.
func resolvedCode(prog *Program, vars []GlobalState, base uint64, shift uint) ([]Instr, error) {
	var b strings.Builder
	for _, v := range vars {
		b.WriteString(strconv.FormatUint(v.Addr, 16))
		b.WriteByte(' ')
	}
	k := codeKey{prog, base, shift, b.String()}
	codeCache.Lock()
	code, ok := codeCache.m[k]
	codeCache.Unlock()
	if ok {
		return code, nil
	}
	code = make([]Instr, len(prog.Instrs))
	copy(code, prog.Instrs)
	for i := range code {
		if err := resolveVars(&code[i], vars); err != nil {
			return nil, err
		}
		resolveCodeAddr(&code[i], base, shift)
	}
	codeCache.Lock()
	defer codeCache.Unlock()
	if len(codeCache.m) >= maxCachedCode {
		clear(codeCache.m)
	}
	codeCache.m[k] = code
	return code, nil
}

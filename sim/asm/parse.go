package asm

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// spec describes one mnemonic: its canonical name and the operand forms it
// takes. A form is a string of kind letters, one per operand: R register,
// I immediate, M memory, L label, N program name (exec), A address literal
// (mdump). "" is the form with no operands.
type spec struct {
	op    string
	forms []string
	// ignore: x86.py ignores whatever follows the mnemonic (nop, halt,
	// yield, rdump), so do we.
	ignore bool
}

var jumpForms = []string{"L"}

// specs is the instruction set: x86.py's (threads-locks), then the lab's
// system calls. Keys are every accepted spelling.
var specs = map[string]spec{
	"mov":      {op: "mov", forms: []string{"IR", "MR", "RR", "RM", "IM"}},
	"lea":      {op: "lea", forms: []string{"MR"}},
	"add":      {op: "add", forms: []string{"IR", "RR"}},
	"sub":      {op: "sub", forms: []string{"IR", "RR"}},
	"mul":      {op: "mul", forms: []string{"IR", "RR"}},
	"neg":      {op: "neg", forms: []string{"R"}},
	"test":     {op: "test", forms: []string{"IR", "RR", "RI"}},
	"cmp":      {op: "test", forms: []string{"IR", "RR", "RI"}},
	"xchg":     {op: "xchg", forms: []string{"RM"}},
	"fetchadd": {op: "fetchadd", forms: []string{"RM"}},
	"push":     {op: "push", forms: []string{"R", "M"}},
	"pop":      {op: "pop", forms: []string{"", "R"}},
	"call":     {op: "call", forms: jumpForms},
	"ret":      {op: "ret", forms: []string{""}},
	"j":        {op: "j", forms: jumpForms},
	"jmp":      {op: "j", forms: jumpForms},
	"je":       {op: "je", forms: jumpForms},
	"jne":      {op: "jne", forms: jumpForms},
	"jlt":      {op: "jlt", forms: jumpForms},
	"jlte":     {op: "jlte", forms: jumpForms},
	"jgt":      {op: "jgt", forms: jumpForms},
	"jgte":     {op: "jgte", forms: jumpForms},
	"nop":      {op: "nop", ignore: true},
	"halt":     {op: "halt", ignore: true},
	"yield":    {op: "yield", ignore: true},
	"rdump":    {op: "rdump", ignore: true},
	"mdump":    {op: "mdump", forms: []string{"A"}},

	// System calls (the lab's extensions).
	"fork":        {op: "fork", forms: []string{""}},
	"spawn":       {op: "spawn", forms: []string{"L", "LR", "LI"}},
	"join":        {op: "join", forms: []string{"R", "I"}},
	"exit":        {op: "exit", forms: []string{"", "R", "I"}},
	"thread-exit": {op: "thread-exit", forms: []string{"", "R", "I"}},
	"thread_exit": {op: "thread-exit", forms: []string{"", "R", "I"}},
	"texit":       {op: "thread-exit", forms: []string{"", "R", "I"}},
	"wait":        {op: "wait", forms: []string{"", "R", "I"}},
	"exec":        {op: "exec", forms: []string{"N"}},
	"malloc":      {op: "malloc", forms: []string{"I", "R"}},
	"free":        {op: "free", forms: []string{"R", "I"}},
	"print":       {op: "print", forms: []string{"", "R", "I", "M"}},

	// IPC and synchronisation. A file descriptor or a shm key is a
	// register or an immediate; a block read or write names memory and
	// takes its word count from %dx (rdx in Linux's system-call ABI).
	"pipe":   {op: "pipe", forms: []string{""}},
	"read":   {op: "read", forms: []string{"R", "I", "RM", "IM"}},
	"write":  {op: "write", forms: []string{"RR", "RI", "IR", "II", "RM", "IM"}},
	"close":  {op: "close", forms: []string{"R", "I"}},
	"shm":    {op: "shm", forms: []string{"R", "I"}},
	"lock":   {op: "lock", forms: []string{"M"}},
	"unlock": {op: "unlock", forms: []string{"M"}},

	// C's instructions (docs/asm.md): what the C compiler emits, also
	// written by hand.
	"div":   {op: "div", forms: []string{"IR", "RR"}},
	"divu":  {op: "divu", forms: []string{"IR", "RR"}},
	"rem":   {op: "rem", forms: []string{"IR", "RR"}},
	"remu":  {op: "remu", forms: []string{"IR", "RR"}},
	"and":   {op: "and", forms: []string{"IR", "RR"}},
	"or":    {op: "or", forms: []string{"IR", "RR"}},
	"xor":   {op: "xor", forms: []string{"IR", "RR"}},
	"not":   {op: "not", forms: []string{"R"}},
	"shl":   {op: "shl", forms: []string{"IR", "RR"}},
	"sar":   {op: "sar", forms: []string{"IR", "RR"}},
	"shr":   {op: "shr", forms: []string{"IR", "RR"}},
	"testu": {op: "testu", forms: []string{"IR", "RR", "RI"}},
	"movsb": {op: "movsb", forms: []string{"MR", "RR"}},
	"movzb": {op: "movzb", forms: []string{"MR", "RR"}},
	"movsw": {op: "movsw", forms: []string{"MR", "RR"}},
	"movzw": {op: "movzw", forms: []string{"MR", "RR"}},
	"movsl": {op: "movsl", forms: []string{"MR", "RR"}},
	"movzl": {op: "movzl", forms: []string{"MR", "RR"}},
	"movb":  {op: "movb", forms: []string{"RM", "IM"}},
	"movw":  {op: "movw", forms: []string{"RM", "IM"}},
	"movl":  {op: "movl", forms: []string{"RM", "IM"}},
	"callr": {op: "callr", forms: []string{"R"}},
}

// Mnemonics lists every accepted mnemonic, aliases included, sorted.
func Mnemonics() []string {
	out := make([]string, 0, len(specs))
	for k := range specs {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// directives are the dot-words that are not labels.
var directives = map[string]bool{".var": true, ".data": true, ".bss": true, ".rodata": true}

type parser struct {
	errs   ErrorList
	prog   *Program
	vars   map[string]int // name -> line declared
	labels map[string]int // name -> line defined
	total  int            // number of instruction lines (after pass 1)
}

// errorf reports a problem: its code, the values it speaks of (see
// codes) and its English text.
func (p *parser) errorf(line int, code string, args []string, format string, a ...any) {
	p.errs = append(p.errs, Error{Line: line, Msg: fmt.Sprintf(format, a...), Code: code, Args: args})
}

// issue is a problem found inside one operand or the operand list, before
// the line and mnemonic are added: its code, the values it speaks of
// after the mnemonic, and its English text.
type issue struct {
	code string
	args []string
	msg  string
}

func newIssue(code string, args []string, format string, a ...any) *issue {
	return &issue{code: code, args: args, msg: fmt.Sprintf(format, a...)}
}

// report reports an operand issue of instruction mn at line n.
func (p *parser) report(n int, mn string, is *issue) {
	p.errorf(n, is.code, append([]string{mn}, is.args...), "%s: %s", mn, is.msg)
}

// Parse assembles src. On any problem it returns a nil Program and an
// ErrorList naming every problem found, each with its line number.
func Parse(src string) (*Program, error) {
	lines := strings.Split(src, "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	p := &parser{
		prog:   &Program{Labels: map[string]int{}, Source: lines},
		vars:   map[string]int{},
		labels: map[string]int{},
	}
	type pending struct {
		line int
		code string
	}
	var instrs []pending
	// Pass 1: labels and variables, so that both may be used before they
	// are declared (as in x86.py).
	for i, raw := range lines {
		n := i + 1
		code := stripComment(raw)
		fields := strings.Fields(code)
		if len(fields) == 0 {
			continue
		}
		if !strings.HasPrefix(fields[0], ".") {
			instrs = append(instrs, pending{n, code})
			continue
		}
		if code[0] != '.' {
			what, code := "a label", "indented-label"
			if directives[fields[0]] {
				what, code = "a "+fields[0]+" declaration", "indented-directive"
			}
			p.errorf(n, code, []string{fields[0]}, "expected %s to start in column 1 (x86.py reads an indented %s as an instruction), found %q indented", what, fields[0], fields[0])
			continue
		}
		if directives[fields[0]] {
			p.directive(n, fields)
			continue
		}
		p.label(n, fields, len(instrs))
	}
	// Pass 2: instructions.
	p.total = len(instrs)
	for _, pi := range instrs {
		if in, ok := p.instr(pi.line, pi.code); ok {
			p.prog.Instrs = append(p.prog.Instrs, in)
		}
	}
	if len(p.errs) > 0 {
		p.errs.sort()
		return nil, p.errs
	}
	return p.prog, nil
}

// stripComment drops everything from the first '#' and trailing
// whitespace.
func stripComment(line string) string {
	if i := strings.IndexByte(line, '#'); i >= 0 {
		line = line[:i]
	}
	return strings.TrimRight(line, " \t\r\v\f")
}

func (p *parser) label(n int, fields []string, at int) {
	name := fields[0]
	if len(fields) > 1 {
		rest := strings.Join(fields[1:], " ")
		p.errorf(n, "label-not-alone", []string{name, rest}, "expected a label alone on its line (put the instruction on the next line), found %q after %s", rest, name)
		return
	}
	if strings.HasSuffix(name, ":") {
		bare := strings.TrimSuffix(name, ":")
		p.errorf(n, "label-colon", []string{name, bare}, "expected a label without a colon, like %s, found %q", bare, name)
		return
	}
	if !isLabelName(name) {
		p.errorf(n, "bad-label-name", []string{name}, "expected a label name made of a dot and letters, digits or _ (like .top), found %q", name)
		return
	}
	if prev, dup := p.labels[name]; dup {
		p.errorf(n, "duplicate-label", []string{name, strconv.Itoa(prev)}, "expected a new label name, found %s again (first defined on line %d)", name, prev)
		return
	}
	p.labels[name] = n
	p.prog.Labels[name] = at
}

func (p *parser) directive(n int, f []string) {
	d := f[0]
	if len(f) < 2 {
		p.errorf(n, "directive-no-name", []string{d, directiveUsage(d)}, "expected %s, found %s without a name", directiveUsage(d), d)
		return
	}
	name := f[1]
	if !isIdent(name) {
		p.errorf(n, "bad-variable-name", []string{d, name}, "expected a variable name (a letter or _ then letters, digits or _) after %s, found %q", d, name)
		return
	}
	v := Var{Name: name, Section: strings.TrimPrefix(d, "."), Line: n}
	switch d {
	case ".var":
		count := int64(1)
		if len(f) > 3 {
			extra := strings.Join(f[3:], " ")
			p.errorf(n, "directive-extra", []string{directiveUsage(d), extra}, "expected %s, found extra %q", directiveUsage(d), extra)
			return
		}
		if len(f) == 3 {
			c, err := parseInt(f[2])
			if err != nil || c < 1 {
				p.errorf(n, "bad-var-count", []string{name, f[2]}, "expected an element count of 1 or more after .var %s, found %q", name, f[2])
				return
			}
			count = c
		}
		if count > 1<<40 {
			p.errorf(n, "var-count-too-large", []string{name, strconv.FormatInt(count, 10)}, "expected a smaller element count after .var %s, found %d", name, count)
			return
		}
		v.Size = count * ElemSize
	case ".bss":
		if len(f) != 3 {
			all := strings.Join(f, " ")
			p.errorf(n, "bss-form", []string{directiveUsage(d), all}, "expected %s, found %q", directiveUsage(d), all)
			return
		}
		size, err := parseInt(f[2])
		if err != nil || size < 1 || size > 1<<40 {
			p.errorf(n, "bad-bss-size", []string{name, f[2]}, "expected a size in bytes of 1 or more after .bss %s, found %q", name, f[2])
			return
		}
		v.Size = size
	case ".data", ".rodata":
		if len(f) < 3 {
			p.errorf(n, "data-no-value", []string{d, name, directiveUsage(d)}, "expected %s, found no value after %s %s", directiveUsage(d), d, name)
			return
		}
		ok := true
		for _, s := range f[2:] {
			x, err := parseInt(strings.TrimSuffix(s, ","))
			if err != nil {
				p.errorf(n, "bad-initial-value", []string{name, s}, "expected an integer initial value for %s, found %q", name, s)
				ok = false
				continue
			}
			v.Init = append(v.Init, x)
		}
		if !ok {
			return
		}
		v.Size = int64(len(v.Init)) * ElemSize
	}
	if prev, dup := p.vars[name]; dup {
		p.errorf(n, "duplicate-variable", []string{name, strconv.Itoa(prev)}, "expected a new variable name, found %s again (first declared on line %d)", name, prev)
		return
	}
	p.vars[name] = n
	p.prog.Vars = append(p.prog.Vars, v)
}

func directiveUsage(d string) string {
	switch d {
	case ".var":
		return ".var NAME [COUNT]"
	case ".bss":
		return ".bss NAME SIZE"
	}
	return d + " NAME VALUE..."
}

// instr parses one instruction line (comment already stripped).
func (p *parser) instr(n int, code string) (Instr, bool) {
	text := strings.TrimSpace(code)
	mn, rest := text, ""
	if i := strings.IndexFunc(text, unicode.IsSpace); i >= 0 {
		mn, rest = text[:i], strings.TrimSpace(text[i:])
	}
	sp, ok := specs[mn]
	if !ok {
		p.unknownMnemonic(n, mn)
		return Instr{}, false
	}
	in := Instr{Op: sp.op, Line: n, Text: text}
	if sp.ignore {
		return in, true
	}
	var parts []string
	if rest != "" {
		var is *issue
		parts, is = splitOperands(rest)
		if is != nil {
			p.report(n, mn, is)
			return Instr{}, false
		}
	}
	if fixed, ok := missingComma(sp, parts); ok {
		p.errorf(n, "missing-comma", []string{mn, rest, fixed}, "%s: missing comma between operands in %q (write %s)", mn, rest, fixed)
		return Instr{}, false
	}
	if !p.countOK(n, mn, sp, len(parts)) {
		return Instr{}, false
	}
	ok = true
	var letters strings.Builder
	for i, part := range parts {
		o, letter, is := p.operand(part, sp.forms, labelAt(sp.forms, i))
		if is != nil {
			p.report(n, mn, is)
			ok = false
			continue
		}
		in.Args = append(in.Args, o)
		letters.WriteByte(letter)
	}
	if !ok {
		return Instr{}, false
	}
	got := letters.String()
	for _, f := range sp.forms {
		if f == got {
			return in, p.labelsOK(n, mn, in)
		}
	}
	p.formError(n, mn, sp, got)
	return Instr{}, false
}

func (p *parser) unknownMnemonic(n int, mn string) {
	switch {
	case strings.HasSuffix(mn, ":"):
		bare := strings.TrimSuffix(mn, ":")
		p.errorf(n, "mnemonic-with-colon", []string{mn, bare}, "expected an instruction, found %q (labels start with a dot and have no colon, like .%s)", mn, bare)
	case specs[strings.ToLower(mn)].op != "":
		p.errorf(n, "mnemonic-upper-case", []string{mn, strings.ToLower(mn)}, "expected an instruction, found %q (mnemonics are lower case: %s)", mn, strings.ToLower(mn))
	default:
		p.errorf(n, "unknown-mnemonic", []string{mn}, "expected an instruction (mov, add, sub, test, j..., push, pop, call, ret, xchg, halt, ...), found unknown mnemonic %q", mn)
	}
}

func (p *parser) countOK(n int, mn string, sp spec, got int) bool {
	for _, f := range sp.forms {
		if len(f) == got {
			return true
		}
	}
	p.formError(n, mn, sp, strings.Repeat("?", got))
	return false
}

// labelsOK checks that jump, call and spawn targets exist and have an
// instruction to run.
func (p *parser) labelsOK(n int, mn string, in Instr) bool {
	if in.Op == "exec" {
		return true
	}
	for _, a := range in.Args {
		if a.Kind != OpLabel {
			continue
		}
		at, ok := p.prog.Labels[a.Label]
		if !ok {
			p.report(n, mn, undefinedLabel(a.Label, p.vars))
			return false
		}
		if at >= p.total {
			p.errorf(n, "label-at-end", []string{mn, a.Label}, "%s: expected a label followed by an instruction, found %s at the end of the program", mn, a.Label)
			return false
		}
	}
	return true
}

// undefinedLabel is the problem of a jump, call or spawn target that no
// label line defines; written is the target as written, with or without
// its dot.
func undefinedLabel(written string, vars map[string]int) *issue {
	if name := strings.TrimPrefix(written, "."); vars[name] != 0 {
		return newIssue("undefined-label-is-variable", []string{written, name}, "no label `%s` in this program (%s is a variable)", written, name)
	}
	return newIssue("undefined-label", []string{written}, "no label `%s` in this program", written)
}

// missingComma recognises operands written without the comma between
// them ("mov $1 %ax"): their number fits no form, and splitting them at
// spaces outside parentheses would. It returns the operands with commas.
func missingComma(sp spec, parts []string) (string, bool) {
	fits := func(k int) bool {
		for _, f := range sp.forms {
			if len(f) == k {
				return true
			}
		}
		return false
	}
	if fits(len(parts)) {
		return "", false
	}
	var words []string
	for _, part := range parts {
		for _, w := range fieldsOutsideParens(part) {
			if w == "$" || w == "%" || w == "-" {
				return "", false // "$ 5": a sign or sigil, not an operand
			}
			words = append(words, w)
		}
	}
	if len(words) <= len(parts) || !fits(len(words)) {
		return "", false
	}
	return strings.Join(words, ", "), true
}

// fieldsOutsideParens splits s at runs of spaces that are not inside
// parentheses.
func fieldsOutsideParens(s string) []string {
	var out []string
	depth, start := 0, -1
	for i := 0; i <= len(s); i++ {
		var c byte = ' '
		if i < len(s) {
			c = s[i]
		}
		switch {
		case c == '(':
			depth++
		case c == ')':
			depth--
		case unicode.IsSpace(rune(c)) && depth <= 0:
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return out
}

// formError reports operands of the wrong shape (got, in kind letters) or
// number (got made of '?').
func (p *parser) formError(n int, mn string, sp spec, got string) {
	var want []string
	for _, f := range sp.forms {
		want = append(want, describeForm(f))
	}
	found := describeForm(got)
	if got == "MM" && mn == "mov" {
		p.errorf(n, "mov-two-memory", nil, "mov: expected at most one memory operand (x86.py: bad mov: two memory arguments), found memory, memory; load into a register first")
		return
	}
	forms := strings.Join(sp.forms, "|")
	code, args := "wrong-operands", []string{mn, forms, got}
	if strings.Count(got, "?") == len(got) { // from countOK; "" is no operands
		code, args = "wrong-operand-count", []string{mn, forms, strconv.Itoa(len(got))}
	}
	hint, hintText := formHint(sp.op, got)
	if hint != "" {
		code += "-" + hint
	}
	p.errorf(n, code, args, "%s: expected %s, found %s%s", mn, strings.Join(want, " or "), found, hintText)
}

// formHint explains a wrong operand shape where the generic list of forms
// would leave a student guessing: the hint's code (a suffix of
// wrong-operands) and its English text.
func formHint(op, got string) (string, string) {
	switch op {
	case "read", "write", "close":
		switch {
		case got == "" || strings.HasPrefix(got, "?"):
			return "", ""
		case got[0] == 'M' || got[0] == 'L':
			return "fd", " (the first operand is the file descriptor, a %register or $number: mov it into a register first)"
		case op == "read" && len(got) == 2 && got[1] != 'M':
			return "read", " (read FD puts the word in %bx by itself; read FD, mem reads %dx words into memory)"
		case op == "write" && len(got) == 2 && got[1] == 'L':
			return "write", " (write sends a %register, a $number, or %dx words from memory)"
		}
	case "shm":
		if got == "M" || got == "L" {
			return "shm-key", " (the key is a %register or $number, not memory)"
		}
	case "lock", "unlock":
		if got == "R" || got == "I" {
			return "lock", " (the mutex is the memory word it lives in: lock mutex or lock (%ax), not its address as a value)"
		}
	}
	return "", ""
}

func describeForm(f string) string {
	if f == "" {
		return "no operands"
	}
	var parts []string
	for _, c := range f {
		switch c {
		case 'R':
			parts = append(parts, "%register")
		case 'I':
			parts = append(parts, "$number")
		case 'M':
			parts = append(parts, "memory")
		case 'L':
			parts = append(parts, ".label")
		case 'N':
			parts = append(parts, "program name")
		case 'A':
			parts = append(parts, "address")
		case '?':
			parts = append(parts, "operand")
		}
	}
	if strings.Count(f, "?") == len(f) {
		if len(f) == 1 {
			return "1 operand"
		}
		return fmt.Sprintf("%d operands", len(f))
	}
	return strings.Join(parts, ", ")
}

// splitOperands splits at commas outside parentheses. Parentheses may not
// nest and must close.
func splitOperands(s string) ([]string, *issue) {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			if depth > 0 {
				return nil, newIssue("nested-parens", []string{s}, "expected at most one pair of parentheses per operand, found nested ( in %q", s)
			}
			depth++
		case ')':
			if depth == 0 {
				return nil, newIssue("unmatched-close-paren", []string{s}, "expected ( before ), found ) without ( in %q", s)
			}
			depth--
		case ',':
			if depth == 0 {
				parts = append(parts, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	if depth > 0 {
		return nil, newIssue("unclosed-paren", []string{s}, "expected ) to close (, found end of line in %q", s)
	}
	parts = append(parts, strings.TrimSpace(s[start:]))
	for i, part := range parts {
		if part == "" {
			return nil, newIssue("empty-operand", []string{strconv.Itoa(i + 1), s}, "expected an operand, found nothing (operand %d of %q)", i+1, s)
		}
	}
	return parts, nil
}

// operand classifies one operand. forms says what the instruction takes,
// for the special kinds N (exec's program name) and A (mdump's address).
func (p *parser) operand(s string, forms []string, label bool) (Operand, byte, *issue) {
	if len(forms) == 1 && forms[0] == "N" {
		if !isIdent(s) {
			return Operand{}, 0, newIssue("bad-program-name", []string{s}, "expected a program name (letters, digits or _), found %q", s)
		}
		return Operand{Kind: OpLabel, Label: s}, 'N', nil
	}
	if len(forms) == 1 && forms[0] == "A" {
		x, err := parseInt(strings.TrimSpace(s))
		if err != nil {
			return Operand{}, 0, newIssue("bad-address", []string{s}, "expected a memory address (a plain integer like 2000), found %q", s)
		}
		return Operand{Kind: OpImm, Imm: x}, 'A', nil
	}
	switch c := s[0]; {
	case c == '$':
		x, err := parseInt(strings.TrimSpace(s[1:]))
		if err != nil {
			return Operand{}, 0, newIssue("bad-immediate", []string{s}, "expected an immediate like $5 or $-3 (a 64-bit integer), found %q", s)
		}
		return Operand{Kind: OpImm, Imm: x}, 'I', nil
	case c == '%':
		r, ok := ParseReg(strings.TrimSpace(s[1:]))
		if !ok {
			return Operand{}, 0, newIssue("bad-register", []string{s}, "expected a register (%%ax %%bx %%cx %%dx %%ex %%fx %%sp %%bp %%zero), found %q", s)
		}
		return Operand{Kind: OpReg, Reg: r}, 'R', nil
	case c == '.':
		if !isLabelName(s) {
			return Operand{}, 0, newIssue("bad-label-operand", []string{s}, "expected a label like .top, found %q", s)
		}
		return Operand{Kind: OpLabel, Label: s}, 'L', nil
	case isLetter(c) && label && isIdent(s):
		// A jump, call or spawn target may leave out the label's dot.
		if _, ok := p.labels["."+s]; !ok {
			return Operand{}, 0, undefinedLabel(s, p.vars)
		}
		return Operand{Kind: OpLabel, Label: "." + s}, 'L', nil
	case isLetter(c):
		if !isIdent(s) {
			return Operand{}, 0, newIssue("bad-variable-operand", []string{s}, "expected a variable name, found %q", s)
		}
		if _, ok := p.vars[s]; !ok {
			code, hint := "undeclared-variable", ""
			if _, isLabel := p.labels["."+s]; isLabel {
				code, hint = "undeclared-variable-is-label", fmt.Sprintf("; labels are written with a dot: .%s", s)
			} else if _, isReg := ParseReg(s); isReg {
				code, hint = "undeclared-variable-is-register", fmt.Sprintf("; registers are written with %%: %%%s", s)
			}
			return Operand{}, 0, newIssue(code, []string{s}, "expected a declared variable, found %q, which no .var/.data/.bss/.rodata declares%s", s, hint)
		}
		return Operand{Kind: OpMem, Var: s, Base: Zero, Index: Zero, Scale: 1}, 'M', nil
	case c == '-' || c == '(' || isDigit(c):
		o, is := parseMem(s)
		if is != nil {
			return Operand{}, 0, is
		}
		return o, 'M', nil
	}
	return Operand{}, 0, newIssue("bad-operand", []string{s}, "expected an operand ($number, %%register, memory like 2000 or 8(%%bp) or 0(%%fx,%%bx,4), a variable or a .label), found %q", s)
}

// labelAt says whether operand i can only be a label (a jump, call or
// spawn target): then a bare name is that label without its dot.
func labelAt(forms []string, i int) bool {
	any := false
	for _, f := range forms {
		if len(f) > i {
			if f[i] != 'L' {
				return false
			}
			any = true
		}
	}
	return any
}

// parseMem reads [-] [disp] [( [base] [, [index] [, scale]] )].
func parseMem(s string) (Operand, *issue) {
	bad := func(code, what string, args ...string) (Operand, *issue) {
		return Operand{}, newIssue(code, append([]string{s}, args...), "expected a memory operand like 2000, -4(%%sp) or 0(%%fx,%%bx,4), found %q (%s)", s, what)
	}
	o := Operand{Kind: OpMem, Base: Zero, Index: Zero, Scale: 1}
	rest := s
	neg := false
	if strings.HasPrefix(rest, "-") {
		neg = true
		rest = strings.TrimSpace(rest[1:])
	}
	head, inner, hasParen := strings.Cut(rest, "(")
	head = strings.TrimSpace(head)
	if head == "" && !hasParen {
		return bad("mem-minus-alone", "a number must follow the minus sign")
	}
	// x86.py reads "-(%ax)" as 0(%ax): the sign is lost with no number.
	if !hasParen && strings.Contains(head, "_") {
		// An absolute address goes through Python's int(), which allows
		// _ between digits (1_000).
		if t := strings.ReplaceAll(head, "_", ""); !strings.HasPrefix(head, "_") && !strings.HasSuffix(head, "_") && !strings.Contains(head, "__") {
			head = t
		}
	}
	if head != "" {
		d, err := parseDec(head)
		if err != nil {
			return bad("mem-bad-displacement", "the displacement must be a decimal number")
		}
		if neg {
			d = -d
		}
		o.Disp = d
	}
	if !hasParen {
		return o, nil
	}
	inside, after, closed := strings.Cut(inner, ")")
	if !closed {
		return bad("mem-missing-paren", "missing )")
	}
	if strings.TrimSpace(after) != "" {
		return bad("mem-text-after-paren", fmt.Sprintf("unexpected %q after )", strings.TrimSpace(after)), strings.TrimSpace(after))
	}
	parts := strings.Split(inside, ",")
	if len(parts) > 3 {
		return bad("mem-too-many-parts", "at most base, index and scale go inside the parentheses")
	}
	regs := []*Reg{&o.Base, &o.Index}
	for i, part := range parts {
		part = strings.TrimSpace(part)
		if i == 2 {
			sc, err := parseDec(strings.Join(strings.Fields(part), ""))
			if err != nil {
				return bad("mem-bad-scale", "the scale must be an integer")
			}
			o.Scale = sc
			continue
		}
		if part == "" {
			continue
		}
		if part[0] != '%' {
			return bad("mem-not-register", fmt.Sprintf("expected a register like %%bx inside the parentheses, found %q", part), part)
		}
		r, ok := ParseReg(strings.TrimSpace(part[1:]))
		if !ok {
			return bad("mem-unknown-register", fmt.Sprintf("%q is not a register", part), part)
		}
		*regs[i] = r
	}
	return o, nil
}

// parseInt reads a decimal integer with an optional sign, or 0x hex.
func parseInt(s string) (int64, error) {
	t := strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	if strings.HasPrefix(t, "0x") || strings.HasPrefix(t, "0X") {
		u, err := strconv.ParseUint(t[2:], 16, 63)
		if err != nil {
			return 0, err
		}
		if strings.HasPrefix(s, "-") {
			return -int64(u), nil
		}
		return int64(u), nil
	}
	return parseDec(s)
}

// parseDec reads a decimal integer with an optional sign (no leading-zero
// octal: $010 is ten, as in x86.py).
func parseDec(s string) (int64, error) {
	if s == "" {
		return 0, strconv.ErrSyntax
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && !(i == 0 && (s[i] == '-' || s[i] == '+') && len(s) > 1) {
			return 0, strconv.ErrSyntax
		}
	}
	return strconv.ParseInt(s, 10, 64)
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }

func isIdent(s string) bool {
	if s == "" || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isLetter(s[i]) && !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// isLabelName: a dot, then letters, digits, _ or more dots.
func isLabelName(s string) bool {
	if len(s) < 2 || s[0] != '.' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isLetter(s[i]) && !isDigit(s[i]) && s[i] != '.' {
			return false
		}
	}
	return true
}

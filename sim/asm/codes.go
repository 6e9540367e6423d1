package asm

// CodeInfo describes one kind of problem the assembler reports: the stable
// Code an Error carries and the names of its Args, in order. A caller that
// shows errors in another language renders its own text from Code and
// Args; Error.Msg is the English text.
type CodeInfo struct {
	Code string
	Args []string
}

// Arguments named "forms" and "found" are operand shapes written in kind
// letters, one per operand: R %register, I $number, M memory, L .label,
// N program name, A address. "" is the shape with no operands. "forms"
// lists every shape the instruction accepts, separated by "|"
// ("IR|RR" for add; "|R|I" for exit). "count" is a number of operands in
// decimal. "line" is a 1-based line number in decimal. Every other
// argument is source text exactly as written (not quoted).
var codes = []CodeInfo{
	// Lines that start with a dot: labels and declarations.
	{"indented-label", []string{"label"}},
	{"indented-directive", []string{"directive"}},
	{"label-not-alone", []string{"label", "rest"}},
	{"label-colon", []string{"written", "label"}},
	{"bad-label-name", []string{"written"}},
	{"duplicate-label", []string{"label", "line"}},
	{"directive-no-name", []string{"directive", "usage"}},
	{"bad-variable-name", []string{"directive", "written"}},
	{"directive-extra", []string{"usage", "extra"}},
	{"bad-var-count", []string{"variable", "written"}},
	{"var-count-too-large", []string{"variable", "count"}},
	{"bss-form", []string{"usage", "written"}},
	{"bad-bss-size", []string{"variable", "written"}},
	{"data-no-value", []string{"directive", "variable", "usage"}},
	{"bad-initial-value", []string{"variable", "written"}},
	{"duplicate-variable", []string{"variable", "line"}},

	// The mnemonic.
	{"mnemonic-with-colon", []string{"written", "name"}},
	{"mnemonic-upper-case", []string{"written", "mnemonic"}},
	{"unknown-mnemonic", []string{"written"}},

	// Splitting the operands.
	{"nested-parens", []string{"mnemonic", "operands"}},
	{"unmatched-close-paren", []string{"mnemonic", "operands"}},
	{"unclosed-paren", []string{"mnemonic", "operands"}},
	{"empty-operand", []string{"mnemonic", "index", "operands"}},

	// One operand.
	{"bad-program-name", []string{"mnemonic", "operand"}},
	{"bad-address", []string{"mnemonic", "operand"}},
	{"bad-immediate", []string{"mnemonic", "operand"}},
	{"bad-register", []string{"mnemonic", "operand"}},
	{"bad-label-operand", []string{"mnemonic", "operand"}},
	{"bad-variable-operand", []string{"mnemonic", "operand"}},
	{"undeclared-variable", []string{"mnemonic", "variable"}},
	{"undeclared-variable-is-label", []string{"mnemonic", "variable"}},
	{"undeclared-variable-is-register", []string{"mnemonic", "variable"}},
	{"bad-operand", []string{"mnemonic", "operand"}},
	{"mem-minus-alone", []string{"mnemonic", "operand"}},
	{"mem-bad-displacement", []string{"mnemonic", "operand"}},
	{"mem-missing-paren", []string{"mnemonic", "operand"}},
	{"mem-text-after-paren", []string{"mnemonic", "operand", "text"}},
	{"mem-too-many-parts", []string{"mnemonic", "operand"}},
	{"mem-bad-scale", []string{"mnemonic", "operand"}},
	{"mem-not-register", []string{"mnemonic", "operand", "written"}},
	{"mem-unknown-register", []string{"mnemonic", "operand", "written"}},

	// The operands together.
	{"wrong-operand-count", []string{"mnemonic", "forms", "count"}},
	{"wrong-operands", []string{"mnemonic", "forms", "found"}},
	{"wrong-operands-fd", []string{"mnemonic", "forms", "found"}},
	{"wrong-operands-read", []string{"mnemonic", "forms", "found"}},
	{"wrong-operands-write", []string{"mnemonic", "forms", "found"}},
	{"wrong-operands-shm-key", []string{"mnemonic", "forms", "found"}},
	{"wrong-operands-lock", []string{"mnemonic", "forms", "found"}},
	{"mov-two-memory", nil},
	{"missing-comma", []string{"mnemonic", "operands", "fixed"}},

	// Jump, call and spawn targets.
	{"undefined-label", []string{"mnemonic", "label"}},
	{"undefined-label-is-variable", []string{"mnemonic", "label", "variable"}},
	{"label-at-end", []string{"mnemonic", "label"}},
}

// Codes lists every Code the assembler can report, with the names of its
// Args. The caller gets its own copy.
func Codes() []CodeInfo {
	out := make([]CodeInfo, len(codes))
	for i, c := range codes {
		out[i] = CodeInfo{Code: c.Code, Args: append([]string(nil), c.Args...)}
	}
	return out
}

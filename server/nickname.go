package server

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNickname bounds a student's nickname, in characters: enough for a
// name or a handle in Korean or English, short enough for a roster row.
const maxNickname = 20

// nicknamePunct is the punctuation a nickname may hold besides letters,
// digits and single spaces.
const nicknamePunct = "-_.'"

// checkNickname validates what a student typed as their nickname and
// returns it with the spaces around it trimmed; empty clears it. Letters
// of any script (Hangul, Latin …), digits, single spaces and - _ . ' are
// allowed: nothing that could pass for markup, a link or a control
// character, and nothing a teacher's roster would show as blank.
func checkNickname(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", fieldError(CodeBadNickname, "name", "not UTF-8")
	}
	s = strings.TrimSpace(s)
	if n := utf8.RuneCountInString(s); n > maxNickname {
		return "", fieldError(CodeBadNickname, "name", "%d characters, at most %d", n, maxNickname)
	}
	if strings.Contains(s, "  ") {
		return "", fieldError(CodeBadNickname, "name", "two spaces in a row")
	}
	if s != "" && !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return "", fieldError(CodeBadNickname, "name", "no letter or digit")
	}
	for _, r := range s {
		if !nicknameRune(r) {
			return "", fieldError(CodeBadNickname, "name", "a character that is not allowed: letters, digits, spaces and %s only", nicknamePunct)
		}
	}
	return s, nil
}

// nicknameRune says whether r may appear in a nickname. Combining marks
// are allowed so a name typed in decomposed form (Hangul jamo, accents)
// passes.
func nicknameRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == ' ' ||
		strings.ContainsRune(nicknamePunct, r)
}

package templates

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// particleMarks are the Korean particles written with both forms in a
// format ("프로세스 %d이(가)"): Particles picks the one the word before it
// takes. withFinal is the form after a final consonant, without the one
// after a vowel; rieul is the form after a final ㄹ (only (으)로 cares).
var particleMarks = []struct {
	mark, withFinal, without, rieul string
}{
	{"이(가)", "이", "가", "이"},
	{"은(는)", "은", "는", "은"},
	{"을(를)", "을", "를", "을"},
	{"와(과)", "과", "와", "과"},
	{"과(와)", "과", "와", "과"},
	{"(으)로", "으로", "로", "로"},
	{"(이)라", "이라", "라", "이라"},
}

// Particles replaces every two-form particle in s with the form its word
// takes, by the word's final sound: a Hangul syllable by its final
// consonant, a number as it is read in Sino-Korean (2 → 이, so 2가; 10 →
// 십, so 10이), a Latin word by how it ends when said aloud. English text
// has no marks and comes back unchanged.
func Particles(s string) string {
	if !strings.Contains(s, "(") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		m, ok := markAt(s, i)
		if !ok {
			_, n := utf8.DecodeRuneInString(s[i:])
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		switch finalSound(b.String()) {
		case finalNone:
			b.WriteString(m.without)
		case finalRieul:
			b.WriteString(m.rieul)
		default:
			b.WriteString(m.withFinal)
		}
		i += len(m.mark)
	}
	return b.String()
}

func markAt(s string, i int) (m struct{ mark, withFinal, without, rieul string }, ok bool) {
	for _, pm := range particleMarks {
		if strings.HasPrefix(s[i:], pm.mark) {
			return pm, true
		}
	}
	return m, false
}

// finalKind is how the word before a particle ends.
type finalKind int

const (
	finalNone  finalKind = iota // a vowel: 가, 는, 를, 와, 로
	finalOther                  // a final consonant: 이, 은, 을, 과, 으로
	finalRieul                  // a final ㄹ: 이, 은, 을, 과, but 로
)

// digitFinal is how each digit's Sino-Korean name ends: 영 일 이 삼 사 오
// 육 칠 팔 구.
var digitFinal = [10]finalKind{finalOther, finalRieul, finalNone, finalOther, finalNone, finalNone, finalOther, finalRieul, finalRieul, finalNone}

// finalSound is how the text before a particle ends when read aloud.
// Closing quotes and brackets are skipped: "`counter`가" reads the word.
func finalSound(before string) finalKind {
	before = strings.TrimRight(before, "`'\"”’)]»")
	r, _ := utf8.DecodeLastRuneInString(before)
	switch {
	case r >= 0xAC00 && r <= 0xD7A3:
		switch (r - 0xAC00) % 28 {
		case 0:
			return finalNone
		case 8:
			return finalRieul
		}
		return finalOther
	case r >= '0' && r <= '9':
		return numberFinal(before)
	case unicode.IsLetter(r) && r < 0x80:
		return latinFinal(strings.ToLower(before))
	}
	return finalNone
}

// numberFinal reads the number that ends s: its last non-zero digit, or
// the power of ten its trailing zeros make (십 백 천 만).
func numberFinal(s string) finalKind {
	zeros := 0
	for zeros < len(s) && s[len(s)-1-zeros] == '0' {
		zeros++
	}
	if zeros == 0 {
		return digitFinal[s[len(s)-1]-'0']
	}
	if zeros == len(s) || s[len(s)-1-zeros] < '0' || s[len(s)-1-zeros] > '9' {
		return finalOther // 영
	}
	switch zeros % 4 {
	case 1: // 십
		return finalOther
	case 2: // 백
		return finalOther
	case 3: // 천
		return finalOther
	}
	return finalOther // 만
}

// latinFinal guesses how a Latin word ends when said in Korean: l ends
// in ㄹ, m, n, ng, k-like and p-like endings are consonants, the rest
// (counter → 카운터, pid → 피아이디) vowels.
func latinFinal(w string) finalKind {
	switch {
	case strings.HasSuffix(w, "l"):
		return finalRieul
	case strings.HasSuffix(w, "m"), strings.HasSuffix(w, "n"), strings.HasSuffix(w, "ng"),
		strings.HasSuffix(w, "ck"), strings.HasSuffix(w, "k"), strings.HasSuffix(w, "p"), strings.HasSuffix(w, "b"):
		return finalOther
	}
	return finalNone
}

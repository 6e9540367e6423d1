package server

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"unicode/utf8"
)

// appendFrame appends f as JSON exactly as encoding/json writes it with
// HTML escaping off (field order, omitempty, sorted map keys, string
// escapes), but without reflection: a step frame is a dozen short fields
// and a map of markup, and encoding/json's reflection was a tenth of a
// step frame's CPU. TestFrameJSONIsEncodingJSONs holds it to that. The
// lesson's progress, a small struct on a lesson's frames, goes through
// encoding/json.
func appendFrame(b []byte, f *frameMsg) ([]byte, error) {
	b = append(b, `{"type":`...)
	b = appendJSONString(b, f.Type)
	b = appendUintField(b, "seq", f.Seq)
	b = appendUintField(b, "tick", f.Tick)
	b = appendUintField(b, "instructions", f.Instructions)
	b = appendUintField(b, "time", f.Time)
	b = append(b, `,"playing":`...)
	b = strconv.AppendBool(b, f.Playing)
	b = append(b, `,"speed":`...)
	b = strconv.AppendInt(b, int64(f.Speed), 10)
	if f.Full {
		b = append(b, `,"full":true`...)
	}
	b = append(b, `,"events":`...)
	if f.Events == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, f.Events...) // encoded as wireJSON does (commonLocked, appendEvents)
	}
	if f.Dropped != 0 {
		b = append(b, `,"dropped":`...)
		b = strconv.AppendInt(b, int64(f.Dropped), 10)
	}
	b = appendList(b, "remove", f.Remove, appendJSONString)
	b = appendList(b, "insert", f.Insert, appendInsert)
	b = appendStringMap(b, "fragments", f.Fragments)
	if len(f.Trim) > 0 {
		b = append(b, `,"trim":{`...)
		for i, k := range sortedKeys(f.Trim) {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, k)
			b = append(b, ':')
			b = strconv.AppendInt(b, int64(f.Trim[k]), 10)
		}
		b = append(b, '}')
	}
	b = appendStringMap(b, "append", f.Append)
	if f.Log != nil {
		b = append(b, `,"log":{"add":`...)
		b = appendJSONString(b, f.Log.Add)
		b = append(b, `,"keep":`...)
		b = strconv.AppendInt(b, int64(f.Log.Keep), 10)
		b = append(b, '}')
	}
	if f.Save != "" {
		b = append(b, `,"save":`...)
		b = appendJSONString(b, f.Save)
	}
	if f.Lesson != nil {
		var l bytes.Buffer
		enc := json.NewEncoder(&l)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(f.Lesson); err != nil {
			return nil, err
		}
		b = append(b, `,"lesson":`...)
		b = append(b, bytes.TrimSuffix(l.Bytes(), []byte("\n"))...)
	}
	if f.Future != 0 {
		b = appendUintField(b, "future", f.Future)
	}
	return append(b, '}'), nil
}

// appendList appends ,"name":[…], each item by add, unless there are
// none (omitempty).
func appendList[T any](b []byte, name string, items []T, add func([]byte, T) []byte) []byte {
	if len(items) == 0 {
		return b
	}
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':', '[')
	for i, it := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = add(b, it)
	}
	return append(b, ']')
}

// appendUintField appends ,"name":n.
func appendUintField(b []byte, name string, n uint64) []byte {
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	return strconv.AppendUint(b, n, 10)
}

// appendInsert appends an insertion as its struct tags say.
func appendInsert(b []byte, in insertEdit) []byte {
	b = append(b, '{')
	if in.After != "" {
		b = append(b, `"after":`...)
		b = appendJSONString(b, in.After)
		b = append(b, ',')
	}
	if in.Before != "" {
		b = append(b, `"before":`...)
		b = appendJSONString(b, in.Before)
		b = append(b, ',')
	}
	b = append(b, `"html":`...)
	b = appendJSONString(b, in.HTML)
	return append(b, '}')
}

// appendStringMap appends ,"name":{…} with m's keys in order, unless m
// is empty (omitempty).
func appendStringMap(b []byte, name string, m map[string]string) []byte {
	if len(m) == 0 {
		return b
	}
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':', '{')
	for i, k := range sortedKeys(m) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = appendJSONString(b, m[k])
	}
	return append(b, '}')
}

// sortedKeys are m's keys in order, as encoding/json writes a map.
func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// appendJSONString appends s as a JSON string as encoding/json does with
// HTML escaping off: quotes, backslashes and control characters escaped,
// invalid UTF-8 as U+FFFD, and U+2028 and U+2029 escaped (JavaScript
// reads them as line ends).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

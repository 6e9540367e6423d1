package server

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"procscope/sim"
)

// appendEvents appends evs as JSON exactly as wireJSON writes them (the
// fields' names lowered and in order, strings HTML-escaped as
// json.Marshal does), without its round trip through a tree of maps: a
// step that faults a page in spent a tenth of its allocations encoding
// its one event. TestEventsJSONIsWireJSONs holds it to that.
func appendEvents(b []byte, evs []sim.Event) []byte {
	b = append(b, '[')
	for i := range evs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendEvent(b, &evs[i])
	}
	return append(b, ']')
}

// appendEvent appends one event, its fields in the order of their
// lowered names.
func appendEvent(b []byte, e *sim.Event) []byte {
	b = strconv.AppendUint(append(b, `{"addr":`...), e.Addr, 10)
	b = strconv.AppendUint(append(b, `,"cost":`...), e.Cost, 10)
	b = strconv.AppendInt(append(b, `,"cpu":`...), int64(e.CPU), 10)
	b = strconv.AppendUint(append(b, `,"end":`...), e.End, 10)
	b = append(b, `,"err":`...)
	if e.Err == nil {
		b = append(b, "null"...)
	} else {
		b = appendHTMLString(append(b, `{"code":`...), e.Err.Code)
		b = append(appendHTMLString(append(b, `,"msg":`...), e.Err.Msg), '}')
	}
	b = strconv.AppendInt(append(b, `,"fd":`...), int64(e.FD), 10)
	b = appendHTMLString(append(b, `,"kind":`...), string(e.Kind))
	b = appendHTMLString(append(b, `,"name":`...), e.Name)
	b = strconv.AppendInt(append(b, `,"newframe":`...), int64(e.NewFrame), 10)
	b = strconv.AppendInt(append(b, `,"object":`...), int64(e.Object), 10)
	b = strconv.AppendInt(append(b, `,"oldframe":`...), int64(e.OldFrame), 10)
	b = strconv.AppendInt(append(b, `,"other":`...), int64(e.Other), 10)
	b = strconv.AppendInt(append(b, `,"pid":`...), int64(e.Pid), 10)
	b = strconv.AppendInt(append(b, `,"signal":`...), int64(e.Signal), 10)
	b = strconv.AppendUint(append(b, `,"start":`...), e.Start, 10)
	b = appendHTMLString(append(b, `,"switch":`...), string(e.Switch))
	b = strconv.AppendUint(append(b, `,"tick":`...), e.Tick, 10)
	b = strconv.AppendInt(append(b, `,"tid":`...), int64(e.Tid), 10)
	b = append(b, `,"tids":`...)
	if e.Tids == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, t := range e.Tids {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(t), 10)
		}
		b = append(b, ']')
	}
	b = strconv.AppendInt(append(b, `,"value":`...), e.Value, 10)
	return append(b, '}')
}

// appendHTMLString appends s as wireJSON writes a string: as
// appendJSONString does, with <, > and & escaped too, and an invalid
// byte as a U+FFFD itself (its round trip decodes the escape). Either
// is seldom in an event: then through that round trip itself.
func appendHTMLString(b []byte, s string) []byte {
	if !strings.ContainsAny(s, "<>&") && utf8.ValidString(s) {
		return appendJSONString(b, s)
	}
	q, _ := json.Marshal(s) // a string always encodes, and decodes
	_ = json.Unmarshal(q, &s)
	q, _ = json.Marshal(s)
	return append(b, q...)
}

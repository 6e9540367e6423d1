package templates

import (
	"bytes"
	"context"
	"io"
	"strconv"
	"strings"
)

// Hand-written writers for the parts a step sends most: a register, the
// card's line, a region's markers, a listing line, the text view's
// thread and cost rows, a cost's row, the readout, the scrubber and the
// CPU chart's running slice and cursor. A step renders a dozen such
// small parts, and templ spends more on each element (class lists in a
// map, every value through fmt and an attribute resolver, a context per
// component) than on its bytes.
//
// Each writes exactly the markup of its templ component, byte for byte:
// the .templ stays the one source of the first load and of a fragment
// rendered whole, and TestPartWritersWriteTheTemplMarkup renders both
// over random labs in both languages (every escape included) and fails
// on the first byte they differ in. A change to one of these components'
// markup is to be made in both places; the test says so.

// partWriter is a part's markup appended to a byte slice: a
// templ.Component that writes straight into the render buffer.
type partWriter func(b []byte) []byte

// Render writes the part to w.
func (pw partWriter) Render(_ context.Context, w io.Writer) error {
	if buf, ok := w.(*bytes.Buffer); ok {
		buf.Write(pw(buf.AvailableBuffer())) // appended in the buffer's own room
		return nil
	}
	_, err := w.Write(pw(nil))
	return err
}

// esc appends s escaped as templ escapes text and attribute values
// (html.EscapeString): & ' < > and ".
func esc(b []byte, s string) []byte {
	if !strings.ContainsAny(s, `&'<>"`) {
		return append(b, s...)
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b = append(b, "&amp;"...)
		case '\'':
			b = append(b, "&#39;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '"':
			b = append(b, "&#34;"...)
		default:
			b = append(b, c)
		}
	}
	return b
}

// appendInt and appendUint append a number as itoa and utoa print it;
// appendNum as num does (a chart coordinate).
func appendInt(b []byte, n int) []byte     { return strconv.AppendInt(b, int64(n), 10) }
func appendUint(b []byte, n uint64) []byte { return strconv.AppendUint(b, n, 10) }
func appendNum(b []byte, f float64) []byte { return strconv.AppendFloat(b, f, 'f', -1, 64) }

// appendTC appends a thread colour's class (tc).
func appendTC(b []byte, color int) []byte {
	if color < 0 {
		color = -color
	}
	return appendInt(append(b, "tc-"...), color%8)
}

// markerIcon is icon("marker") as templ renders it: drawn once.
var markerIcon = func() string {
	var b strings.Builder
	if err := icon("marker").Render(context.Background(), &b); err != nil {
		panic(err) // a fixed icon: a mistake of the code, found by every test
	}
	return b.String()
}()

// regWriter is reg.
func regWriter(tid int, name, value string) partWriter {
	return func(b []byte) []byte {
		b = append(b, `<div class="reg `...) // templ keeps the space before an empty class
		b = esc(b, regWidth(name, value))
		b = append(b, `" id="r`...)
		b = appendInt(b, tid)
		b = append(b, '-')
		b = esc(b, name)
		b = append(b, `" data-reg="`...)
		b = esc(b, name)
		b = append(b, `" data-part><dt>`...)
		b = esc(b, name)
		b = append(b, `</dt><dd><code>`...)
		b = esc(b, value)
		return append(b, `</code></dd></div>`...)
	}
}

// threadLineWriter is threadLine.
func threadLineWriter(t *Catalog, th *Thread) partWriter {
	tid, line := th.Tid, th.Line
	return func(b []byte) []byte {
		b = append(b, `<span class="tline" id="t`...)
		b = appendInt(b, tid)
		b = append(b, `-line" data-part>`...)
		if line > 0 {
			b = esc(b, F(t.Stage.LineOf, line))
		}
		return append(b, `</span>`...)
	}
}

// markersWriter is regionMarkers.
func markersWriter(c *AxisCell) partWriter {
	return func(b []byte) []byte {
		b = append(b, `<div class="markers" id="`...)
		b = esc(b, markersID(*c))
		b = append(b, `" data-part>`...)
		ms := c.Row.Markers
		for len(ms) > 0 {
			n := 1 // the markers at one address by one register share a line (markerGroups)
			for n < len(ms) && ms[n].Reg == ms[0].Reg && ms[n].Addr == ms[0].Addr {
				n++
			}
			b = append(b, `<div class="marker `...)
			b = esc(b, "reg-"+ms[0].Reg)
			b = append(b, `" data-reg="`...)
			b = esc(b, ms[0].Reg)
			b = append(b, `">`...)
			b = append(b, markerIcon...)
			for _, m := range ms[:n] {
				b = append(b, `<span class="chip small `...)
				b = appendTC(b, m.Color)
				b = append(b, `" data-tid="`...)
				b = appendInt(b, m.Tid)
				b = append(b, `">T`...)
				b = appendInt(b, m.Tid)
				b = append(b, `</span> `...)
			}
			b = append(b, `<span class="regname">`...)
			b = esc(b, markerReg(ms[0].Reg))
			b = append(b, `</span> <code>`...)
			b = esc(b, ms[0].Addr)
			b = append(b, `</code></div>`...)
			ms = ms[n:]
		}
		return append(b, `</div>`...)
	}
}

// sourceLineWriter is sourceLine.
func sourceLineWriter(t *Catalog, l *SourceLine) partWriter {
	return func(b []byte) []byte {
		b = append(b, `<li id="src-line-`...)
		b = appendInt(b, l.N)
		b = append(b, `" data-part class="`...)
		b = appendClasses(b, l)
		b = append(b, `" data-line="`...)
		b = appendInt(b, l.N)
		b = append(b, `"><span class="ln" aria-hidden="true">`...)
		b = appendInt(b, l.N)
		b = append(b, `</span><code class="code">`...)
		if l.Tokens == nil {
			b = esc(b, l.Text)
		}
		for _, tk := range l.Tokens {
			if tk.Sym == "" {
				b = esc(b, tk.Text)
				continue
			}
			b = append(b, `<span class="sym" data-sym="`...)
			b = esc(b, tk.Sym)
			b = append(b, `">`...)
			b = esc(b, tk.Text)
			b = append(b, `</span>`...)
		}
		b = append(b, `</code>`...)
		for _, th := range l.Threads {
			b = append(b, `<span class="chip small tmark `...)
			b = appendTC(b, th.Color)
			b = append(b, `" data-tid="`...)
			b = appendInt(b, th.Tid)
			b = append(b, `" data-pid="`...)
			b = appendInt(b, th.Pid)
			b = append(b, `" data-instr="`...)
			b = appendInt(b, th.Instr)
			b = append(b, `" title="`...)
			b = esc(b, F(t.Prog.ThreadAt, tlabel(th.Tid), plabel(th.Pid)))
			b = append(b, `">`...)
			b = append(b, markerIcon...)
			b = append(b, " T"...)
			b = appendInt(b, th.Tid)
			b = append(b, ` <span class="tpid">P`...)
			b = appendInt(b, th.Pid)
			b = append(b, `</span></span> `...)
		}
		if l.Err != "" {
			b = append(b, `<span class="err-msg">`...)
			b = esc(b, l.Err)
			b = append(b, `</span>`...)
		}
		return append(b, `</li>`...)
	}
}

// appendClasses appends a listing line's classes as templ's class list
// joins them: the ones that hold, in order, one space apart.
func appendClasses(b []byte, l *SourceLine) []byte {
	start := len(b)
	class := func(on bool, name string) {
		if !on {
			return
		}
		if len(b) > start {
			b = append(b, ' ')
		}
		b = esc(b, name)
	}
	class(l.Label, "label")
	class(l.Err != "", "has-err")
	class(len(l.Threads) > 0, "current")
	if l.Hue > 0 {
		class(true, "hue-"+itoa(l.Hue))
	}
	return b
}

// tvThreadRowWriter is tvThreadRow.
func tvThreadRowWriter(t *Catalog, th *Thread) partWriter {
	return func(b []byte) []byte {
		b = append(b, `<tr id="tv-thread-`...)
		b = appendInt(b, th.Tid)
		b = append(b, `" data-part><th scope="row">`...)
		b = appendInt(b, th.Tid)
		b = append(b, `</th><td>`...)
		b = appendInt(b, th.Pid)
		b = append(b, `</td><td>`...)
		b = esc(b, t.StateName(th.State))
		b = append(b, `</td><td><code>`...)
		b = esc(b, th.PC)
		b = append(b, `</code></td><td><code>`...)
		b = esc(b, th.SP)
		b = append(b, `</code></td><td><code>`...)
		b = esc(b, th.BP)
		b = append(b, `</code></td><td class="regs-text">`...)
		for i, r := range th.Regs {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, ' ')
			b = esc(b, r.Name)
			b = append(b, ` <code>`...)
			b = esc(b, r.Value)
			b = append(b, `</code>`...)
		}
		b = append(b, `</td><td>`...)
		b = appendInt(b, th.Line)
		b = append(b, `</td><td>`...)
		b = esc(b, th.CPUTime)
		b = append(b, `</td><td>`...)
		if th.Waiting != "" {
			b = esc(b, t.WaitText(th.Waiting, th.WaitFor))
		}
		return append(b, `</td></tr>`...)
	}
}

// tvCostRowWriter is tvCostRow.
func tvCostRowWriter(t *Catalog, c *Cost) partWriter {
	return func(b []byte) []byte {
		b = append(b, `<tr id="tv-cost-`...)
		b = esc(b, c.Kind)
		b = append(b, `" data-part><th scope="row">`...)
		b = esc(b, t.CostKinds[c.Kind])
		b = append(b, `</th><td>`...)
		b = esc(b, c.Total)
		b = append(b, `</td><td>`...)
		b = esc(b, c.Share)
		return append(b, `</td></tr>`...)
	}
}

// costRowWriter is costRow.
func costRowWriter(t *Catalog, c *Cost) partWriter {
	return func(b []byte) []byte {
		b = append(b, `<tr id="cost-`...)
		b = esc(b, c.Kind)
		b = append(b, `" data-cost="`...)
		b = esc(b, c.Kind)
		b = append(b, `" data-part><th scope="row">`...)
		b = esc(b, t.CostKinds[c.Kind])
		b = append(b, `</th><td class="bar-cell"><svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect class="cost-`...)
		b = esc(b, c.Kind)
		b = append(b, `" x="0" y="0" height="10" width="`...)
		b = appendNum(b, c.W)
		b = append(b, `"></rect></svg></td><td class="num">`...)
		b = esc(b, c.Total)
		b = append(b, `</td><td class="num">`...)
		b = esc(b, c.Share)
		return append(b, `</td></tr>`...)
	}
}

// readoutWriter is readoutNumbers.
func readoutWriter(t *Catalog, tick uint64, clock string, instructions uint64) partWriter {
	return func(b []byte) []byte {
		b = append(b, `<dl id="readout" class="readout" data-testid="readout" data-part><div><dt>`...)
		b = esc(b, t.TickLabel)
		b = append(b, `</dt><dd data-testid="tick">`...)
		b = appendUint(b, tick)
		b = append(b, `</dd></div><div><dt>`...)
		b = esc(b, t.ClockLabel)
		b = append(b, `</dt><dd>`...)
		b = esc(b, clock)
		b = append(b, `</dd></div><div><dt>`...)
		b = esc(b, t.InstrLabel)
		b = append(b, `</dt><dd>`...)
		b = appendUint(b, instructions)
		return append(b, `</dd></div></dl>`...)
	}
}

// scrubWriter is scrubInput.
func scrubWriter(t *Catalog, tick uint64) partWriter {
	return func(b []byte) []byte {
		b = append(b, `<input type="range" id="scrub" min="0" max="`...)
		b = appendUint(b, tick)
		b = append(b, `" value="`...)
		b = appendUint(b, tick)
		b = append(b, `" step="1" list="scrub-marks" data-tick="`...)
		b = appendUint(b, tick)
		b = append(b, `" title="`...)
		b = esc(b, t.Stage.TimelineHint)
		b = append(b, '"')
		if tick == 0 {
			b = append(b, ` disabled`...)
		}
		return append(b, ` data-testid="scrub" data-part>`...)
	}
}

// ganttNowWriter is ganttNow.
func ganttNowWriter(tl *Timeline) partWriter {
	from, to, x, lanes := tl.From, tl.To, tl.NowX, len(tl.Lanes)
	return func(b []byte) []byte {
		b = append(b, `<svg id="gantt-now" data-part overflow="visible" data-from="`...)
		b = appendUint(b, from)
		b = append(b, `" data-to="`...)
		b = appendUint(b, to)
		b = append(b, `"><line class="now" x1="`...)
		b = appendNum(b, x+40)
		b = append(b, `" x2="`...)
		b = appendNum(b, x+40)
		b = append(b, `" y1="0" y2="`...)
		b = appendNum(b, float64(lanes)*laneH+4)
		return append(b, `"></line></svg>`...)
	}
}

// ganttSlicesWriter is ganttSlices: with id "", ganttSliceItems alone.
func ganttSlicesWriter(id string, i int, ss []Slice) partWriter {
	return func(b []byte) []byte {
		if id != "" {
			b = append(b, `<svg id="`...)
			b = esc(b, id)
			b = append(b, `" data-part overflow="visible">`...)
		}
		y := laneY(i)
		for _, s := range ss {
			b = append(b, `<g class="slice `...)
			b = appendTC(b, s.Color)
			b = append(b, `"><title>T`...)
			b = appendInt(b, s.Tid)
			b = append(b, ` · P`...)
			b = appendInt(b, s.Pid)
			b = append(b, ` · `...)
			b = appendUint(b, s.From)
			b = append(b, "–"...)
			b = appendUint(b, s.To)
			b = append(b, `</title><rect x="`...)
			b = appendNum(b, s.X+40)
			b = append(b, `" y="`...)
			b = appendNum(b, y)
			b = append(b, `" width="`...)
			b = appendNum(b, s.W)
			b = append(b, `" height="24"></rect> `...)
			if s.W >= 22 {
				b = append(b, `<text x="`...)
				b = appendNum(b, s.X+43)
				b = append(b, `" y="`...)
				b = appendNum(b, y+17)
				b = append(b, `">T`...)
				b = appendInt(b, s.Tid)
				b = append(b, `</text>`...)
			}
			b = append(b, `</g>`...)
		}
		if id != "" {
			b = append(b, `</svg>`...)
		}
		return b
	}
}

package server

import (
	"cmp"
	"fmt"
	"slices"

	"procscope/sim"
	"procscope/templates"
)

// kernelStart is where the kernel half of an x86-64 address space begins;
// the page draws it above user space so students see where user space ends.
const kernelStart = 0xffff800000000000

// pageView is the whole page for a language and a machine.
func (s *Server) pageView(lang string, m *sim.Machine) templates.Page {
	lang = templates.Lang(lang)
	return templates.Page{
		Lang:     lang,
		T:        templates.For(lang),
		Assets:   templates.Assets{CSS: s.assets.url("app.css"), JS: s.assets.url("app.js")},
		WSPath:   "/ws?lang=" + lang,
		Opts:     templates.Options{Controls: "full", Mode: "explore", Speed: 5},
		LangURLs: map[string]string{"en": "?lang=en", "ko": "?lang=ko"},
		Lab:      labView(m),
	}
}

// labView turns the machine into what the page draws.
func labView(m *sim.Machine) templates.Lab {
	var lab templates.Lab
	for _, p := range m.Processes() {
		v := templates.Process{Pid: p.Pid, PPid: p.PPid, Name: p.Name, State: "running"}
		v.Threads = []templates.Thread{{Tid: p.Pid, Pid: p.Pid, Color: p.Pid % 8, State: "ready", CPU: -1, Main: true}}
		var rs []region
		for _, r := range p.Regions {
			rs = append(rs, region{Kind: string(r.Kind), Start: r.Start, End: r.End, Perm: r.Perm.String(), Owner: r.Owner})
		}
		v.Map = mapRows(rs, v.Threads)
		lab.Procs = append(lab.Procs, v)
	}
	for _, p := range lab.Procs {
		for i := range lab.Procs {
			if lab.Procs[i].Pid == p.PPid {
				lab.Procs[i].Children = append(lab.Procs[i].Children, p.Pid)
			}
		}
	}
	return lab
}

// region is one mapped range as the view needs it, whatever sim calls it.
type region struct {
	Kind       string
	Start, End uint64
	Perm       string
	Owner      int
}

// mapRows orders regions high addresses first, puts the kernel half on
// top, and turns the space between regions into labelled gaps.
func mapRows(rs []region, threads []templates.Thread) []templates.MapRow {
	rs = slices.Clone(rs)
	slices.SortFunc(rs, func(a, b region) int { return cmp.Compare(b.Start, a.Start) })
	colors := map[int]int{}
	var shared []templates.ThreadRef
	for _, t := range threads {
		colors[t.Tid] = t.Color
		shared = append(shared, templates.ThreadRef{Tid: t.Tid, Color: t.Color})
	}
	rows := []templates.MapRow{{Kind: "kernel", Start: hexAddr(kernelStart), End: "0xffffffffffffffff", Size: "128 TiB", Perm: "---"}}
	above := uint64(kernelStart)
	for _, r := range rs {
		if r.End < above {
			rows = append(rows, templates.MapRow{Gap: true, GapSize: humanSize(above - r.End)})
		}
		row := templates.MapRow{
			Kind: r.Kind, Start: hexAddr(r.Start), End: hexAddr(r.End), Size: humanSize(r.End - r.Start),
			Perm: r.Perm, Owner: r.Owner, OwnerColor: colors[r.Owner], Pages: int((r.End - r.Start) / sim.PageSize),
		}
		if r.Owner == 0 {
			row.SharedBy = shared
		}
		for _, t := range threads {
			if t.Tid == r.Owner && r.Kind == "stack" && t.SP != "" {
				row.Markers = append(row.Markers, templates.Marker{Tid: t.Tid, Color: t.Color, Reg: "sp", Addr: t.SP})
			}
			if r.Kind == "text" && t.PC != "" {
				row.Markers = append(row.Markers, templates.Marker{Tid: t.Tid, Color: t.Color, Reg: "pc", Addr: t.PC, Line: t.Line})
			}
		}
		rows = append(rows, row)
		above = r.Start
	}
	return rows
}

func hexAddr(n uint64) string { return fmt.Sprintf("%#x", n) }

// humanSize prints a byte count the way a memory map label wants it.
func humanSize(n uint64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	f := float64(n)
	i := 0
	for f >= 1024 && i < len(units)-1 {
		f /= 1024
		i++
	}
	if f == float64(uint64(f)) {
		return fmt.Sprintf("%d %s", uint64(f), units[i])
	}
	return fmt.Sprintf("%.1f %s", f, units[i])
}

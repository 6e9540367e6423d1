package server

import (
	"fmt"

	"procscope/sim"
	"procscope/templates"
)

// processViews turns the machine's process table into what the page shows.
func processViews(lang string, m *sim.Machine) []templates.Process {
	t := templates.Catalogs[lang]
	var out []templates.Process
	for _, p := range m.Processes() {
		v := templates.Process{Pid: p.Pid, PPid: p.PPid, Name: p.Name}
		for _, r := range p.Regions {
			v.Regions = append(v.Regions, templates.Region{
				Kind:  string(r.Kind),
				Label: t.Regions[string(r.Kind)],
				Start: fmt.Sprintf("%#x", r.Start),
				End:   fmt.Sprintf("%#x", r.End),
				Size:  humanSize(r.Size()),
				Perm:  r.Perm.String(),
			})
		}
		out = append(out, v)
	}
	return out
}

// humanSize prints a byte count the way a memory map label wants it.
func humanSize(n uint64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
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

package sim

// Config chooses how a machine is built.
type Config struct {
	// Seed feeds every random choice the machine makes.
	Seed int64
	// Profile names the layout profile; empty means linux-x86_64.
	Profile string
}

// Machine is the whole simulated computer.
type Machine struct {
	cfg     Config
	profile Profile
	procs   []*Process
}

// Process is one process: a pid and an address space.
type Process struct {
	Pid     int
	PPid    int
	Name    string
	Regions []Region
}

// New builds a machine with init (pid 1) and one program running as pid 2.
func New(cfg Config) (*Machine, error) {
	if cfg.Profile == "" {
		cfg.Profile = LinuxX8664.Name
	}
	p, err := ProfileByName(cfg.Profile)
	if err != nil {
		return nil, err
	}
	m := &Machine{cfg: cfg, profile: p}
	m.procs = append(m.procs,
		&Process{Pid: 1, PPid: 0, Name: "init", Regions: p.initialRegions(1)},
		&Process{Pid: 2, PPid: 1, Name: "main", Regions: p.initialRegions(2)},
	)
	return m, nil
}

// Processes returns the process table in pid order.
func (m *Machine) Processes() []*Process { return m.procs }

// Process returns the process with the given pid, or nil.
func (m *Machine) Process(pid int) *Process {
	for _, p := range m.procs {
		if p.Pid == pid {
			return p
		}
	}
	return nil
}

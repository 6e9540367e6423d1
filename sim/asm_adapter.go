package sim

// assemble turns assembler source into a decoded program. Until package
// sim/asm lands it uses the package's own small dialect (see build).
func assemble(src string) (*Program, error) {
	p, err := buildProgram("main", src)
	if err != nil {
		return nil, err
	}
	return p, nil
}

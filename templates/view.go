// Package templates holds every piece of markup procscope makes: the page,
// its panels and the drawings of address spaces. Components take the plain
// view structs of this file and make no decisions of the model.
package templates

// Page is what the lab page needs to render.
type Page struct {
	Lang   string
	T      Catalog
	Assets Assets
	// WSPath is the path of the WebSocket the script connects to.
	WSPath string
	Procs  []Process
}

// Assets are the content-hashed URLs of the static files.
type Assets struct {
	CSS string
	JS  string
}

// Process is one process as the page shows it.
type Process struct {
	Pid     int
	PPid    int
	Name    string
	Regions []Region
}

// Region is one row of a memory map, already formatted.
type Region struct {
	Kind  string
	Label string
	Start string
	End   string
	Size  string
	Perm  string
}

// Package web holds the static files of the lab page (CSS and the small
// client script), embedded into the binary so it needs nothing on disk.
package web

import "embed"

// Static is the tree of files served under /static/.
//
//go:embed static
var Static embed.FS

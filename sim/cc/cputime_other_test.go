//go:build !unix

package cc

import "time"

// cpuTime is not measured off unix: the benchmark reports wall time only.
func cpuTime() time.Duration { return 0 }

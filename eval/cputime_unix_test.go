//go:build unix

package eval

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time (user + system) the process has used. On a
// shared machine, benchmarks report work per CPU-second as well as per
// wall-clock second, since the wall clock also counts other processes.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

package router

import "runtime/metrics"

// memoryMetrics are the runtime/metrics samples readMemory reads, in the
// order it reads them. Unlike runtime.ReadMemStats, reading them does not
// stop the world.
var memoryMetrics = [...]string{
	"/memory/classes/total:bytes",
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/heap/unused:bytes",
	"/memory/classes/heap/free:bytes",
	"/memory/classes/heap/released:bytes",
	"/memory/classes/heap/stacks:bytes",
	"/memory/classes/os-stacks:bytes",
}

// readMemory maps the Go runtime's memory onto the fields the reference
// takes from Node's process.memoryUsage(), with the figures /health
// reported when it read runtime.MemStats (which cmd/livebench reads back):
//
//   - rss: all the memory the runtime has mapped
//     (/memory/classes/total, MemStats.Sys); the resident size is at most
//     that, and reading it would need the operating system;
//   - heapTotal: the heap's address space, in use or not
//     (heap/objects + heap/unused + heap/free + heap/released,
//     MemStats.HeapSys), like V8's heap total;
//   - heapUsed: the heap objects, live or not yet swept
//     (heap/objects, MemStats.HeapAlloc);
//   - external: the goroutine and thread stacks, the memory the program
//     uses outside its heap objects (heap/stacks + os-stacks,
//     MemStats.StackSys);
//   - arrayBuffers: 0, as Go has no memory apart for byte buffers, which
//     are heap objects.
func readMemory() memoryUsage {
	samples := make([]metrics.Sample, len(memoryMetrics))
	for i, name := range memoryMetrics {
		samples[i].Name = name
	}
	metrics.Read(samples)
	v := make([]uint64, len(samples))
	for i, s := range samples {
		// A metric this Go release does not know reads as KindBad.
		if s.Value.Kind() == metrics.KindUint64 {
			v[i] = s.Value.Uint64()
		}
	}
	return memoryUsage{
		RSS:       v[0],
		HeapTotal: v[1] + v[2] + v[3] + v[4],
		HeapUsed:  v[1],
		External:  v[5] + v[6],
	}
}

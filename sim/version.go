package sim

// ModelVersion names the rules of the machine. A saved lab records the
// version it was made with; when a change to the model would make the same
// seed and commands replay to a different state (a new layout, another
// allocator rule, a new cost), bump it, so a page opening an old link can
// say that the lab may differ from what its author saw.
//
// 1: the model of the first session.
// 2: the trust fixes of issue 9 (layout, malloc, exit statuses, clocks).
const ModelVersion = 2

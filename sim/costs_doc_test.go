package sim

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

// The numbers docs/costs.md takes from the code are generated from it:
// the cost table and the calibration table sit between "generated"
// markers that `go test ./sim -run CostsDoc -update` rewrites, and the
// numbers quoted in its prose are checked here.
const costsDoc = "../docs/costs.md"

// calibrationBounds are the ranges TestCalibration accepts and the doc's
// "test bound" column prints.
var calibrationBounds = struct{ create, switching, message [2]float64 }{
	create: [2]float64{3.5, 14}, switching: [2]float64{1.0001, 2.5}, message: [2]float64{10, 160},
}

// docCalibration is the run the doc reports: 4 workers, 40,000 iterations.
func docCalibration(t *testing.T) Comparison {
	t.Helper()
	c, err := CompareThreadsProcesses(4, 40_000, Config{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCostsDocMatchesTheCode(t *testing.T) {
	raw, err := os.ReadFile(costsDoc)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	c := docCalibration(t)
	blocks := map[string]string{"cost table": costTableMD(DefaultCosts), "calibration": calibrationMD(c, DefaultCosts)}
	for name, want := range blocks {
		got, ok := generatedBlock(doc, name)
		if !ok {
			t.Fatalf("%s: no %q generated block", costsDoc, name)
		}
		if got == want {
			continue
		}
		if *update {
			doc = strings.Replace(doc, got, want, 1)
			continue
		}
		t.Errorf("%s: the %s differs from the code (go test ./sim -run CostsDoc -update):\n got:\n%s\nwant:\n%s", costsDoc, name, got, want)
	}
	if *update {
		if err := os.WriteFile(costsDoc, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	flat := strings.Join(strings.Fields(doc), " ") // prose wraps anywhere
	for _, phrase := range costPhrases(c, DefaultCosts) {
		if !strings.Contains(flat, phrase) {
			t.Errorf("%s does not say %q, which is what the code gives", costsDoc, phrase)
		}
	}
}

// generatedBlock is the text between the markers of block name.
func generatedBlock(doc, name string) (string, bool) {
	begin := "<!-- generated: " + name + " (go test ./sim -run CostsDoc -update) -->\n"
	_, rest, ok := strings.Cut(doc, begin)
	if !ok {
		return "", false
	}
	body, _, ok := strings.Cut(rest, "<!-- end generated -->")
	return body, ok
}

func costTableMD(c Costs) string {
	var b strings.Builder
	b.WriteString("| operation | ns | source |\n|---|---|---|\n")
	for _, e := range c.Table() {
		fmt.Fprintf(&b, "| %s | %d | %s |\n", e.Name, e.NS, e.Source)
	}
	return b.String()
}

func calibrationMD(c Comparison, k Costs) string {
	create, sw, msg, total := c.Ratios()
	bd := calibrationBounds
	var b strings.Builder
	b.WriteString("| ratio (processes ÷ threads) | measured in the sim | facts | test bound |\n|---|---|---|---|\n")
	fmt.Fprintf(&b, "| creation per worker: fork ÷ pthread_create | %.2f (%s ÷ %s ns) | 7–20 (65–72 µs ÷ 8.7–10.7 µs) | %g–%g |\n",
		create, commas(c.Processes.CreateEach), commas(c.Threads.CreateEach), bd.create[0], bd.create[1])
	fmt.Fprintf(&b, "| context switch | %.2f (%s ÷ %s; %.2f when the next accesses touch memory) | 1.24 (3.56 ÷ 2.87 µs) | > 1 and ≤ %g |\n",
		sw, commas(c.Processes.SwitchEach), commas(c.Threads.SwitchEach), float64(switchWithRefills(k))/float64(k.SwitchThread), bd.switching[1])
	fmt.Fprintf(&b, "| one 64-byte message: pipe ÷ shared memory | %.1f (%s ÷ %s ns) | 20–80 (481–541 ÷ 6.5–23 ns) | %g–%g |\n",
		msg, commas(c.Processes.MessageEach), commas(c.Threads.MessageEach), bd.message[0], bd.message[1])
	fmt.Fprintf(&b, "| total | %.2f | — | > 1 |\n", total)
	fmt.Fprintf(&b, "| memory | %d frames / %d PTEs vs %d / %d at the peak | — | processes more |\n",
		c.Processes.Frames, c.Processes.PTEs, c.Threads.Frames, c.Threads.PTEs)
	return b.String()
}

// costPhrases are the numbers the doc's prose quotes, as the code gives
// them.
func costPhrases(c Comparison, k Costs) []string {
	create, _, msg, _ := c.Ratios()
	sw := float64(k.SwitchProcess) / float64(k.SwitchThread)
	swMem := float64(switchWithRefills(k)) / float64(k.SwitchThread)
	mutex := k.MutexLock + k.MutexUnlock
	oneWord := k.PipeCall + k.PipePerWord
	return []string{
		fmt.Sprintf("`PipeCall + PipePerWord × words` (%d ns for one word)", oneWord),
		fmt.Sprintf("`SwitchProcess` (%s ns)", commas(k.SwitchProcess)),
		fmt.Sprintf("`TLBRefill` (%d ns)", k.TLBRefill),
		fmt.Sprintf("`TLBRefillAccesses` (%d)", k.TLBRefillAccesses),
		fmt.Sprintf("%s ns when the next quantum touches memory", commas(switchWithRefills(k))),
		fmt.Sprintf("%s ns when it does not. A thread switch is %s ns.", commas(k.SwitchProcess), commas(k.SwitchThread)),
		fmt.Sprintf("a mutex costs %d ns per update and an atomic add %d ns: %.1f×", mutex, k.AtomicAdd, float64(mutex)/float64(k.AtomicAdd)),
		fmt.Sprintf("fork는 pthread_create보다 약 %d배", int(math.Round(create))),
		fmt.Sprintf("파이프 메시지는 공유 메모리보다 약 %d배", int(math.Round(msg))),
		fmt.Sprintf("약 %d–%d%%만 더 비쌉니다", int(math.Round(100*(sw-1))), int(math.Round(100*(swMem-1)))),
		fmt.Sprintf("(한 단어면 %d ns)", oneWord),
	}
}

// switchWithRefills is a process switch whose next quantum touches
// memory: the direct cost plus every TLB refill after it.
func switchWithRefills(k Costs) uint64 {
	return k.SwitchProcess + k.TLBRefill*k.TLBRefillAccesses
}

// commas writes n with thousands separators: 65,080.
func commas(n uint64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// docs/sim.md's limits are the code's defaults.
func TestSimDocLimitsMatchTheCode(t *testing.T) {
	raw, err := os.ReadFile("../docs/sim.md")
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(raw)), " ")
	l := DefaultLimits
	want := fmt.Sprintf("MaxProcs %d (alive + zombie), MaxThreadsPerProc %d, MaxFrames %d, MaxProgramLines %d, MaxStepsPerCommand %s, MaxFDs %d per process; %d shared-memory segments, %d held mutexes.",
		l.MaxProcs, l.MaxThreadsPerProc, l.MaxFrames, l.MaxProgramLines, commas(uint64(l.MaxStepsPerCommand)), l.MaxFDs, maxSegments, maxMutexes)
	if !strings.Contains(flat, want) {
		t.Errorf("docs/sim.md does not say %q, which is what the code has", want)
	}
}

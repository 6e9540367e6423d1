package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// forkThreadC is the program the program-view tests load: a thread, a
// fork, and every kind of variable.
const forkThreadC = `#include <stdio.h>
#include <pthread.h>
#include <unistd.h>
#include <sys/wait.h>

int counter = 1;
static int calls;

void *worker(void *arg) {
    counter++;
    return arg;
}

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pid_t pid = fork();
    counter += 10;
    calls++;
    printf("pid %d counter %d\n", pid == 0, counter);
    pthread_join(t, NULL);
    if (pid > 0)
        wait(NULL);
    return 0;
}
`

// loadC puts src in the editor and loads it.
func loadC(t *testing.T, ctx context.Context, src string) {
	t.Helper()
	click(t, ctx, "#editor > summary")
	eval[bool](t, ctx, fmt.Sprintf(`(() => { const e = document.getElementById("program-src"); e.value = %q; e.dispatchEvent(new Event("input")); return true })()`, src))
	click(t, ctx, "#program-load")
	waitFor(t, ctx, "the C listing", `document.querySelector('#program-view[data-language="c"]')`)
}

// stepLine steps n instructions from the command line and waits for them.
func stepLine(t *testing.T, ctx context.Context, n int) {
	t.Helper()
	before := tickOf(t, ctx)
	typeLine(t, ctx, fmt.Sprintf("step %d", n))
	waitFor(t, ctx, "the step", fmt.Sprintf(`document.querySelector('[data-testid=tick]').textContent !== %q`, before))
}

// prop is a computed style property of the first element a selector finds.
func prop(t *testing.T, ctx context.Context, sel, name string) string {
	t.Helper()
	return eval[string](t, ctx, fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e ? getComputedStyle(e).getPropertyValue(%q).trim() : "missing" })()`, sel, name))
}

// Issue 11 and 12: the C listing marks the threads of the parent and of
// the forked child (each with its pid), a chosen line shows its
// assembly in its own colour with each thread's next instruction, a
// chosen variable is marked in both maps and on its frame, choosing it in
// a map chooses its line, and the terminal shows who printed what.
func TestCProgramViewLinksLinesAssemblyAndVariables(t *testing.T) {
	for _, tt := range []struct {
		lang          string
		width, height int64
		asmOf         string
	}{
		{"en", 1280, 800, "Instructions for line"},
		{"ko", 960, 600, "행의 명령어"},
		{"ko", 390, 844, "행의 명령어"},
	} {
		t.Run(fmt.Sprintf("%s-%dx%d", tt.lang, tt.width, tt.height), func(t *testing.T) {
			ctx := labTab(t, tt.width, tt.height)
			open(t, ctx, baseURL+"/?lang="+tt.lang)
			loadC(t, ctx, forkThreadC)
			eval[bool](t, ctx, `(document.getElementById("editor").open = false, true)`)
			// run until the child's main thread stands in the listing
			for i := 0; i < 40 && !eval[bool](t, ctx, `!!document.querySelector('#program-view .tmark[data-pid="4"]')`); i++ {
				stepLine(t, ctx, 5)
			}
			pids := eval[[]string](t, ctx, `[...new Set([...document.querySelectorAll('#program-view .tmark')].map(m => m.dataset.pid))].sort()`)
			if strings.Join(pids, " ") != "2 4" {
				t.Fatalf("the listing marks processes %v, want 2 and 4", pids)
			}
			if l := eval[string](t, ctx, `document.querySelector('#program-view .tmark[data-pid="4"]').textContent.replace(/\s+/g, " ").trim()`); l != "T4 P4" {
				t.Errorf("the child's mark reads %q, want T4 P4", l)
			}

			// a line: the child's line shows its instructions, in its hue, with the child's pc
			line := eval[string](t, ctx, `document.querySelector('#program-view .tmark[data-pid="4"]').closest("li").dataset.line`)
			click(t, ctx, fmt.Sprintf(`#program-view li[data-line="%s"] .ln`, line))
			asm := fmt.Sprintf(`#program-code .asm[data-asm-line="%s"]`, line)
			waitFor(t, ctx, "the line's assembly", fmt.Sprintf(`getComputedStyle(document.querySelector(%q)).display === "block"`, asm))
			if h, l := prop(t, ctx, asm, "--hue"), prop(t, ctx, fmt.Sprintf(`#program-view li[data-line="%s"]`, line), "--hue"); h == "" || h != l {
				t.Errorf("assembly hue %q, line hue %q: want the same colour", h, l)
			}
			if got := eval[string](t, ctx, fmt.Sprintf(`document.querySelector(%q).textContent`, asm)); !strings.Contains(got, tt.asmOf) {
				t.Errorf("the assembly says %q, want %q", got, tt.asmOf)
			}
			instr := eval[string](t, ctx, `document.querySelector('#program-view .tmark[data-pid="4"]').dataset.instr`)
			if c := eval[string](t, ctx, fmt.Sprintf(`getComputedStyle(document.querySelector('%s li[data-instr="%s"]'), "::after").content`, asm, instr)); !strings.Contains(c, "T4·P4") {
				t.Errorf("the child's next instruction is marked %s, want T4·P4", c)
			}
			if n := eval[int](t, ctx, `[...document.querySelectorAll("#program-code .asm")].filter(a => getComputedStyle(a).display !== "none").length`); n != 1 {
				t.Errorf("%d assembly blocks shown, want the chosen line's only", n)
			}
			viewportShot(t, ctx, "c-program-asm-"+tt.lang+fmt.Sprintf("-%dx%d", tt.width, tt.height), false)

			// a variable in the source: both maps, its page and frame, what it is
			click(t, ctx, `#program-view .sym[data-sym="counter"]`)
			waitFor(t, ctx, "counter marked in both maps", `[...document.querySelectorAll('#address-spaces tr[data-global="counter"]')].filter(r => getComputedStyle(r).getPropertyValue("--pick").trim() === "1").length === 2`)
			if w := prop(t, ctx, `#address-spaces td[data-pid="4"] tr[data-global="counter"]`, "outline-width"); w != "2px" {
				t.Errorf("the child's counter outline %q, want 2px", w)
			}
			frames := eval[[]string](t, ctx, `[...document.querySelectorAll(".frame")].filter(f => getComputedStyle(f).getPropertyValue("--pick").trim() === "1").map(f => f.id)`)
			if len(frames) == 0 {
				t.Error("no frame of counter's page is marked")
			}
			info := eval[string](t, ctx, `[...document.querySelectorAll("#program-code .sym-info")].filter(i => getComputedStyle(i).display !== "none").map(i => i.textContent).join("|")`)
			if !strings.Contains(info, "counter") || !strings.Contains(info, ".data") || !strings.Contains(info, "0x") {
				t.Errorf("what counter is: %q", info)
			}
			eval[bool](t, ctx, `(document.querySelector('#address-spaces tr[data-global="counter"]').scrollIntoView({block: "center"}), true)`)
			viewportShot(t, ctx, "c-program-var-"+tt.lang+fmt.Sprintf("-%dx%d", tt.width, tt.height), false)
			// choices survive the frames that replace the listing and the maps
			stepLine(t, ctx, 1)
			waitFor(t, ctx, "counter still marked after a step", `getComputedStyle(document.querySelector('#address-spaces tr[data-global="counter"]')).getPropertyValue("--pick").trim() === "1"`)

			// a local: its word in the stack frame of the parent's and the child's main
			click(t, ctx, `#program-view li[data-line="15"] .sym`)
			waitFor(t, ctx, "t marked in both stacks", `(() => { const s = document.querySelector('#program-view li[data-line="15"] .sym').dataset.sym;
				return new Set([...document.querySelectorAll("#address-spaces [data-sym]")].filter(e => e.dataset.sym === s && getComputedStyle(e).getPropertyValue("--pick").trim() === "1").map(e => e.closest("td[data-pid]").dataset.pid)).size === 2 })()`)

			// a global in a map: its line in the source
			click(t, ctx, `#address-spaces td[data-pid="2"] tr[data-global="calls"] th`)
			waitFor(t, ctx, "calls' line chosen", `getComputedStyle(document.querySelector('#program-view li[data-line="7"]')).getPropertyValue("--pick").trim() === "1"`)
			if n := eval[int](t, ctx, `[...document.querySelectorAll('#program-view .sym[data-sym="calls"]')].filter(s => getComputedStyle(s).getPropertyValue("--pick").trim() === "1").length`); n < 2 {
				t.Errorf("%d uses of calls marked in the source, want its declaration and its use", n)
			}

			// the keyboard: ↓ chooses the next line, → its first variable, Escape clears
			eval[bool](t, ctx, `(document.querySelector("#program-view .src").focus(), true)`)
			for _, k := range []string{"ArrowDown", "ArrowDown", "ArrowDown"} {
				eval[bool](t, ctx, fmt.Sprintf(`document.querySelector("#program-view .src").dispatchEvent(new KeyboardEvent("keydown", {key: %q, bubbles: true}))`, k))
			}
			if p := prop(t, ctx, `#program-view li[data-line="10"]`, "--pick"); p != "1" {
				t.Errorf("after ↓ ↓ ↓ from line 7, line 10's --pick is %q", p)
			}
			eval[bool](t, ctx, `document.querySelector("#program-view .src").dispatchEvent(new KeyboardEvent("keydown", {key: "ArrowRight", bubbles: true}))`)
			if p := prop(t, ctx, `#program-view li[data-line="10"] .sym`, "--pick"); p != "1" {
				t.Errorf("→ did not choose line 10's variable: %q", p)
			}
			eval[bool](t, ctx, `document.querySelector("#program-view .src").dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true}))`)
			if p := prop(t, ctx, `#program-view li[data-line="10"]`, "--pick"); p != "0" {
				t.Errorf("Escape left line 10 chosen: %q", p)
			}

			// the terminal: each line marked by the process that printed it
			typeLine(t, ctx, "until halt")
			waitFor(t, ctx, "two printed lines", `document.querySelectorAll("#terminal .term-line").length === 2`)
			who := eval[string](t, ctx, `[...document.querySelectorAll("#terminal .term-line")].map(l => l.dataset.pids).sort().join(",")`)
			if who != "2,4" {
				t.Errorf("the terminal's lines were written by %q, want 2 and 4", who)
			}
			if !eval[bool](t, ctx, `[...document.querySelectorAll("#terminal .term-line")].some(l => /pid 1 counter 1[12]/.test(l.textContent))`) {
				t.Errorf("the child's line is missing: %q", eval[string](t, ctx, `document.getElementById("terminal").textContent`))
			}
			// the closed text view is brought up to date just after the paint
			waitFor(t, ctx, "the text view's terminal, two rows", `document.querySelectorAll("#text-view [data-testid=terminal-table] tbody tr").length === 2`)
			axeOn(t, ctx, "#terminal")
			axeOn(t, ctx, ".program")
			eval[bool](t, ctx, `(document.getElementById("terminal").scrollIntoView(), true)`)
			viewportShot(t, ctx, "c-terminal-"+tt.lang+fmt.Sprintf("-%dx%d", tt.width, tt.height), false)
			noCSPViolations(t, ctx)
		})
	}
}

// Issue 11: the editor downloads the program as main.c and opens a file
// from disk, refusing one over the size limit with a clear error.
func TestEditorDownloadsAndOpensCFiles(t *testing.T) {
	for _, lang := range []string{"en", "ko"} {
		t.Run(lang, func(t *testing.T) {
			ctx := labTab(t, 1280, 800)
			open(t, ctx, baseURL+"/?lang="+lang)
			loadC(t, ctx, forkThreadC)
			// catch the download: the anchor's name and the blob's text
			eval[bool](t, ctx, `(() => { window.__dl = null; let blob = null;
				const make = URL.createObjectURL; URL.createObjectURL = function (b) { blob = b; return make(b); };
				HTMLAnchorElement.prototype.click = function () { const a = this; blob.text().then(s => { window.__dl = {name: a.download, text: s}; }); }; return true })()`)
			click(t, ctx, "#program-download")
			waitFor(t, ctx, "the download", `window.__dl`)
			if name := eval[string](t, ctx, `window.__dl.name`); name != "main.c" {
				t.Errorf("downloaded as %q, want main.c", name)
			}
			if text := eval[string](t, ctx, `window.__dl.text`); text != strings.TrimSuffix(forkThreadC, "\n") && text != forkThreadC {
				t.Errorf("downloaded %q, want the program", text)
			}

			dir := t.TempDir()
			small := filepath.Join(dir, "hello.c")
			big := filepath.Join(dir, "big.c")
			hello := "#include <stdio.h>\nint main(void) {\n    puts(\"hi\");\n    return 0;\n}\n"
			if err := os.WriteFile(small, []byte(hello), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(big, []byte(strings.Repeat("// padding\n", 2000)), 0o644); err != nil {
				t.Fatal(err)
			}
			upload := func(path string) {
				if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#program-file"), []string{path})); err != nil {
					t.Fatal(err)
				}
			}
			upload(big)
			// the message, not only its box: once in CI the box was read shown and empty
			waitFor(t, ctx, "the size error", `!document.getElementById("program-file-error").hidden && document.getElementById("program-file-error").textContent.trim() !== ""`)
			msg := eval[string](t, ctx, `document.getElementById("program-file-error").textContent`)
			want := map[string]string{"en": "at most 16 KB", "ko": "최대 16KB"}[lang]
			if !strings.Contains(msg, want) {
				t.Errorf("size error %q, want it to say %q", msg, want)
			}
			eval[bool](t, ctx, `(document.getElementById("editor-files").scrollIntoView({block: "center"}), true)`)
			viewportShot(t, ctx, "c-editor-files-"+lang, false)
			upload(small)
			waitFor(t, ctx, "the file in the editor", fmt.Sprintf(`document.getElementById("program-src").value === %q`, hello))
			if !eval[bool](t, ctx, `document.getElementById("program-file-error").hidden`) {
				t.Error("the size error stayed after a good file")
			}
			click(t, ctx, "#program-load")
			waitFor(t, ctx, "the opened program loaded", `document.querySelector('#program-view li[data-line="3"]').textContent.includes("puts")`)
			noCSPViolations(t, ctx)
		})
	}
}

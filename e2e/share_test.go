package e2e

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"procscope/server"
)

// shared opens the Share dialog and returns the iframe's src and the plain
// link from its embed code, as a browser would resolve them.
func shared(t *testing.T, ctx context.Context) (src, link string) {
	t.Helper()
	click(t, ctx, "#btn-share")
	waitFor(t, ctx, "the share dialog", `document.getElementById("share-dialog").open && document.getElementById("share-embed").value !== ""`)
	got := eval[[]string](t, ctx, `(() => {
		const d = new DOMParser().parseFromString(document.getElementById("share-embed").value, "text/html");
		return [d.querySelector("iframe").getAttribute("src"), d.querySelector("a").getAttribute("href"), document.getElementById("share-link").value];
	})()`)
	if got[1] != got[2] {
		t.Errorf("the embed code's link %q is not the plain link %q", got[1], got[2])
	}
	click(t, ctx, "#share-close")
	return got[0], got[2]
}

// lessonShown is the lesson whose text the page shows ("" for the free lab).
func lessonShown(t *testing.T, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, `document.getElementById("lesson").dataset.currentLesson`)
}

func pathOf(t *testing.T, raw string) (path string, q url.Values) {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("parse %q: %v", raw, err)
	}
	return u.Path, u.Query()
}

func TestShareEmbedsTheCurrentLesson(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lesson=fork-cow&lang=en")
	src, link := shared(t, ctx)
	if p, q := pathOf(t, src); p != "/embed/v1/fork-cow" || q.Get("lesson") != "" || q.Get("lang") != "en" {
		t.Errorf("embed src %q: want path /embed/v1/fork-cow, lang=en and no lesson parameter", src)
	}
	if p, q := pathOf(t, link); p != "/" || q.Get("lesson") != "fork-cow" {
		t.Errorf("plain link %q: want / with lesson=fork-cow", link)
	}

	// a lesson picked on the page is the one shared, not the one in the address
	click(t, ctx, "#lesson-threads-share")
	waitFor(t, ctx, "the threads-share lesson", `document.getElementById("lesson").dataset.currentLesson === "threads-share"`)
	src, link = shared(t, ctx)
	if p, _ := pathOf(t, src); p != "/embed/v1/threads-share" {
		t.Errorf("after picking threads-share the embed src is %q", src)
	}
	if _, q := pathOf(t, link); q.Get("lesson") != "threads-share" {
		t.Errorf("after picking threads-share the plain link is %q", link)
	}

	// the free lab embeds as a name the server opens as the default lab
	click(t, ctx, "#lesson-default")
	waitFor(t, ctx, "the free lab", `document.getElementById("lesson").dataset.currentLesson === ""`)
	src, link = shared(t, ctx)
	if p, _ := pathOf(t, src); p != "/embed/v1/lab" {
		t.Errorf("the free lab's embed src is %q, want /embed/v1/lab", src)
	}
	if _, q := pathOf(t, link); q.Has("lesson") {
		t.Errorf("the free lab's plain link %q still names a lesson", link)
	}
	open(t, ctx, src)
	if got := lessonShown(t, ctx); got != "" {
		t.Errorf("the free lab's embed opens lesson %q", got)
	}
	noCSPViolations(t, ctx)
}

func TestSharedEmbedOpensTheLesson(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lesson=fork-cow&lang=ko")
	src, _ := shared(t, ctx)
	if !strings.Contains(src, "/embed/v1/fork-cow") {
		t.Fatalf("embed src %q lacks /embed/v1/fork-cow", src)
	}
	open(t, ctx, src)
	if got := lessonShown(t, ctx); got != "fork-cow" {
		t.Errorf("the embed src opens lesson %q, want fork-cow", got)
	}
	if got := eval[string](t, ctx, `document.body.dataset.embed || ""`); got != "1" {
		t.Errorf("the embed src is not the embed page (data-embed %q)", got)
	}
	if got := eval[string](t, ctx, `document.documentElement.lang`); got != "ko" {
		t.Errorf("the embed page is in %q, want the shared page's ko", got)
	}
}

// Behind a reverse proxy at /procscope, both links stay under it.
func TestShareKeepsTheBasePath(t *testing.T) {
	root, _, stop, err := startServerWith(server.Config{BasePath: "/procscope"})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	ctx := labTab(t, 1280, 800)
	open(t, ctx, root+"/procscope/?lesson=fork-cow&lang=en")
	src, link := shared(t, ctx)
	if p, _ := pathOf(t, src); p != "/procscope/embed/v1/fork-cow" {
		t.Errorf("embed src %q, want path /procscope/embed/v1/fork-cow", src)
	}
	if p, q := pathOf(t, link); p != "/procscope/" || q.Get("lesson") != "fork-cow" {
		t.Errorf("plain link %q, want /procscope/ with lesson=fork-cow", link)
	}
	open(t, ctx, src)
	if got := lessonShown(t, ctx); got != "fork-cow" {
		t.Errorf("the embed src under /procscope opens lesson %q, want fork-cow", got)
	}
}

// fork 2 → 3, fork 3 → 4, 3 exits: init adopts 4, and the page says so.
func TestOrphanShowsTheAdoptedBadgeUnderInit(t *testing.T) {
	ctx := labTab(t, 1280, 800)
	open(t, ctx, baseURL+"/?lang=en")
	act(t, ctx, 2, "fork")
	waitFor(t, ctx, "child 3", `!!document.getElementById("thread-3")`)
	act(t, ctx, 3, "fork")
	waitFor(t, ctx, "grandchild 4", `!!document.getElementById("thread-4")`)
	if eval[bool](t, ctx, `!!document.querySelector('th[data-pid="4"] .badge.adopted')`) {
		t.Fatal("grandchild 4 shows the adopted badge while its parent lives")
	}
	act(t, ctx, 3, "exit")
	waitFor(t, ctx, "the adopted badge on 4", `!!document.querySelector('th[data-pid="4"] .badge.adopted')`)
	if got := eval[string](t, ctx, `document.querySelector('th[data-pid="4"] .badge.adopted').textContent`); got != "adopted" {
		t.Errorf("the badge reads %q, want adopted", got)
	}
	if !eval[bool](t, ctx, `!!document.querySelector('#proc-tree li[data-pid="1"] > ul > li[data-pid="4"]')`) {
		t.Error("the process tree does not draw 4 under init")
	}
	if eval[bool](t, ctx, `!!document.querySelector('th[data-pid="3"] .badge.adopted')`) {
		t.Error("the exited 3 is marked adopted")
	}
}

package templates_test

import (
	"strings"
	"testing"

	. "procscope/templates"
	"procscope/templates/sample"
)

func TestClassroomPanelHasEveryPartHiddenUntilTheRoleIsKnown(t *testing.T) {
	for _, lang := range Langs {
		t.Run(lang, func(t *testing.T) {
			doc := render(t, LabPage(page(lang, opts, sample.Forked())))
			one(t, doc, sel("body", "data-role=solo"), "a solo page")
			one(t, doc, sel("button", "id=btn-teach", "data-action=room-open"), "the teach-live button")
			one(t, doc, sel("input", "id=join-code"), "the join-code field")
			for _, id := range []string{"class-teacher", "class-follower", "class-note"} {
				one(t, doc, sel("", "id="+id, "hidden"), id+" hidden on a solo page")
			}
			for _, a := range []string{"takeback", "close-room"} {
				one(t, doc, sel("button", "data-action="+a), "the "+a+" button")
			}
			one(t, doc, sel("button", "id=btn-leave", "data-action=leave"), "the follower's leave button")
			one(t, doc, sel("template", "id=roster-item"), "the roster row the script clones")
		})
	}
	t.Run("a page opened from a join link starts as a follower", func(t *testing.T) {
		p := page("ko", opts, sample.Forked())
		p.Room = "K7P2QX"
		doc := render(t, LabPage(p))
		one(t, doc, sel("body", "data-role=follower", "data-room=K7P2QX"), "a follower page")
	})
	t.Run("an embed offers no classroom controls", func(t *testing.T) {
		o := opts
		o.Embed = true
		doc := render(t, LabPage(page("en", o, sample.Forked())))
		if n := len(all(doc, sel("", "id=btn-teach"))); n != 0 {
			t.Errorf("an embed offers teach-live %d times", n)
		}
	})
}

func TestKillOffersSixSignalsByNumber(t *testing.T) {
	doc := render(t, LabPage(page("ko", opts, sample.Forked())))
	one(t, doc, sel("button", "id=act-kill", "data-op=kill", "data-n-from=act-sig"), "kill reads its signal from the picker")
	picker := one(t, doc, sel("select", "id=act-sig"), "the signal picker")
	var got []string
	for _, o := range all(picker, sel("option", "value")) {
		v, _ := attr(o, "value")
		got = append(got, v)
	}
	if want := "9 15 11 2 6 13"; strings.Join(got, " ") != want {
		t.Errorf("signals %v, want %s (KILL TERM SEGV INT ABRT PIPE)", got, want)
	}
}

func TestProgramEditorIsOnPagesThatMayEdit(t *testing.T) {
	for _, c := range []struct {
		name     string
		mode     string
		controls string
		follows  bool
		want     int
	}{
		{"a solo lab with every control", "explore", "full", false, 1},
		{"a page following a class (it may be handed control)", "readonly", "full", true, 1},
		{"a read-only page", "readonly", "full", false, 0},
		{"a class page with the global controls only", "readonly", "minimal", true, 0},
		{"a page without controls", "explore", "none", false, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := opts
			o.Mode, o.Controls, o.Follows = c.mode, c.controls, c.follows
			doc := render(t, LabPage(page("en", o, sample.Forked())))
			if n := len(all(doc, sel("details", "id=editor"))); n != c.want {
				t.Errorf("editors on the page = %d, want %d", n, c.want)
			}
		})
	}
}

package templates_test

import (
	"reflect"
	"testing"

	. "procscope/templates"
	"procscope/templates/sample"
)

func TestASelfPacedClassHasItsPartsOnThePage(t *testing.T) {
	lab := sample.Forked()
	lab.Lessons = []LessonItem{{Name: "fork-cow", Title: "fork"}, {Name: "deadlock", Title: "deadlock", Current: true}}
	for _, lang := range Langs {
		t.Run(lang, func(t *testing.T) {
			doc := render(t, LabPage(page(lang, opts, lab)))
			one(t, doc, sel("form", "id=paced-form"), "the form that opens a self-paced class")
			pick := one(t, doc, sel("select", "id=paced-lesson"), "its lesson picker")
			if n := len(all(pick, sel("option", "value"))); n != 2 {
				t.Errorf("the picker offers %d lessons, want 2", n)
			}
			one(t, pick, sel("option", "value=deadlock", "selected"), "the page's lesson chosen first")
			one(t, doc, sel("", "id=paced-roster", "hidden"), "the roster, hidden until a room says self-paced")
			one(t, doc, sel("template", "id=paced-row"), "the roster row the script clones")
			for _, k := range []string{"data-student", "data-step", "data-right", "data-here", "data-gone", "data-off", "data-finished", "data-code", "data-empty"} {
				one(t, doc, sel("tbody", "id=paced-rows", k), "the roster's "+k)
			}
			banner := one(t, doc, sel("", "id=class-student", "hidden"), "the student's banner, hidden on a solo page")
			one(t, banner, sel("input", "id=nick", "maxlength=20"), "the nickname field")
			one(t, banner, sel("button", "data-action=leave"), "the student's leave button")
		})
	}
	t.Run("an embedded student has the banner but no form to open a class", func(t *testing.T) {
		o := opts
		o.Embed, o.Controls = true, "minimal"
		doc := render(t, LabPage(page("ko", o, lab)))
		one(t, doc, sel("", "id=class-student"), "the student's banner")
		if n := len(all(doc, sel("", "id=paced-form"))); n != 0 {
			t.Errorf("an embed offers to open a class %d times", n)
		}
	})
}

func TestPacedTextIsCompleteInBothLanguages(t *testing.T) {
	e, k := reflect.ValueOf(For("en").Paced), reflect.ValueOf(For("ko").Paced)
	for i := range e.NumField() {
		name := e.Type().Field(i).Name
		es, ks := e.Field(i).String(), k.Field(i).String()
		if es == "" || ks == "" || es == ks {
			t.Errorf("%s: en %q, ko %q", name, es, ks)
		}
		if ev, kv := verb.FindAllString(es, -1), verb.FindAllString(ks, -1); !reflect.DeepEqual(ev, kv) {
			t.Errorf("%s: verbs en %v, ko %v", name, ev, kv)
		}
	}
}

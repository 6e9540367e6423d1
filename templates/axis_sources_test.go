package templates

import (
	"reflect"
	"testing"
)

// TestCellSourceCoversTheCell makes a cell for every field of AxisCell
// and of its region (and of their lists' items) set apart from an empty
// cell, and fails when two of them have one source: a field the source
// leaves out would keep a cell that changed. The fields inside the cell
// (markers, values, stack frames) are its contents', kept by their
// process's version; of the values only whether there are any is the
// cell's.
func TestCellSourceCoversTheCell(t *testing.T) {
	inside := map[string]bool{"Markers": true, "Frames": true, "OuterFrames": true}
	var row AxisRow
	seen := map[uint64]string{cellSource(&row, &AxisCell{}): "an empty cell"}
	for _, v := range oneApart(reflect.TypeFor[AxisCell](), "cell", inside) {
		c := v.val.Interface().(AxisCell)
		s := cellSource(&row, &c)
		if was, ok := seen[s]; ok {
			t.Errorf("%s and %s have one source", v.name, was)
		}
		seen[s] = v.name
	}
	if a, b := cellSource(&AxisRow{Lo: "1000"}, &AxisCell{}), cellSource(&row, &AxisCell{}); a == b {
		t.Error("a cell's source leaves out its band (an unmapped stretch's id)")
	}
}

type namedValue struct {
	name string
	val  reflect.Value
}

// oneApart are values of t, each with one field (or a list's item's
// field) set apart from t's zero value; a list of values (Globals) only
// as having one item.
func oneApart(t reflect.Type, name string, skip map[string]bool) []namedValue {
	var out []namedValue
	switch t.Kind() {
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			if skip[f.Name] {
				continue
			}
			for _, fv := range oneApart(f.Type, name+"."+f.Name, skip) {
				v := reflect.New(t).Elem()
				v.Field(i).Set(fv.val)
				out = append(out, namedValue{fv.name, v})
			}
		}
	case reflect.Slice:
		one := reflect.MakeSlice(t, 1, 1)
		out = append(out, namedValue{name + "[0]", one})
		if name == "cell.Row.Globals" {
			break
		}
		for _, ev := range oneApart(t.Elem(), name+"[0]", skip) {
			s := reflect.MakeSlice(t, 1, 1)
			s.Index(0).Set(ev.val)
			out = append(out, ev.withVal(s))
		}
	case reflect.Bool:
		out = append(out, namedValue{name, reflect.ValueOf(true).Convert(t)})
	case reflect.Int, reflect.Int64:
		out = append(out, namedValue{name, reflect.ValueOf(int64(3)).Convert(t)})
	case reflect.String:
		out = append(out, namedValue{name, reflect.ValueOf("x").Convert(t)})
	default:
		panic("oneApart: a field of kind " + t.Kind().String() + " at " + name)
	}
	return out
}

func (v namedValue) withVal(val reflect.Value) namedValue { return namedValue{v.name, val} }

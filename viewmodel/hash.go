package viewmodel

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"math"
	"reflect"
)

// seed is the process's seed for every hash of a model: hashes are
// compared within one server's memory only, never stored or sent.
var seed = maphash.MakeSeed()

// Hash is a 64-bit hash of a model: any value built of structs, slices,
// arrays, pointers, strings, numbers and booleans (a view struct, or a
// struct literal of the values a piece of markup reads). Two models with
// equal contents hash alike, whatever their addresses; lengths and nil
// pointers are part of the hash, so ["ab"] and ["a" "b"] differ. It
// walks the value by reflection rather than a hand-written function per
// view struct, so a field added to a view struct is followed without a
// change here (a forgotten field would be a stale page).
func Hash(model any) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	// the commonest models (a register's value, a line) skip reflection,
	// hashing as reflection would
	switch m := model.(type) {
	case string:
		writeUint(&h, uint64(len(m)))
		h.WriteString(m)
	case int:
		writeUint(&h, uint64(m))
	default:
		hashValue(&h, reflect.ValueOf(model))
	}
	return h.Sum64()
}

// ItemKeys are the keys of a list's items and the key of the whole
// list (of its items' keys in order): a PartKey. list must be a slice.
func ItemKeys(list any) PartKey {
	v := reflect.ValueOf(list)
	items := make([]uint64, v.Len())
	var h, all maphash.Hash
	all.SetSeed(seed)
	writeUint(&all, uint64(len(items)))
	for i := range items {
		h.SetSeed(seed)
		hashValue(&h, v.Index(i))
		items[i] = h.Sum64()
		writeUint(&all, items[i])
	}
	return PartKey{Key: all.Sum64(), Items: items}
}

func hashValue(h *maphash.Hash, v reflect.Value) {
	switch v.Kind() {
	case reflect.Invalid:
		h.WriteByte(0)
	case reflect.Bool:
		if v.Bool() {
			h.WriteByte(1)
		} else {
			h.WriteByte(2)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		writeUint(h, uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		writeUint(h, v.Uint())
	case reflect.Float32, reflect.Float64:
		writeUint(h, math.Float64bits(v.Float()))
	case reflect.String:
		writeUint(h, uint64(v.Len()))
		h.WriteString(v.String())
	case reflect.Slice, reflect.Array:
		n := v.Len()
		writeUint(h, uint64(n))
		for i := range n {
			hashValue(h, v.Index(i))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			hashValue(h, v.Field(i))
		}
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			h.WriteByte(0)
			return
		}
		h.WriteByte(1)
		hashValue(h, v.Elem())
	case reflect.Map:
		// entries in any order: the sum of their own hashes
		var sum uint64
		for it := v.MapRange(); it.Next(); {
			var e maphash.Hash
			e.SetSeed(seed)
			hashValue(&e, it.Key())
			hashValue(&e, it.Value())
			sum += e.Sum64()
		}
		writeUint(h, uint64(v.Len()))
		writeUint(h, sum)
	default:
		// a function or a channel says nothing about what is drawn: a
		// model holding one is a mistake of the code, found by its tests
		panic(fmt.Sprintf("viewmodel.Hash: a model cannot hold a %s", v.Kind()))
	}
}

func writeUint(h *maphash.Hash, n uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], n)
	h.Write(b[:])
}

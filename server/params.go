package server

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// PageParams are the validated URL parameters of a lab page (see
// shared/design/EMBEDDING.md). Every field has a safe default: an unknown
// or bad value falls back to it, never to an error page.
type PageParams struct {
	// Lang is "ko" or "en" (default "en").
	Lang string
	// Step is the tick to open at (default 0: the start).
	Step uint64
	// Autoplay starts playing at once (default false: nothing moves until
	// the reader presses play).
	Autoplay bool
	// Speed is the play speed in instructions per second, one of Speeds.
	Speed int
	// Controls is "full", "minimal" or "none".
	Controls string
	// Mode is "explore", "present" or "readonly".
	Mode string
	// Theme is "light", "dark" or "projector"; empty follows the system.
	Theme string
	// ReduceMotion is set by motion=reduce.
	ReduceMotion bool
	// Seed seeds the machine (default 1).
	Seed int64
	// Lesson names the lesson of an /embed/v1/{lesson} or ?lesson= page;
	// empty is the default lab.
	Lesson string
	// Room is a classroom join code: the page follows that room.
	Room string
	// Embed is set on /embed/v1/…: the same lab with minimal chrome.
	Embed bool

	// BasePath prefixes every link, asset and the socket path.
	BasePath string
	// BaseURL is the absolute root as the browser sees it (scheme, host,
	// base path), for links a teacher copies.
	BaseURL string
	// WSPath is the path of the WebSocket (base path included).
	WSPath string
	// AssetHash is the content hash in the static URLs; the page's script
	// sends it in its hello so an old page is told to reload.
	AssetHash string
	// Protocol is the WebSocket protocol version the page must speak.
	Protocol int
}

// Speeds is the fixed list of play speeds, in instructions per second.
var Speeds = []int{1, 2, 5, 10, 30, 100, 1000, 10000}

// DefaultSpeed is the play speed a page starts with.
const DefaultSpeed = 5

var (
	lessonName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)
	roomCode   = regexp.MustCompile(`^[` + codeAlphabet + `]{` + strconv.Itoa(codeLen) + `}$`)
)

// parsePageParams reads the parameters of q; lesson comes from the route.
// A step past maxTicks (the server's configured history limit) is ignored.
func parsePageParams(q url.Values, lesson string, maxTicks uint64) PageParams {
	p := PageParams{
		Lang:     pick(q.Get("lang"), "en", "ko"),
		Controls: pick(q.Get("controls"), "full", "minimal", "none"),
		Mode:     pick(q.Get("mode"), "explore", "present", "readonly"),
		Theme:    pick(q.Get("theme"), "", "light", "dark", "projector"),
		Speed:    DefaultSpeed,
		Seed:     1,
		Autoplay: q.Get("autoplay") == "1",
		Protocol: ProtocolVersion,
	}
	p.ReduceMotion = q.Get("motion") == "reduce"
	if n, err := strconv.ParseUint(q.Get("step"), 10, 64); err == nil && n <= maxTicks {
		p.Step = n
	}
	if n, err := strconv.Atoi(q.Get("speed")); err == nil && slices.Contains(Speeds, n) {
		p.Speed = n
	}
	if n, err := strconv.ParseInt(q.Get("seed"), 10, 64); err == nil {
		p.Seed = n
	}
	if lesson == "" {
		lesson = q.Get("lesson")
	}
	if lessonName.MatchString(lesson) {
		p.Lesson = lesson
	}
	if c := normalizeCode(q.Get("room")); roomCode.MatchString(c) {
		p.Room = c
		p.Mode = "readonly"
	}
	return p
}

// acceptLanguage is the page language a browser prefers, from its
// Accept-Language header ("ko-KR,ko;q=0.9,en-US;q=0.8"): the offered
// language (ko or en) with the highest weight, the earlier one on a tie,
// else en. A malformed entry is skipped, never an error.
func acceptLanguage(header string) string {
	best, bestQ := "en", 0.0
	for entry := range strings.SplitSeq(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(entry), ";")
		primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		if primary != "ko" && primary != "en" {
			continue
		}
		q := 1.0
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.TrimSpace(k) == "q" {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || f < 0 || f > 1 {
				continue
			}
			q = f
		}
		if q > bestQ {
			best, bestQ = primary, q
		}
	}
	return best
}

// pick returns v if it is one of the allowed values, else the first.
func pick(v string, allowed ...string) string {
	if slices.Contains(allowed, v) {
		return v
	}
	return allowed[0]
}

// pageParams validates a request's parameters and adds what the server
// knows: base path, absolute base URL, socket path, asset hash.
func (s *Server) pageParams(r *http.Request, lesson string, embed bool) PageParams {
	p := parsePageParams(r.URL.Query(), lesson, s.cfg.Limits.MaxTicks)
	if l := r.URL.Query().Get("lang"); l != "ko" && l != "en" {
		p.Lang = acceptLanguage(r.Header.Get("Accept-Language"))
	}
	p.Embed = embed
	if embed && p.Controls == "full" && r.URL.Query().Get("controls") == "" {
		p.Controls = "minimal"
	}
	p.BasePath = s.cfg.BasePath
	p.BaseURL = s.baseURL(r)
	p.WSPath = s.cfg.BasePath + "/ws"
	p.AssetHash = s.assets.hash
	return p
}

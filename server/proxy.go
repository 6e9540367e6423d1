package server

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// peer is what the server believes about who sent a request: the
// address and scheme the browser used, looked up through trusted proxies.
type peer struct {
	Addr   netip.Addr
	Scheme string // "http" or "https"
	Host   string
}

// clientOf reads X-Forwarded-Proto and X-Forwarded-For only when the
// request came from a trusted proxy; otherwise the socket tells the truth.
// X-Forwarded-For is read right to left, skipping trusted hops, so a
// client cannot forge its address by sending the header itself.
func (s *Server) clientOf(r *http.Request) peer {
	c := peer{Scheme: "http", Host: r.Host}
	if r.TLS != nil {
		c.Scheme = "https"
	}
	c.Addr = remoteAddr(r.RemoteAddr)
	if !s.trusted(c.Addr) {
		return c
	}
	if p := strings.ToLower(strings.TrimSpace(firstField(r.Header.Get("X-Forwarded-Proto")))); p == "http" || p == "https" {
		c.Scheme = p
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		c.Addr = a.Unmap()
		if !s.trusted(c.Addr) {
			break
		}
	}
	return c
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func remoteAddr(hostport string) netip.Addr {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap()
}

func firstField(s string) string {
	if i := strings.IndexByte(s, ','); i >= 0 {
		return s[:i]
	}
	return s
}

// baseURL is the absolute address of the server's root as the browser sees
// it, for links a teacher copies (join links, embed code).
func (s *Server) baseURL(r *http.Request) string {
	c := s.clientOf(r)
	return c.Scheme + "://" + c.Host + s.cfg.BasePath
}

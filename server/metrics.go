package server

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics, in a registry of its own so
// two servers in one test binary do not collide.
type metrics struct {
	reg           *prometheus.Registry
	sessions      prometheus.Gauge
	rooms         prometheus.Gauge
	followers     prometheus.Gauge
	conns         prometheus.Gauge
	frames        prometheus.Counter
	bytes         prometheus.Counter
	renders       prometheus.Counter
	errors        *prometheus.CounterVec
	commandDur    *prometheus.HistogramVec
	dropped       prometheus.Counter
	evicted       prometheus.Counter
	coalesced     prometheus.Counter
	chargedTokens prometheus.Counter
	replayTicks   prometheus.Counter
	panics        prometheus.Counter
}

func newMetrics() *metrics {
	m := &metrics{
		reg:       prometheus.NewRegistry(),
		sessions:  prometheus.NewGauge(prometheus.GaugeOpts{Name: "procscope_sessions", Help: "Sessions held (connected or idle)."}),
		rooms:     prometheus.NewGauge(prometheus.GaugeOpts{Name: "procscope_rooms", Help: "Classroom rooms open."}),
		followers: prometheus.NewGauge(prometheus.GaugeOpts{Name: "procscope_followers", Help: "Followers connected to rooms."}),
		conns:     prometheus.NewGauge(prometheus.GaugeOpts{Name: "procscope_connections", Help: "WebSockets open."}),
		frames:    prometheus.NewCounter(prometheus.CounterOpts{Name: "procscope_frames_sent_total", Help: "Messages sent to clients."}),
		bytes:     prometheus.NewCounter(prometheus.CounterOpts{Name: "procscope_bytes_sent_total", Help: "Bytes of messages sent to clients."}),
		renders:   prometheus.NewCounter(prometheus.CounterOpts{Name: "procscope_frame_renders_total", Help: "Frames rendered (once per language and format in use)."}),
		errors:    prometheus.NewCounterVec(prometheus.CounterOpts{Name: "procscope_errors_total", Help: "Protocol errors sent, by code."}, []string{"code"}),
		commandDur: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "procscope_command_duration_seconds",
			Help:    "Time to apply a command and render its frame.",
			Buckets: []float64{.0001, .0005, .001, .005, .01, .05, .1, .5, 1},
		}, []string{"op"}),
		dropped:       prometheus.NewCounter(prometheus.CounterOpts{Name: "procscope_slow_clients_dropped_total", Help: "Clients dropped because one message could not be written in the write timeout."}),
		evicted:       prometheus.NewCounter(prometheus.CounterOpts{Name: "procscope_sessions_evicted_total", Help: "Unattached sessions freed early to make room for a new one."}),
		coalesced:     prometheus.NewCounter(prometheus.CounterOpts{Name: "procscope_messages_coalesced_total", Help: "Messages let go because their client was behind; it got one frame of the latest state instead."}),
		chargedTokens: prometheus.NewCounter(prometheus.CounterOpts{Name: "procscope_command_cost_tokens_total", Help: "Command tokens charged for the server time commands took beyond their own token."}),
		replayTicks:   prometheus.NewCounter(prometheus.CounterOpts{Name: "procscope_replay_ticks_total", Help: "Ticks of saved labs restored (their most, charged to each client's address)."}),
		panics:        prometheus.NewCounter(prometheus.CounterOpts{Name: "procscope_session_panics_total", Help: "Sessions ended by a recovered panic."}),
	}
	m.reg.MustRegister(m.sessions, m.rooms, m.followers, m.conns, m.frames, m.bytes, m.renders,
		m.errors, m.commandDur, m.dropped, m.evicted, m.coalesced, m.chargedTokens, m.replayTicks, m.panics,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for c := range errTable {
		m.errors.WithLabelValues(string(c)) // every code shows, even at 0
	}
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// observeOp records a command's latency under its op; ops outside the
// table are counted as "other" so a client cannot grow the label set.
func (m *metrics) observeOp(op string, seconds float64) {
	if !knownOp(op) {
		op = "other"
	}
	m.commandDur.WithLabelValues(op).Observe(seconds)
}

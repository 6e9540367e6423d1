package main

import (
	"procscope/server"
	"procscope/server/natsrelay"
)

// relay connects to NATS when -nats is set, so rooms span the replicas
// that share it (docs/scaling.md); without it every room lives in this
// process. The returned func says goodbye to the other replicas: call it
// after the server's shutdown, when this replica's sockets are closed.
func (st settings) relay(cfg *server.Config) (func(), error) {
	if st.natsURL == "" {
		return func() {}, nil
	}
	r, err := natsrelay.Connect(st.natsURL, natsrelay.Options{})
	if err != nil {
		return nil, err
	}
	cfg.Relay = r
	cfg.Logger.Info("classrooms across replicas", "nats", st.natsURL, "replica", r.Replica())
	return func() { _ = r.Close() }, nil
}

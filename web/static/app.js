// procscope client: connects the socket, swaps in the fragments the server
// rendered and shows the connection state. It holds no simulation rules and
// makes no markup of its own.
"use strict";
(function () {
  const conn = document.getElementById("conn");
  let retry = 0;

  function setState(state) {
    conn.dataset.state = state;
    conn.textContent = conn.dataset[state] || state;
  }

  function socketURL() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    return scheme + "//" + location.host + document.body.dataset.wsPath;
  }

  function apply(frame) {
    const fragments = frame.fragments || {};
    for (const id of Object.keys(fragments)) {
      const el = document.getElementById(id);
      if (el) el.outerHTML = fragments[id];
    }
  }

  function connect() {
    setState(retry === 0 ? "connecting" : "reconnecting");
    const ws = new WebSocket(socketURL());
    ws.onopen = function () { retry = 0; setState("live"); };
    ws.onmessage = function (ev) {
      let msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      if (msg.type === "frame") apply(msg);
    };
    ws.onclose = function () {
      retry++;
      setState("reconnecting");
      const delay = Math.min(10000, 250 * 2 ** Math.min(retry, 6));
      setTimeout(connect, delay);
    };
  }

  connect();
})();

"use strict";
// Drives the real socket.io-client against the Socket.IO endpoint for the
// Go tests (ports/live/socketio/node_test.go), and prints what it saw as
// one JSON line on stdout.
//
// Environment: SIO_URL (the server's base URL), SIO_TOKEN, SIO_VIDEO,
// SIO_MODE ("default": the client's own options, polling then upgrade;
// "websocket"; "polling") and SIO_CASE ("flow": join, send, receive;
// "badtoken": expect connect_error).
const { io } = require("socket.io-client");

const env = process.env;
const mode = env.SIO_MODE || "default";
const options = { auth: { token: env.SIO_TOKEN } };
if (mode === "websocket") options.transports = ["websocket"];
if (mode === "polling") options.transports = ["polling"];

const result = { mode, step: "connect" };
const socket = io(env.SIO_URL, options);
// The client opens its first transport at once; with its default options
// it upgrades to WebSocket as soon as the server offers it.
const engine = socket.io.engine;
result.transports = [engine.transport.name];
result.upgrades = [];
engine.on("upgrade", (transport) => result.upgrades.push(transport.name));

function done(code) {
  socket.close();
  process.stdout.write(JSON.stringify(result) + "\n");
  process.exit(code);
}

setTimeout(() => {
  result.error = "timed out at step " + result.step;
  done(1);
}, Number(env.SIO_TIMEOUT_MS || 15000)).unref();

if (env.SIO_CASE === "badtoken") {
  socket.on("connect", () => {
    result.error = "connected with a bad token";
    done(1);
  });
  socket.on("connect_error", (err) => {
    result.connectError = { message: err.message, data: err.data === undefined ? null : err.data };
    done(0);
  });
} else {
  flow();
}

function flow() {
  const received = [];
  const waiting = new Map();
  socket.on("new_comment", (c) => {
    received.push(c);
    const resolve = waiting.get(c.id);
    if (resolve) resolve();
  });
  const arrival = (id) =>
    received.some((c) => c.id === id) ? Promise.resolve() : new Promise((resolve) => waiting.set(id, resolve));
  const upgraded = () =>
    engine.transport.name === "websocket" ? Promise.resolve() : new Promise((resolve) => engine.once("upgrade", resolve));

  socket.on("connect_error", (err) => {
    result.error = "connect_error: " + err.message;
    done(1);
  });
  socket.once("connect", async () => {
    try {
      result.step = "join";
      result.join = await socket.emitWithAck("join_video", env.SIO_VIDEO);
      result.comments = [];
      for (const n of [1, 2]) {
        if (n === 2 && mode === "default") {
          result.step = "upgrade";
          await upgraded();
        }
        result.step = "send " + n;
        const ack = await socket.emitWithAck("send_comment", { videoId: env.SIO_VIDEO, content: mode + " " + n });
        result.comments.push(ack);
        if (!ack || ack.error) throw new Error("send refused: " + JSON.stringify(ack));
        result.step = "receive " + n;
        await arrival(ack.id);
      }
      result.transports.push(engine.transport.name);
      result.received = received;
      delete result.step;
      done(0);
    } catch (err) {
      result.error = String(err && err.message ? err.message : err);
      done(1);
    }
  });
}

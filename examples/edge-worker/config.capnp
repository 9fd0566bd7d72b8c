# workerd config for the classifier worker; build.mjs copies it next to the bundle it names.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .classifier)],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "main")],
);

const classifier :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "rnn-relaxed.wasm", wasm = embed "rnn-relaxed.wasm"),
    (name = "rnn-simd.wasm", wasm = embed "rnn-simd.wasm"),
    (name = "rnn-scalar.wasm", wasm = embed "rnn-scalar.wasm"),
    (name = "model.safetensors", data = embed "model.safetensors"),
    (name = "vocab.json.txt", text = embed "vocab.json.txt"),
  ],
  compatibilityDate = "2025-01-01",
);

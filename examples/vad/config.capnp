# workerd config for the VAD worker (examples/vad/build.mjs fills in the port and copies the files).
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .vadWorker)],
  sockets = [(name = "http", address = "127.0.0.1:8788", http = (), service = "main")],
);

const vadWorker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "silero_vad_v5.onnx", data = embed "silero_vad_v5.onnx"),
    (name = "rnn-relaxed.wasm", wasm = embed "rnn-relaxed.wasm"),
    (name = "rnn-simd.wasm", wasm = embed "rnn-simd.wasm"),
    (name = "rnn-scalar.wasm", wasm = embed "rnn-scalar.wasm"),
  ],
  compatibilityDate = "2024-09-01",
);

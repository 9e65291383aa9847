package io.medulla.server;

import io.medulla.runtime.Backend;
import io.medulla.runtime.ExecutionProvider;
import io.medulla.runtime.onnx.OnnxBackend;
import io.medulla.runtime.onnx.OnnxSettings;
import java.util.List;
import java.util.Map;

/** Creates the backends the configuration asks for: ONNX Runtime for now. */
final class Backends {
  private Backends() {}

  static List<Backend> create(ServerConfig config) {
    OnnxSettings onnx =
        OnnxSettings.defaults()
            .withThreads(config.intraOpThreads(), config.interOpThreads())
            .withExecutionProviders(
                config.executionProviders().stream()
                    .map(name -> new ExecutionProvider(name, Map.of()))
                    .toList());
    return List.of(new OnnxBackend(onnx));
  }
}

package io.medulla.runtime.onnx;

import io.medulla.inference.DataType;
import io.medulla.inference.ModelId;
import io.medulla.inference.Shape;
import io.medulla.runtime.ExecutionProvider;
import io.medulla.runtime.ModelSpec;
import io.medulla.runtime.TensorBinding;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Finds the generated model repositories and builds load specs for their models. */
final class TestModels {
  static final Path TESTDATA = Path.of("..", "testdata", "models");
  static final Path EXAMPLES = Path.of("..", "examples", "models");

  private TestModels() {}

  static Path file(Path repository, String model, int version) {
    return repository.resolve(model).resolve(Integer.toString(version)).resolve("model.onnx");
  }

  static TensorBinding binding(String name, DataType type, long... dims) {
    return new TensorBinding(name, type, Shape.of(dims), null, false);
  }

  static TensorBinding reshaped(String name, DataType type, long[] dims, long[] reshape) {
    return new TensorBinding(name, type, Shape.of(dims), Shape.of(reshape), false);
  }

  static Spec spec(Path repository, String model) {
    return new Spec(repository, model);
  }

  /** A mutable builder of one {@link ModelSpec}, with the defaults tests want. */
  static final class Spec {
    private final Path repository;
    private final String model;
    private int version = 1;
    private int maxBatchSize;
    private List<TensorBinding> inputs = List.of();
    private List<TensorBinding> outputs = List.of();
    private int instances = 1;
    private List<ExecutionProvider> providers = List.of();
    private Map<String, String> parameters = Map.of();
    private @Nullable Path file;

    private Spec(Path repository, String model) {
      this.repository = repository;
      this.model = model;
    }

    Spec version(int v) {
      this.version = v;
      return this;
    }

    Spec maxBatchSize(int n) {
      this.maxBatchSize = n;
      return this;
    }

    Spec inputs(TensorBinding... bindings) {
      this.inputs = List.of(bindings);
      return this;
    }

    Spec outputs(TensorBinding... bindings) {
      this.outputs = List.of(bindings);
      return this;
    }

    Spec instances(int n) {
      this.instances = n;
      return this;
    }

    Spec providers(String... names) {
      this.providers =
          java.util.Arrays.stream(names).map(n -> new ExecutionProvider(n, Map.of())).toList();
      return this;
    }

    Spec parameters(Map<String, String> p) {
      this.parameters = p;
      return this;
    }

    Spec file(Path f) {
      this.file = f;
      return this;
    }

    ModelSpec build() {
      Path modelFile = file != null ? file : TestModels.file(repository, model, version);
      return new ModelSpec(
          new ModelId(model, version),
          modelFile,
          maxBatchSize,
          inputs,
          outputs,
          instances,
          providers,
          parameters);
    }
  }
}

package io.medulla.runtime.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import ai.onnxruntime.providers.OrtTensorRTProviderOptions;
import io.medulla.runtime.ExecutionProvider;
import io.medulla.runtime.ModelLoadException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Adds configured execution providers to session options. Supported names: {@code cpu}, {@code
 * cuda}, {@code tensorrt}, {@code openvino}, {@code dnnl}. Options are passed to ONNX Runtime as
 * given ({@code cuda}/{@code tensorrt} take ORT's provider option keys such as {@code device_id};
 * {@code openvino} takes {@code device_type}; {@code cpu}/{@code dnnl} take {@code use_arena}).
 */
final class ExecutionProviders {
  private static final Map<String, OrtProvider> BY_NAME =
      Map.of(
          "cpu", OrtProvider.CPU,
          "cuda", OrtProvider.CUDA,
          "tensorrt", OrtProvider.TENSOR_RT,
          "openvino", OrtProvider.OPEN_VINO,
          "dnnl", OrtProvider.DNNL);

  private ExecutionProviders() {}

  /**
   * Adds {@code provider} to {@code options}.
   *
   * @throws ModelLoadException if the provider is unknown or not in this ONNX Runtime build
   */
  static void add(SessionOptions options, ExecutionProvider provider, String modelLabel)
      throws OrtException {
    String name = provider.name().toLowerCase(Locale.ROOT);
    OrtProvider ort = BY_NAME.get(name);
    if (ort == null) {
      throw new ModelLoadException(
          modelLabel
              + ": unknown execution provider '"
              + provider.name()
              + "' (expected one of: "
              + BY_NAME.keySet().stream().sorted().collect(Collectors.joining(", "))
              + ")");
    }
    EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
    if (!available.contains(ort)) {
      throw new ModelLoadException(
          modelLabel
              + ": execution provider '"
              + name
              + "' is not available in this ONNX Runtime build (available: "
              + describe(available)
              + ")");
    }
    Map<String, String> settings = provider.options();
    switch (name) {
      case "cpu" -> options.addCPU(useArena(settings));
      case "cuda" -> {
        // SessionOptions keeps and later closes the provider options it is given.
        OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions();
        for (Map.Entry<String, String> e : settings.entrySet()) {
          cuda.add(e.getKey(), e.getValue());
        }
        options.addCUDA(cuda);
      }
      case "tensorrt" -> {
        OrtTensorRTProviderOptions trt = new OrtTensorRTProviderOptions();
        for (Map.Entry<String, String> e : settings.entrySet()) {
          trt.add(e.getKey(), e.getValue());
        }
        options.addTensorrt(trt);
      }
      case "openvino" -> options.addOpenVINO(settings.getOrDefault("device_type", ""));
      case "dnnl" -> options.addDnnl(useArena(settings));
      default -> throw new IllegalStateException("provider table and switch disagree: " + name);
    }
  }

  /** Returns provider names as written in configuration, as in "cpu, cuda". */
  static String describe(EnumSet<OrtProvider> providers) {
    return providers.stream()
        .map(
            p ->
                BY_NAME.entrySet().stream()
                    .filter(e -> e.getValue() == p)
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElse(p.getName()))
        .sorted()
        .collect(Collectors.joining(", "));
  }

  private static boolean useArena(Map<String, String> settings) {
    return !"false".equalsIgnoreCase(settings.getOrDefault("use_arena", "true"));
  }
}

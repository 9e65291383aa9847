package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.medulla.inference.DataType;
import io.medulla.inference.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The physical limit G1 compares with: ONNX Runtime sessions called directly, one per model
 * instance, borrowed from a pool by each calling thread. Every call does what any caller must:
 * copies the input into native memory, runs, and copies the outputs out.
 *
 * <p>Sessions use the server's settings exactly (see {@link #options}), so the only difference from
 * the served modes is the serving itself.
 */
final class RawOnnxRuntime implements BlockingTarget, AutoCloseable {
  private final OrtEnvironment env;
  private final BenchModel model;
  private final BlockingQueue<OrtSession> pool;
  private final List<OrtSession> sessions = new ArrayList<>();
  private final Set<String> outputs;
  private final long[][] shapes;
  private final OnnxJavaType[] types;

  /**
   * Opens {@code model.instanceCount()} sessions.
   *
   * @param settings the thread settings the server gives each session
   */
  RawOnnxRuntime(BenchModel model, OrtSettings settings) throws OrtException {
    this.model = requireNonNull(model, "model");
    this.env = OrtEnvironment.getEnvironment();
    int instances = model.instanceCount();
    this.pool = new ArrayBlockingQueue<>(instances);
    try (SessionOptions options = options(settings)) {
      for (int i = 0; i < instances; i++) {
        OrtSession session = env.createSession(model.file().toString(), options);
        sessions.add(session);
        pool.add(session);
      }
    } catch (OrtException | RuntimeException e) {
      close();
      throw e;
    }
    this.outputs = new LinkedHashSet<>(model.outputNames());
    List<Tensor> inputs = model.inputs();
    this.shapes = new long[inputs.size()][];
    this.types = new OnnxJavaType[inputs.size()];
    for (int i = 0; i < inputs.size(); i++) {
      shapes[i] = inputs.get(i).shape().toArray();
      types[i] = javaType(inputs.get(i).dataType());
    }
  }

  /**
   * Returns session options as the ONNX backend builds them: its thread counts, idle threads not
   * spinning (intra- and inter-op), every graph optimisation.
   */
  static SessionOptions options(OrtSettings settings) throws OrtException {
    SessionOptions options = new SessionOptions();
    try {
      options.setIntraOpNumThreads(settings.intraOpThreads());
      options.setInterOpNumThreads(settings.interOpThreads());
      String spin = settings.allowSpinning() ? "1" : "0";
      options.addConfigEntry("session.intra_op.allow_spinning", spin);
      options.addConfigEntry("session.inter_op.allow_spinning", spin);
      options.setOptimizationLevel(settings.optLevel());
      return options;
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw e;
    }
  }

  @Override
  public void call() throws Exception {
    OrtSession session = pool.take();
    try {
      run(session);
    } finally {
      pool.add(session);
    }
  }

  private void run(OrtSession session) throws OrtException {
    List<Tensor> inputs = model.inputs();
    Map<String, OnnxTensor> feeds = new HashMap<>(inputs.size() * 2);
    try {
      for (int i = 0; i < inputs.size(); i++) {
        Tensor input = inputs.get(i);
        ByteBuffer data = input.data();
        ByteBuffer direct =
            ByteBuffer.allocateDirect(data.remaining()).order(ByteOrder.nativeOrder());
        direct.put(data).flip();
        feeds.put(input.name(), OnnxTensor.createTensor(env, direct, shapes[i], types[i]));
      }
      long bytes = 0;
      try (OrtSession.Result result = session.run(feeds, outputs)) {
        for (Map.Entry<String, OnnxValue> output : result) {
          bytes += ((OnnxTensor) output.getValue()).getByteBuffer().remaining();
        }
      }
      model.checkOutputBytes(bytes);
    } finally {
      for (OnnxTensor feed : feeds.values()) {
        feed.close();
      }
    }
  }

  @Override
  public void close() {
    for (OrtSession session : sessions) {
      try {
        session.close();
      } catch (OrtException e) {
        // Closing at the end of a run: nothing left to protect.
      }
    }
    sessions.clear();
  }

  private static OnnxJavaType javaType(DataType type) {
    return switch (type) {
      case FP32 -> OnnxJavaType.FLOAT;
      case FP64 -> OnnxJavaType.DOUBLE;
      case INT8 -> OnnxJavaType.INT8;
      case UINT8 -> OnnxJavaType.UINT8;
      case INT16 -> OnnxJavaType.INT16;
      case INT32 -> OnnxJavaType.INT32;
      case INT64 -> OnnxJavaType.INT64;
      case BOOL -> OnnxJavaType.BOOL;
      default ->
          throw new IllegalArgumentException(type + " inputs are not supported by G1's raw mode");
    };
  }

  /**
   * The ONNX Runtime settings of each session.
   *
   * @param intraOpThreads threads one operator may use
   * @param interOpThreads threads for independent operators
   * @param allowSpinning whether idle runtime threads spin
   * @param optLevel the graph optimisation level
   */
  record OrtSettings(
      int intraOpThreads, int interOpThreads, boolean allowSpinning, OptLevel optLevel) {}
}

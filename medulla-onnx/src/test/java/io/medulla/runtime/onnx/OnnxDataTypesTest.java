package io.medulla.runtime.onnx;

import static io.medulla.runtime.onnx.TestModels.TESTDATA;
import static io.medulla.runtime.onnx.TestModels.binding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.Tensor;
import io.medulla.inference.TensorSpec;
import io.medulla.inference.Tensors;
import io.medulla.runtime.LoadedModel;
import io.medulla.runtime.ModelLoadException;
import io.medulla.runtime.ModelSignature;
import io.medulla.runtime.TensorBinding;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OnnxDataTypesTest {
  private static final Set<DataType> JAVA_API_CANNOT_CREATE =
      EnumSet.of(DataType.UINT16, DataType.UINT32, DataType.UINT64);

  private final OnnxBackend backend = new OnnxBackend();

  @Test
  void everyInputTypeRoundTripsThroughIdentityByteForByte() {
    List<DataType> types = roundTripTypes();
    List<TensorBinding> in = new ArrayList<>();
    List<TensorBinding> out = new ArrayList<>();
    List<Tensor> tensors = new ArrayList<>();
    for (DataType type : types) {
      in.add(binding("IN_" + suffix(type), type, -1));
      out.add(binding("OUT_" + suffix(type), type, -1));
      tensors.add(sample("IN_" + suffix(type), type));
    }
    try (LoadedModel model =
        backend.load(
            TestModels.spec(TESTDATA, "all_types")
                .inputs(in.toArray(TensorBinding[]::new))
                .outputs(out.toArray(TensorBinding[]::new))
                .build())) {
      List<String> names = out.stream().map(TensorBinding::name).toList();

      List<Tensor> results = model.instance(0).execute(tensors, names);

      assertThat(results).hasSize(types.size());
      for (int i = 0; i < types.size(); i++) {
        Tensor result = results.get(i);
        assertThat(result.name()).isEqualTo(names.get(i));
        assertThat(result.dataType()).isEqualTo(types.get(i));
        assertThat(result.shape()).isEqualTo(tensors.get(i).shape());
        assertThat(bytes(result)).as(names.get(i)).isEqualTo(bytes(tensors.get(i)));
      }
    }
  }

  @Test
  void inspectMapsEveryProtocolTypeFromTheModel() {
    ModelSignature all = backend.inspect(TestModels.file(TESTDATA, "all_types", 1));
    ModelSignature unsigned = backend.inspect(TestModels.file(TESTDATA, "unsigned_inputs", 1));

    List<TensorSpec> inputs = new ArrayList<>(all.inputs());
    inputs.addAll(unsigned.inputs());
    assertThat(inputs)
        .extracting(TensorSpec::dataType)
        .containsExactlyInAnyOrder(DataType.values());
    for (TensorSpec spec : inputs) {
      assertThat(spec.name()).isEqualTo("IN_" + suffix(spec.dataType()));
      assertThat(spec.shape()).isEqualTo(Shape.of(-1));
    }
  }

  @Test
  void unsignedOutputsArriveAsRawLittleEndianValues() {
    try (LoadedModel model =
        backend.load(
            TestModels.spec(TESTDATA, "unsigned_outputs")
                .inputs(binding("INPUT0", DataType.INT64, -1))
                .outputs(
                    binding("OUT_UINT8", DataType.UINT8, -1),
                    binding("OUT_UINT16", DataType.UINT16, -1),
                    binding("OUT_UINT32", DataType.UINT32, -1),
                    binding("OUT_UINT64", DataType.UINT64, -1))
                .build())) {
      long[] values = {0, 1, 200, 65_535, 4_294_967_295L};

      List<Tensor> out =
          model
              .instance(0)
              .execute(
                  List.of(Tensors.ofLongs("INPUT0", Shape.of(5), values)),
                  List.of("OUT_UINT8", "OUT_UINT16", "OUT_UINT32", "OUT_UINT64"));

      ByteBuffer u8 = out.get(0).data();
      ByteBuffer u16 = out.get(1).data();
      ByteBuffer u32 = out.get(2).data();
      ByteBuffer u64 = out.get(3).data();
      for (int i = 0; i < values.length; i++) {
        // Casting int64 to a narrower unsigned type keeps the low bits.
        assertThat(Byte.toUnsignedLong(u8.get(i))).isEqualTo(values[i] & 0xFFL);
        assertThat(Short.toUnsignedLong(u16.getShort(2 * i))).isEqualTo(values[i] & 0xFFFFL);
        assertThat(Integer.toUnsignedLong(u32.getInt(4 * i))).isEqualTo(values[i] & 0xFFFFFFFFL);
        assertThat(u64.getLong(8 * i)).isEqualTo(values[i]);
      }
      assertThat(out)
          .extracting(Tensor::dataType)
          .containsExactly(DataType.UINT8, DataType.UINT16, DataType.UINT32, DataType.UINT64);
    }
  }

  @Test
  void unsignedInputsTheJavaApiCannotCreateFailTheLoadByName() {
    assertThatThrownBy(
            () ->
                backend.load(
                    TestModels.spec(TESTDATA, "unsigned_inputs")
                        .inputs(
                            binding("IN_UINT16", DataType.UINT16, -1),
                            binding("IN_UINT32", DataType.UINT32, -1),
                            binding("IN_UINT64", DataType.UINT64, -1))
                        .outputs(binding("OUT_UINT16", DataType.UINT16, -1))
                        .build()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("input 'IN_UINT16' is TYPE_UINT16")
        .hasMessageContaining("cannot pass");
  }

  private static List<DataType> roundTripTypes() {
    List<DataType> types = new ArrayList<>();
    for (DataType type : DataType.values()) {
      if (!JAVA_API_CANNOT_CREATE.contains(type)) {
        types.add(type);
      }
    }
    return types;
  }

  private static String suffix(DataType type) {
    return type == DataType.BYTES ? "STRING" : type.name();
  }

  /** Returns a five-element tensor with distinct, valid values for the type. */
  private static Tensor sample(String name, DataType type) {
    Shape shape = Shape.of(5);
    if (type == DataType.BYTES) {
      return Tensors.ofStrings(name, shape, "", "a", "héllo", "日本語", "x".repeat(300));
    }
    ByteBuffer b = ByteBuffer.allocate(5 * type.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 5; i++) {
      switch (type) {
        case BOOL -> b.put((byte) (i % 2));
        case UINT8, INT8 -> b.put((byte) (i * 50 - 100));
        case INT16 -> b.putShort((short) (i * 10_000 - 20_000));
        // 0x3C00 is 1.0 in FP16 and 0x3F80 is 1.0 in BF16; other values step the mantissa.
        case FP16 -> b.putShort((short) (0x3C00 + i * 0x101));
        case BF16 -> b.putShort((short) (0x3F80 + i * 0x11));
        case INT32 -> b.putInt(i * 1_000_000_000 - 2_000_000_000);
        case FP32 -> b.putFloat(i * 1.5f - 3.25f);
        case INT64 -> b.putLong(i * 4_000_000_000_000L - Long.MAX_VALUE / 2);
        case FP64 -> b.putDouble(i * 1e300 - 2.5e300);
        default -> throw new AssertionError(type);
      }
    }
    b.flip();
    return Tensor.of(name, type, shape, b);
  }

  private static byte[] bytes(Tensor t) {
    ByteBuffer data = t.data();
    byte[] out = new byte[data.remaining()];
    data.get(out);
    return out;
  }
}

package io.medulla.protocol.grpc;

import io.medulla.inference.InvalidInputException;
import io.medulla.protocol.grpc.proto.InferParameter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Converts the protocol's {@code InferParameter} maps to and from the domain's parameter maps
 * (Boolean, Long, Double or String values).
 */
final class GrpcParameters {
  private GrpcParameters() {}

  /**
   * Returns the domain form of {@code parameters}, leaving out the keys in {@code reserved}.
   *
   * @param where names the map in error messages, as in "request" or "input 'x'"
   * @throws InvalidInputException if a value is unset or a uint64 does not fit a signed 64-bit
   *     integer
   */
  static Map<String, Object> decode(
      Map<String, InferParameter> parameters, Set<String> reserved, String where) {
    if (parameters.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    parameters.forEach(
        (key, value) -> {
          if (!reserved.contains(key)) {
            out.put(key, decode(key, value, where));
          }
        });
    return out;
  }

  /** Returns the domain value of one parameter. */
  static Object decode(String key, InferParameter value, String where) {
    return switch (value.getParameterChoiceCase()) {
      case BOOL_PARAM -> value.getBoolParam();
      case INT64_PARAM -> value.getInt64Param();
      case STRING_PARAM -> value.getStringParam();
      case DOUBLE_PARAM -> value.getDoubleParam();
      case UINT64_PARAM -> {
        long v = value.getUint64Param();
        if (v < 0) {
          throw new InvalidInputException(
              where
                  + " parameter '"
                  + key
                  + "': uint64 value too large (expected: at most "
                  + Long.MAX_VALUE
                  + ")");
        }
        yield v;
      }
      case PARAMETERCHOICE_NOT_SET ->
          throw new InvalidInputException(
              where
                  + " parameter '"
                  + key
                  + "': no value set (expected: bool, int64, string,"
                  + " double or uint64)");
    };
  }

  /** Returns the wire form of domain parameters. */
  static Map<String, InferParameter> encode(Map<String, Object> parameters) {
    if (parameters.isEmpty()) {
      return Map.of();
    }
    Map<String, InferParameter> out = new LinkedHashMap<>();
    parameters.forEach((key, value) -> out.put(key, encode(value)));
    return out;
  }

  private static InferParameter encode(Object value) {
    InferParameter.Builder b = InferParameter.newBuilder();
    if (value instanceof Boolean v) {
      b.setBoolParam(v);
    } else if (value instanceof Long v) {
      b.setInt64Param(v);
    } else if (value instanceof Double v) {
      b.setDoubleParam(v);
    } else {
      b.setStringParam(value.toString());
    }
    return b.build();
  }
}

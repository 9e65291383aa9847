package io.medulla.cli;

import io.medulla.repository.ModelControlMode;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads Triton's lower-case model control mode names. */
final class ModelControlModeConverter implements ITypeConverter<ModelControlMode> {
  @Override
  public ModelControlMode convert(String value) {
    try {
      return ModelControlMode.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(
          "'"
              + value
              + "' is not a model control mode (expected: none, poll, explicit or on_demand)");
    }
  }
}

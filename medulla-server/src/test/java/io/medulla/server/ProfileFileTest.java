package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.runtime.ModelProfile;
import io.medulla.runtime.ModelProfile.Point;
import io.medulla.runtime.ModelProfile.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileFileTest {
  @TempDir Path dir;

  static ModelProfile sample() {
    return new ModelProfile(
        "mlp_classifier",
        2,
        "onnxruntime_onnx",
        "0123456789abcdef".repeat(4),
        32,
        new Settings(1, 1, List.of("cuda", "cpu"), 16, "AMD EPYC, 16 cores, Linux 6.8.0"),
        123_456_789,
        2_345_678,
        50L << 20,
        "host",
        1,
        List.of(
            new Point(1, 1, 1, 50_000, 90_000, 55_000, 19_000.5, 200),
            new Point(8, 2, 2, 210_000, 400_000, 230_000, 70_000.25, 400)));
  }

  private Path file() {
    return dir.resolve("m").resolve(ProfileFile.FILE_NAME);
  }

  @Test
  void theDefaultPathIsInTheModelFolder() {
    assertThat(ProfileFile.defaultPath(Path.of("repo"), "mlp"))
        .isEqualTo(Path.of("repo", "mlp", "profile.json"));
  }

  @Test
  void writesPrettyJsonWithAFormatNumberAndReadsBackTheSameProfile() throws IOException {
    ProfileFile.write(file(), sample());

    String text = Files.readString(file(), StandardCharsets.UTF_8);
    assertThat(text)
        .startsWith("{\n")
        .endsWith("}\n")
        .contains("\"format\" : 1")
        .contains("\"p99_nanos\" : 400000")
        .contains("\"execution_providers\" : [ \"cuda\", \"cpu\" ]");
    assertThat(ProfileFile.read(file())).isEqualTo(sample());
  }

  @Test
  void replacesAnOldProfileAndLeavesNoTemporaryFileBehind() throws IOException {
    Files.createDirectories(file().getParent());
    Files.writeString(file(), "old");

    ProfileFile.write(file(), sample());

    assertThat(ProfileFile.read(file())).isEqualTo(sample());
    try (Stream<Path> files = Files.list(file().getParent())) {
      assertThat(files).containsExactly(file());
    }
  }

  @Test
  void ignoresKeysItDoesNotKnow() throws IOException {
    ProfileFile.write(file(), sample());
    edit("\"format\" : 1,", "\"format\" : 1, \"medulla_version\" : \"9.9\",");

    assertThat(ProfileFile.read(file())).isEqualTo(sample());
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> ProfileFile.read(file()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("profile file " + file())
        .hasMessageContaining("does not exist");
  }

  @Test
  void invalidJsonIsReportedWithItsPosition() throws IOException {
    Files.createDirectories(file().getParent());
    Files.writeString(file(), "{\n  \"format\": 1,\n  oops\n}");

    assertThatThrownBy(() -> ProfileFile.read(file()))
        .hasMessageContaining("profile file " + file())
        .hasMessageContaining("not valid JSON at line 3");
  }

  @Test
  void anotherFormatIsRefused() throws IOException {
    ProfileFile.write(file(), sample());
    edit("\"format\" : 1", "\"format\" : 2");

    assertThatThrownBy(() -> ProfileFile.read(file()))
        .hasMessageContaining("profile file " + file() + ": format: 2 (expected: 1");
  }

  @Test
  void aMissingFieldIsNamedWithItsPath() throws IOException {
    ProfileFile.write(file(), sample());
    edit("\"memory_bytes\" : 52428800,", "");

    assertThatThrownBy(() -> ProfileFile.read(file()))
        .hasMessageContaining("profile file " + file() + ": load.memory_bytes: missing");
  }

  @Test
  void aWronglyTypedPointFieldIsNamedWithItsIndex() throws IOException {
    ProfileFile.write(file(), sample());
    edit("\"p50_nanos\" : 210000", "\"p50_nanos\" : \"fast\"");

    assertThatThrownBy(() -> ProfileFile.read(file()))
        .hasMessageContaining(
            "profile file "
                + file()
                + ": points[1].p50_nanos: \"fast\" (expected: an integer >= 0)");
  }

  @Test
  void aP99BelowTheP50IsRefused() throws IOException {
    ProfileFile.write(file(), sample());
    edit("\"p99_nanos\" : 90000", "\"p99_nanos\" : 10");

    assertThatThrownBy(() -> ProfileFile.read(file()))
        .hasMessageContaining("points[0].p99_nanos: 10 (expected: >= p50_nanos, 50000)");
  }

  @Test
  void whatOnlyTheWholeProfileCanCheckIsReportedWithTheFile() throws IOException {
    ProfileFile.write(file(), sample());
    edit("\"max_batch_size\" : 32", "\"max_batch_size\" : 4");

    assertThatThrownBy(() -> ProfileFile.read(file()))
        .hasMessageContaining("profile file " + file() + ": points: batch size 8");
  }

  @Test
  void aBadShaOrProviderListIsNamed() throws IOException {
    ProfileFile.write(file(), sample());
    edit("\"cuda\", \"cpu\"", "\"cuda\", 3");

    assertThatThrownBy(() -> ProfileFile.read(file()))
        .hasMessageContaining("settings.execution_providers[1]: 3");

    ProfileFile.write(file(), sample());
    edit("0123456789abcdef0123", "0123456789ABCDEF0123");

    assertThatThrownBy(() -> ProfileFile.read(file())).hasMessageContaining("sha256: '");
  }

  private void edit(String from, String to) throws IOException {
    String text = Files.readString(file(), StandardCharsets.UTF_8);
    assertThat(text).contains(from);
    Files.writeString(file(), text.replace(from, to), StandardCharsets.UTF_8);
  }
}

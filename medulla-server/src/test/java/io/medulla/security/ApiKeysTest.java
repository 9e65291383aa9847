package io.medulla.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.time.WallClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ApiKeysTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(T0);

  private Path file() {
    return dir.resolve("keys.json");
  }

  private ApiKeys open() throws IOException {
    return ApiKeys.open(file(), WallClock.of(clock));
  }

  @Test
  void createdKeyVerifiesAsItsPrincipalAndHasTheDocumentedShape() throws IOException {
    ApiKeys keys = open();

    ApiKeys.CreatedKey key = keys.create("alice", "laptop");

    assertThat(key.plaintext()).matches("mdk_[a-z2-7]{12}_[A-Za-z0-9_-]{43}");
    assertThat(key.plaintext()).startsWith("mdk_" + key.keyId() + "_");
    assertThat(keys.verify(key.plaintext())).contains("alice");
    assertThat(key.toString()).doesNotContain(key.plaintext());
  }

  @Test
  void plaintextAndSecretNeverReachTheFile() throws IOException {
    ApiKeys.CreatedKey key = open().create("alice", null);
    String secret = key.plaintext().substring(key.plaintext().lastIndexOf('_') + 1);

    String json = Files.readString(file(), StandardCharsets.UTF_8);

    assertThat(json).contains(key.keyId()).doesNotContain(key.plaintext()).doesNotContain(secret);
    assertThat(json).contains("\"secret_sha256\"");
  }

  @Test
  void missingFileIsAnEmptyStoreAndTheFirstWriteCreatesFileAndFolderOwnerOnly() throws IOException {
    Path nested = dir.resolve("etc/medulla/keys.json");
    ApiKeys keys = ApiKeys.open(nested, WallClock.of(clock));
    assertThat(keys.list()).isEmpty();
    assertThat(nested).doesNotExist();

    keys.create("alice", null);

    assertThat(nested).exists();
    if (nested.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(Files.getPosixFilePermissions(nested))
          .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }
  }

  @Test
  void revokedKeyNoLongerVerifiesAndListShowsWhen() throws IOException {
    ApiKeys keys = open();
    ApiKeys.CreatedKey key = keys.create("alice", null);
    clock.advance(Duration.ofMinutes(5));

    assertThat(keys.revoke(key.keyId())).isTrue();

    assertThat(keys.verify(key.plaintext())).isEmpty();
    assertThat(keys.list())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.isRevoked()).isTrue();
              assertThat(i.revoked()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
            });
  }

  @Test
  void revokingAnUnknownKeyReportsIt() throws IOException {
    assertThat(open().revoke("aaaaaaaaaaaa")).isFalse();
  }

  @Test
  void secondRevocationKeepsTheFirstTime() throws IOException {
    ApiKeys keys = open();
    ApiKeys.CreatedKey key = keys.create("alice", null);
    keys.revoke(key.keyId());
    clock.advance(Duration.ofHours(1));

    assertThat(keys.revoke(key.keyId())).isTrue();

    assertThat(keys.list().get(0).revoked()).isEqualTo(T0);
  }

  @Test
  void tamperedSecretIsRejected() throws IOException {
    ApiKeys keys = open();
    String token = keys.create("alice", null).plaintext();
    int i = token.length() - 10;
    char c = token.charAt(i) == 'A' ? 'B' : 'A';
    String tampered = token.substring(0, i) + c + token.substring(i + 1);

    assertThat(keys.verify(tampered)).isEmpty();
  }

  @Test
  void secretOfOneKeyUnderAnotherKeysIdIsRejected() throws IOException {
    ApiKeys keys = open();
    ApiKeys.CreatedKey a = keys.create("alice", null);
    ApiKeys.CreatedKey b = keys.create("bob", null);
    String mixed = "mdk_" + a.keyId() + b.plaintext().substring(4 + 12);

    assertThat(keys.verify(mixed)).isEmpty();
  }

  private static final String URL_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  static Stream<Arguments> malformations() {
    return Stream.of(
        Arguments.of("empty", (UnaryOperator<String>) t -> ""),
        Arguments.of("prefix only", (UnaryOperator<String>) t -> "mdk_"),
        Arguments.of("no secret", (UnaryOperator<String>) t -> t.substring(0, 17)),
        Arguments.of("scheme included", (UnaryOperator<String>) t -> "Bearer " + t),
        Arguments.of("padded", (UnaryOperator<String>) t -> t + "="),
        Arguments.of("one character short", (UnaryOperator<String>) t -> t.substring(1)),
        Arguments.of("one character long", (UnaryOperator<String>) t -> t + "A"),
        Arguments.of(
            "upper-case key id",
            (UnaryOperator<String>)
                t -> "mdk_" + t.substring(4, 16).toUpperCase(Locale.ROOT) + t.substring(16)),
        Arguments.of(
            "wrong separator",
            (UnaryOperator<String>) t -> t.substring(0, 16) + "-" + t.substring(17)),
        Arguments.of(
            "standard base64 character",
            (UnaryOperator<String>) t -> t.substring(0, 20) + "+" + t.substring(21)),
        Arguments.of(
            "non-canonical last character",
            (UnaryOperator<String>)
                t -> {
                  int v = URL_ALPHABET.indexOf(t.charAt(t.length() - 1));
                  return t.substring(0, t.length() - 1) + URL_ALPHABET.charAt(v | 1);
                }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformations")
  void malformedTokensAreRejected(String name, UnaryOperator<String> malform) throws IOException {
    ApiKeys keys = open();
    String token = keys.create("alice", null).plaintext();

    assertThat(keys.verify(malform.apply(token))).isEmpty();
    assertThat(ApiKeys.keyIdOf(malform.apply(token))).isEmpty();
  }

  @Test
  void keyIdOfReadsTheIdOfWellFormedTokensOnly() throws IOException {
    ApiKeys.CreatedKey key = open().create("alice", null);

    assertThat(ApiKeys.keyIdOf(key.plaintext())).contains(key.keyId());
    assertThat(ApiKeys.keyIdOf("mdk_nope")).isEmpty();
  }

  @Test
  void revocationByAnotherInstanceTakesEffectAfterReload() throws IOException {
    ApiKeys server = open();
    ApiKeys.CreatedKey key = server.create("alice", null);
    ApiKeys cli = open();

    cli.revoke(key.keyId());
    assertThat(server.verify(key.plaintext())).as("before the reload").contains("alice");
    server.reloadIfChanged();

    assertThat(server.verify(key.plaintext())).isEmpty();
  }

  @Test
  void keyCreatedByAnotherInstanceVerifiesAfterReload() throws IOException {
    ApiKeys server = open();
    ApiKeys.CreatedKey key = open().create("bob", "ci");

    assertThat(server.verify(key.plaintext())).isEmpty();
    server.reloadIfChanged();

    assertThat(server.verify(key.plaintext())).contains("bob");
  }

  @Test
  void writersDoNotLoseEachOthersKeys() throws IOException {
    ApiKeys a = open();
    ApiKeys b = open();

    ApiKeys.CreatedKey fromA = a.create("alice", null);
    ApiKeys.CreatedKey fromB = b.create("bob", null);

    ApiKeys fresh = open();
    assertThat(fresh.verify(fromA.plaintext())).contains("alice");
    assertThat(fresh.verify(fromB.plaintext())).contains("bob");
  }

  @Test
  void lastUseStaysInMemoryUntilFlushed() throws IOException {
    ApiKeys server = open();
    ApiKeys.CreatedKey key = server.create("alice", null);
    clock.advance(Duration.ofMinutes(3));

    server.verify(key.plaintext());

    assertThat(server.list().get(0).lastUsed()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
    assertThat(open().list().get(0).lastUsed()).as("on disk before the flush").isNull();
    server.flushLastUse();
    assertThat(open().list().get(0).lastUsed()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
  }

  @Test
  void flushDoesNotUndoARevocationMadeElsewhere() throws IOException {
    ApiKeys server = open();
    ApiKeys.CreatedKey key = server.create("alice", null);
    server.verify(key.plaintext());
    open().revoke(key.keyId());

    server.flushLastUse();

    ApiKeyInfo onDisk = open().list().get(0);
    assertThat(onDisk.isRevoked()).isTrue();
    assertThat(onDisk.lastUsed()).isEqualTo(T0);
  }

  @Test
  void flushWithNothingToWriteLeavesTheFileAlone() throws IOException {
    ApiKeys keys = open();
    keys.create("alice", null);
    BasicFileAttributes before = Files.readAttributes(file(), BasicFileAttributes.class);

    keys.flushLastUse();

    BasicFileAttributes after = Files.readAttributes(file(), BasicFileAttributes.class);
    assertThat(after.fileKey()).isEqualTo(before.fileKey());
    assertThat(after.lastModifiedTime()).isEqualTo(before.lastModifiedTime());
  }

  @Test
  void corruptFileIsRefusedAtOpenAndAReloadKeepsTheOldKeys() throws IOException {
    ApiKeys server = open();
    ApiKeys.CreatedKey key = server.create("alice", null);

    Files.writeString(file(), "{\"version\": 1, \"keys\": [{\"id\": 7}]}");

    assertThatThrownBy(this::open).isInstanceOf(IOException.class).hasMessageContaining("key #0");
    assertThatThrownBy(server::reloadIfChanged).isInstanceOf(IOException.class);
    assertThat(server.verify(key.plaintext())).contains("alice");
  }

  @Test
  void principalAndLabelAreValidated() throws IOException {
    ApiKeys keys = open();

    assertThatThrownBy(() -> keys.create(" ", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("principal");
    assertThatThrownBy(() -> keys.create("alice", "a\nb"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label");
  }
}

package io.medulla.server;

import com.linecorp.armeria.common.TlsKeyPair;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The key pair and client authorities read from the PEM files at one moment.
 *
 * @param keyPair the server's private key and certificate chain
 * @param clientCas the authorities that sign client certificates; empty without {@code
 *     --tls-client-ca}
 * @param digest SHA-256 over the files' bytes, to notice a change without parsing them
 */
record TlsMaterial(TlsKeyPair keyPair, List<X509Certificate> clientCas, String digest) {
  TlsMaterial {
    clientCas = List.copyOf(clientCas);
  }

  /** Reads and checks the files; fails naming the flag of the first file that cannot serve. */
  static TlsMaterial read(Path certificateChain, Path privateKey, @Nullable Path clientCa) {
    Contents files = Contents.read(certificateChain, privateKey, clientCa);
    return parse(files);
  }

  /** Reads the files of {@code settings}; returns null when their bytes still hash to digest. */
  static @Nullable TlsMaterial readIfChanged(TlsSettings settings, String digest) {
    Contents files =
        Contents.read(settings.certificateChain(), settings.privateKey(), settings.clientCa());
    return files.digest().equals(digest) ? null : parse(files);
  }

  /** Returns the server's own certificate, the first of the chain. */
  X509Certificate certificate() {
    return keyPair.certificateChain().get(0);
  }

  private static TlsMaterial parse(Contents files) {
    List<X509Certificate> chain = PemFiles.certificates(TlsSettings.CERT_FLAG, files.chain());
    PrivateKey key = PemFiles.privateKey(TlsSettings.KEY_FLAG, files.key());
    PemFiles.checkKeyMatches(TlsSettings.KEY_FLAG, key, chain.get(0));
    byte[] clientCa = files.clientCa();
    List<X509Certificate> cas =
        clientCa == null ? List.of() : PemFiles.certificates(TlsSettings.CLIENT_CA_FLAG, clientCa);
    return new TlsMaterial(TlsKeyPair.of(key, chain), cas, files.digest());
  }

  /** The raw bytes of the files, read once so that the digest and the parse agree. */
  private record Contents(byte[] chain, byte[] key, byte @Nullable [] clientCa) {
    static Contents read(Path chain, Path key, @Nullable Path clientCa) {
      return new Contents(
          PemFiles.read(TlsSettings.CERT_FLAG, chain),
          PemFiles.read(TlsSettings.KEY_FLAG, key),
          clientCa == null ? null : PemFiles.read(TlsSettings.CLIENT_CA_FLAG, clientCa));
    }

    String digest() {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (byte[] part : new byte[][] {chain, key, clientCa == null ? new byte[0] : clientCa}) {
          sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(part.length).array());
          sha.update(part);
        }
        return HexFormat.of().formatHex(sha.digest());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JDK lacks SHA-256", e);
      }
    }
  }
}

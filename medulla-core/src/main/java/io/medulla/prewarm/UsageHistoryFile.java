package io.medulla.prewarm;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * The usage history's file format, version 1. A UTF-8 text file of lines; lines starting with
 * {@code #} and blank lines are ignored:
 *
 * <pre>
 * medulla-usage-history 1              the header: the format and its version
 * zone Europe/Berlin                   the zone hours of the week were read in
 * weeks 4                              how many weeks the writer kept
 * model 490000 chest_xray_detector     a model: the first local hour it was seen
 *                                      (week × 168 + hour of week), then its name, URL-encoded
 * 2917 7 12                            its count: week (from Monday 1970-01-05), hour of week, count
 * </pre>
 *
 * <p>Counts belong to the model line above them; only non-zero counts are written. Model names and
 * counts only: never request data.
 */
final class UsageHistoryFile {
  static final String HEADER = "medulla-usage-history";
  static final int VERSION = 1;

  private UsageHistoryFile() {}

  static void write(UsageHistory history, Path file) throws IOException {
    StringBuilder out = new StringBuilder();
    out.append("# Medulla usage history: requests per model by hour of week. Written by Medulla;")
        .append(" model names and counts only.\n");
    out.append(HEADER).append(' ').append(VERSION).append('\n');
    out.append("zone ").append(history.zone().getId()).append('\n');
    out.append("weeks ").append(history.weeks()).append('\n');
    history.forEachModel(
        (model, usage) -> {
          out.append("model ")
              .append(usage.firstHour())
              .append(' ')
              .append(URLEncoder.encode(model, UTF_8))
              .append('\n');
          usage.forEachCount(
              (week, hourOfWeek, count) ->
                  out.append(week)
                      .append(' ')
                      .append(hourOfWeek)
                      .append(' ')
                      .append(count)
                      .append('\n'));
        });
    Path target = file.toAbsolutePath();
    @Nullable Path dir = target.getParent();
    if (dir == null) {
      throw new IOException(file + ": has no parent folder");
    }
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, target.getFileName() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(out.toString().getBytes(UTF_8));
        while (bytes.hasRemaining()) {
          ch.write(bytes);
        }
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    syncFolder(dir);
  }

  /** Makes the rename durable; some platforms cannot open a folder, and then rely on the move. */
  private static void syncFolder(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Best effort: the file's own contents are already on disk.
    }
  }

  static void read(Path file, UsageHistory into) throws IOException {
    BufferedReader in;
    try {
      in = Files.newBufferedReader(file, UTF_8);
    } catch (NoSuchFileException e) {
      return;
    }
    try (in) {
      new Reader(file, into).read(in);
    }
  }

  /** Reads one file, line by line, remembering where it is for errors. */
  private static final class Reader {
    private final Path file;
    private final UsageHistory into;
    private int lineNumber;
    private int stage;
    private @Nullable ModelUsage current;

    Reader(Path file, UsageHistory into) {
      this.file = file;
      this.into = into;
    }

    void read(BufferedReader in) throws IOException {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNumber++;
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        line(trimmed.split(" ", -1));
      }
      if (stage < 3) {
        throw new IOException(
            "usage history "
                + file
                + ": ends after "
                + lineNumber
                + " lines, before its header,"
                + " zone and weeks lines (expected first: '"
                + HEADER
                + " "
                + VERSION
                + "')");
      }
    }

    private void line(String[] f) throws IOException {
      switch (stage) {
        case 0 -> {
          if (f.length != 2 || !f[0].equals(HEADER)) {
            throw error("expected the header '" + HEADER + " " + VERSION + "'");
          }
          if (!f[1].equals(String.valueOf(VERSION))) {
            throw error("version " + f[1] + " is not supported (expected " + VERSION + ")");
          }
        }
        case 1 -> {
          if (f.length != 2 || !f[0].equals("zone")) {
            throw error("expected 'zone <zone id>'");
          }
          if (!f[1].equals(into.zone().getId())) {
            throw error(
                "was written for zone " + f[1] + ", but the history reads " + into.zone().getId());
          }
        }
        case 2 -> {
          if (f.length != 2 || !f[0].equals("weeks")) {
            throw error("expected 'weeks <n>'");
          }
          number(f[1], 1, 52, "weeks");
        }
        default -> entry(f);
      }
      stage = Math.min(stage + 1, 3);
    }

    private void entry(String[] f) throws IOException {
      if (f[0].equals("model")) {
        if (f.length != 3 || f[2].isEmpty()) {
          throw error("expected 'model <first hour> <name>'");
        }
        String name;
        try {
          name = URLDecoder.decode(f[2], UTF_8);
        } catch (IllegalArgumentException e) {
          throw error("model name '" + f[2] + "' is not URL-encoded");
        }
        ModelUsage usage = into.usage(name);
        usage.seen(number(f[1], Long.MIN_VALUE, Long.MAX_VALUE, "first hour"));
        current = usage;
        return;
      }
      if (f.length != 3) {
        throw error("expected 'model <first hour> <name>' or '<week> <hour of week> <count>'");
      }
      ModelUsage usage = current;
      if (usage == null) {
        throw error("a count before any 'model' line");
      }
      int week = (int) number(f[0], Integer.MIN_VALUE, Integer.MAX_VALUE, "week");
      int hourOfWeek = (int) number(f[1], 0, UsageHistory.HOURS_PER_WEEK - 1, "hour of week");
      long count = number(f[2], 0, 0xFFFF_FFFFL, "count");
      usage.add(week, hourOfWeek, count);
    }

    private long number(String text, long min, long max, String what) throws IOException {
      long v;
      try {
        v = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw error(what + " '" + text + "' is not a number");
      }
      if (v < min || v > max) {
        throw error(what + " " + v + " is out of range (expected " + min + "-" + max + ")");
      }
      return v;
    }

    private IOException error(String problem) {
      return new IOException("usage history " + file + ": line " + lineNumber + ": " + problem);
    }
  }
}

package io.medulla.repository;

import java.nio.file.Path;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What a model folder holds on disk: its config text, its numeric version folders, and stamps that
 * change whenever a file in it changes.
 *
 * @param name the folder name, which is the model name
 * @param dir the folder
 * @param configText the contents of {@code config.pbtxt}, or null when there is none
 * @param versionStamps each numeric version folder, by version, with a stamp of its files;
 *     read-only
 * @param stamp a stamp of every file in the model folder, for change detection
 */
record ModelFolder(
    String name,
    Path dir,
    @Nullable String configText,
    SortedMap<Long, String> versionStamps,
    String stamp) {
  ModelFolder {
    versionStamps = Collections.unmodifiableSortedMap(new TreeMap<>(versionStamps));
  }
}
